using System;

namespace Presto;

/// <summary>One side (primary or shadow) of a mirrored query (see <see cref="PrestoShadowComparison"/>).</summary>
public sealed class PrestoShadowSide
{
    internal PrestoShadowSide(string cluster, string? queryId, bool succeeded, bool isComplete, string? errorName, string? errorMessage, TimeSpan elapsed, long rowCount, ulong checksum)
    {
        Cluster = cluster;
        QueryId = queryId;
        Succeeded = succeeded;
        IsComplete = isComplete;
        ErrorName = errorName;
        ErrorMessage = errorMessage;
        Elapsed = elapsed;
        RowCount = rowCount;
        Checksum = checksum;
    }

    /// <summary>The cluster's name.</summary>
    public string Cluster { get; }

    /// <summary>The server's query id, when the query was submitted.</summary>
    public string? QueryId { get; }

    /// <summary>Whether the query ran to its end without an error.</summary>
    public bool Succeeded { get; }

    /// <summary>Whether every row of the result was seen, so that <see cref="RowCount"/> and <see cref="Checksum"/> cover the whole result.</summary>
    public bool IsComplete { get; }

    /// <summary>
    /// The failure: the server's error name (<c>TABLE_NOT_FOUND</c>…), else the client-side failure (<c>ConnectionFailed</c>,
    /// <c>Timeout</c>, <c>Cancelled</c>…); <see langword="null"/> when it succeeded.
    /// </summary>
    public string? ErrorName { get; }

    /// <summary>The failure's message, or <see langword="null"/>.</summary>
    public string? ErrorMessage { get; }

    /// <summary>
    /// From submission to the last row (the primary's includes the time the caller took to read its rows; the shadow's rows
    /// are read as fast as they come).
    /// </summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Rows seen.</summary>
    public long RowCount { get; }

    /// <summary>
    /// An order-insensitive checksum of the rows seen: the sum of a 64-bit hash of each row's values (their wire text), so
    /// the same rows in any order give the same value.
    /// </summary>
    public ulong Checksum { get; }
}
