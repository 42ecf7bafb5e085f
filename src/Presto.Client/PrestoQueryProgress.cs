using System;
using Presto.Protocol;

namespace Presto;

/// <summary>How far a query got, reported after every response (what the coordinator's UI shows).</summary>
public sealed class PrestoQueryProgress
{
    internal PrestoQueryProgress(string? queryId, QueryStatus status)
    {
        QueryId = queryId;
        State = status.State ?? "QUEUED";
        QueuedSplits = status.QueuedSplits;
        RunningSplits = status.RunningSplits;
        CompletedSplits = status.CompletedSplits;
        TotalSplits = status.TotalSplits;
        ProcessedRows = status.ProcessedRows;
        ProcessedBytes = status.ProcessedBytes;
        Elapsed = TimeSpan.FromMilliseconds(status.ElapsedTimeMillis);
        Percentage = status.ProgressPercentage;
    }

    /// <summary>The server's query id.</summary>
    public string? QueryId { get; }

    /// <summary>The query state (<c>QUEUED</c>, <c>PLANNING</c>, <c>RUNNING</c>, <c>FINISHING</c>, <c>FINISHED</c>, <c>FAILED</c>).</summary>
    public string State { get; }

    /// <summary>Splits waiting to run.</summary>
    public int QueuedSplits { get; }

    /// <summary>Splits running.</summary>
    public int RunningSplits { get; }

    /// <summary>Splits done.</summary>
    public int CompletedSplits { get; }

    /// <summary>All splits known so far.</summary>
    public int TotalSplits { get; }

    /// <summary>Rows the query has read from its sources.</summary>
    public long ProcessedRows { get; }

    /// <summary>Bytes the query has read from its sources.</summary>
    public long ProcessedBytes { get; }

    /// <summary>Time since the query was created, as the server counts it.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Completion in percent, when the server estimates it.</summary>
    public double? Percentage { get; }

    /// <inheritdoc />
    public override string ToString() => $"{QueryId} {State}: {CompletedSplits}/{TotalSplits} splits, {ProcessedRows} rows";
}
