using System.Collections.Generic;

namespace Presto;

/// <summary>A whole result with what the server said about the query.</summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class PrestoQueryResult<T>
{
    internal PrestoQueryResult(IReadOnlyList<T> rows, string? queryId, IReadOnlyList<PrestoDbColumn> columns, PrestoQueryStats stats, IReadOnlyList<PrestoWarning> warnings, string? updateType, long? updateCount)
    {
        Rows = rows;
        QueryId = queryId;
        Columns = columns;
        Stats = stats;
        Warnings = warnings;
        UpdateType = updateType;
        UpdateCount = updateCount;
    }

    /// <summary>The rows.</summary>
    public IReadOnlyList<T> Rows { get; }

    /// <summary>The server's query id (of the submission that delivered the rows).</summary>
    public string? QueryId { get; }

    /// <summary>The columns: names, Presto types, CLR types.</summary>
    public IReadOnlyList<PrestoDbColumn> Columns { get; }

    /// <summary>The final statistics.</summary>
    public PrestoQueryStats Stats { get; }

    /// <summary>Warnings the server attached.</summary>
    public IReadOnlyList<PrestoWarning> Warnings { get; }

    /// <summary>The statement kind of a statement that is not a query (<c>INSERT</c>, <c>CREATE TABLE</c>…).</summary>
    public string? UpdateType { get; }

    /// <summary>The row count of DML.</summary>
    public long? UpdateCount { get; }
}
