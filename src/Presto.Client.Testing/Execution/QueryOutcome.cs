using System.Collections.Generic;

namespace Presto.Testing.Execution;

/// <summary>
/// What a statement produced, before it is paged onto the wire: output columns and rows (CLR values encoded per type by
/// the server, or rows already in wire JSON), or an update type and count. Rows are enumerated lazily, one page at a time,
/// and the enumerator is disposed when the query ends, so a source can stream without holding its result in memory.
/// </summary>
internal sealed class QueryOutcome
{
    /// <summary>Output columns; <see langword="null"/> for a statement without output (DDL, SET SESSION...).</summary>
    public IReadOnlyList<ResultColumn>? Columns { get; init; }

    /// <summary>Rows as CLR values, one array per row in column order.</summary>
    public IEnumerable<object?[]>? Rows { get; init; }

    /// <summary>Rows already encoded: each element is the JSON array text of one row, written to the wire verbatim.</summary>
    public IEnumerable<string>? RawRows { get; init; }

    /// <summary>Statement kind reported as <c>updateType</c> (e.g. <c>INSERT</c>, <c>CREATE TABLE</c>); <see langword="null"/> for queries.</summary>
    public string? UpdateType { get; init; }

    /// <summary>Row count of a DML statement, reported as the single <c>rows</c> bigint value and as <c>updateCount</c>.</summary>
    public long? UpdateCount { get; init; }
}
