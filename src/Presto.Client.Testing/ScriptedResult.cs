using System;
using System.Collections.Generic;
using System.Linq;
using Presto.Testing.Execution;

namespace Presto.Testing;

/// <summary>
/// A result a test registers for SQL that matches a predicate (<see cref="PrestoTestServer.Script(Func{string, bool}, ScriptedResult)"/>):
/// declared Presto columns of any type and rows given as CLR values, as raw wire JSON, or generated lazily.
/// The server encodes values exactly as its dialect does and pages them like a real coordinator.
/// </summary>
public sealed class ScriptedResult
{
    private readonly Func<QueryOutcome> _produce;

    private ScriptedResult(Func<QueryOutcome> produce, IReadOnlyList<string>? warnings = null)
    {
        _produce = produce;
        Warnings = warnings ?? [];
    }

    /// <summary>Warnings reported with the result (each becomes a <c>warnings[]</c> entry).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Rows given as CLR values, one array per row in column order. The sequence is enumerated once per query, lazily.</summary>
    /// <param name="columns">Columns and their Presto types.</param>
    /// <param name="rows">Rows; values are encoded per column type (see the type-mapping table in the docs).</param>
    public static ScriptedResult FromRows(IReadOnlyList<ResultColumn> columns, IEnumerable<object?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var declared = columns.ToArray();
        return new ScriptedResult(() => new QueryOutcome { Columns = declared, Rows = rows });
    }

    /// <summary>Rows given as wire JSON: each string is the JSON array of one row and is written to the response verbatim.</summary>
    public static ScriptedResult FromRawRows(IReadOnlyList<ResultColumn> columns, IEnumerable<string> rowsJson)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rowsJson);
        var declared = columns.ToArray();
        return new ScriptedResult(() => new QueryOutcome { Columns = declared, RawRows = rowsJson });
    }

    /// <summary>
    /// <paramref name="rowCount"/> rows produced on demand by <paramref name="row"/>(index) while the result is paged, so a
    /// result of any size streams without being held in memory.
    /// </summary>
    public static ScriptedResult Generated(IReadOnlyList<ResultColumn> columns, long rowCount, Func<long, object?[]> row)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        var declared = columns.ToArray();
        return new ScriptedResult(() => new QueryOutcome { Columns = declared, Rows = Generate(rowCount, row) });
    }

    /// <summary>A statement without rows: DML reports <paramref name="updateCount"/> as its <c>rows</c> value and <c>updateCount</c>; DDL passes <see langword="null"/>.</summary>
    /// <param name="updateType">Statement kind as the server reports it, e.g. <c>INSERT</c> or <c>CREATE TABLE</c>.</param>
    /// <param name="updateCount">Rows written, for DML.</param>
    public static ScriptedResult Update(string updateType, long? updateCount = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(updateType);
        return new ScriptedResult(() => new QueryOutcome { UpdateType = updateType, UpdateCount = updateCount });
    }

    /// <summary>A query that fails when it is dispatched with the given standard error (the code and type come from the dialect's table).</summary>
    public static ScriptedResult Failure(string errorName, string message, int? lineNumber = null, int? columnNumber = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorName);
        return new ScriptedResult(() => throw new QueryFailureException(errorName, message, lineNumber, columnNumber));
    }

    /// <summary>Returns a copy of this result that also reports the given warnings.</summary>
    public ScriptedResult WithWarnings(params string[] warnings) => new(_produce, warnings);

    internal QueryOutcome Produce() => _produce();

    private static IEnumerable<object?[]> Generate(long count, Func<long, object?[]> row)
    {
        for (long i = 0; i < count; i++)
        {
            yield return row(i);
        }
    }
}
