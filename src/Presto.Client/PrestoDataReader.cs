using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Data;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Presto.Protocol;
using Presto.Resilience;
using Presto.Types;

namespace Presto;

/// <summary>
/// Streams the rows of one statement. Rows arrive page by page (about 1 MB each); the reader holds one page
/// at a time, decoded column by column into typed storage, so typed getters and
/// <see cref="GetFieldValue{T}(int)"/> on the column's own type do not box. Disposing the reader before the
/// end cancels the query on the server.
/// </summary>
public sealed partial class PrestoDataReader : DbDataReader, IDbColumnSchemaGenerator
{
    private readonly PrestoCommand _command;
    private readonly PrestoConnection _connection;
    private readonly CommandBehavior _behavior;
    private readonly IReadOnlyList<StatementPlan> _plans;
    private StatementRun _run;
    private int _nextPlan = 1;
    private long? _finishedCount;
    private readonly bool _singleRow;
    private int _row = -1;
    private bool _hadRows;
    private bool _primed;
    private bool _closed;
    private bool _done;
    private Exception? _failure;

    internal PrestoDataReader(PrestoCommand command, PrestoConnection connection, StatementRun run, CommandBehavior behavior, IReadOnlyList<StatementPlan> plans)
    {
        _command = command;
        _connection = connection;
        _run = run;
        _behavior = behavior;
        _plans = plans;
        _done = (behavior & CommandBehavior.SchemaOnly) != 0;
        _singleRow = (behavior & CommandBehavior.SingleRow) != 0;
    }

    /// <summary>The server's query id.</summary>
    public string? QueryId => Execution.QueryId;

    /// <summary>Warnings the server attached to the latest response.</summary>
    public IReadOnlyList<PrestoWarning> Warnings => Execution.Response.Warnings;

    /// <summary>The statement kind for statements that are not queries (<c>INSERT</c>, <c>CREATE TABLE</c>, <c>SET SESSION</c>…), otherwise <see langword="null"/>.</summary>
    public string? UpdateType => Execution.Response.UpdateType;

    /// <summary>The server's statistics of the statement after the latest response (final once the rows are read).</summary>
    public PrestoQueryStats Stats => new(Execution.Response.Status);

    /// <summary>The server's row count for DML, once known.</summary>
    public long? UpdateCount => Execution.Response.UpdateCount;

    /// <inheritdoc />
    public override int Depth => 0;

    /// <inheritdoc />
    public override int FieldCount
    {
        get
        {
            ThrowIfClosed();
            return Columns.Length;
        }
    }

    /// <inheritdoc />
    public override bool HasRows
    {
        get
        {
            ThrowIfClosed();
            return _hadRows || (_primed && _row + 1 < Execution.Response.RowCount) || LoadPageWithRows(async: false, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    /// <inheritdoc />
    public override bool IsClosed => _closed;

    /// <summary>The update count of DML (see <see cref="UpdateCount"/>), or -1.</summary>
    public override int RecordsAffected => TotalUpdateCount is { } count ? (int)Math.Min(int.MaxValue, count) : -1;

    /// <summary>The update counts of the command's statements reached so far, added up; <see langword="null"/> when none reported one.</summary>
    public long? TotalUpdateCount => _finishedCount is { } finished ? finished + (UpdateCount ?? 0) : UpdateCount;

    /// <inheritdoc />
    public override object this[int ordinal] => GetValue(ordinal);

    /// <inheritdoc />
    public override object this[string name] => GetValue(GetOrdinal(name));

    private StatementExecution Execution => _run.Execution;

    private ResultColumn[] Columns => Execution.Response.Columns ?? Array.Empty<ResultColumn>();

    /// <inheritdoc />
    public override bool Read() => TryNextRowInPage() || ReadAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (TryNextRowInPage())
        {
            return s_true;
        }

        var task = ReadAsync(async: true, cancellationToken);
        return task.IsCompletedSuccessfully ? (task.Result ? s_true : s_false) : task.AsTask();
    }

    private static readonly Task<bool> s_true = Task.FromResult(true);
    private static readonly Task<bool> s_false = Task.FromResult(false);

    /// <summary>
    /// Moves to the result of the command's next statement (a command text with several statements separated by
    /// <c>;</c> runs them one after another). The current statement is finished first: unread rows of a query are
    /// cancelled, a statement with an update type is read to its end. <see langword="false"/> when there is no next statement.
    /// </summary>
    public override bool NextResult() => NextResultAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => NextResultAsync(async: true, cancellationToken).AsTask();

    internal ValueTask<bool> NextResultAsync(bool async, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        return (_behavior & CommandBehavior.SingleResult) != 0 ? new(false) : AdvanceAsync(async, cancellationToken);
    }

    private async ValueTask<bool> AdvanceAsync(bool async, CancellationToken cancellationToken)
    {
        if (_nextPlan >= _plans.Count || _failure is not null)
        {
            return false;
        }

        await FinishStatementAsync(async).ConfigureAwait(false);
        var plan = _plans[_nextPlan++];
        try
        {
            _run = await _command.StartStatementAsync(_connection, plan, async, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PrestoException or OperationCanceledException)
        {
            _failure = ex;
            _nextPlan = _plans.Count;
            throw;
        }

        _row = -1;
        _hadRows = false;
        _primed = false;
        _done = false;
        return true;
    }

    /// <summary>Ends the current statement (cancel or drain) and adds its update count to the total.</summary>
    private async ValueTask FinishStatementAsync(bool async)
    {
        var finished = _run;
        try
        {
            await finished.Execution.CloseAsync(async).ConfigureAwait(false);
        }
        finally
        {
            if (finished.Execution.Response.UpdateCount is { } count)
            {
                _finishedCount = (_finishedCount ?? 0) + count;
            }

            finished.Dispose();
            _command.OnReaderClosed(finished);
        }
    }

    /// <inheritdoc />
    public override void Close() => CloseAsync(async: false).GetAwaiter().GetResult();

#if NET5_0_OR_GREATER
    /// <inheritdoc />
    public override Task CloseAsync() => CloseAsync(async: true).AsTask();

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await CloseAsync(async: true).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
#endif

    /// <inheritdoc />
    public override string GetName(int ordinal) => Column(ordinal).Name;

    /// <inheritdoc />
    public override int GetOrdinal(string name)
    {
        ThrowIfClosed();
        var columns = Columns;
        for (var i = 0; i < columns.Length; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < columns.Length; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new IndexOutOfRangeException($"The result has no column named '{name}'.");
    }

    /// <summary>The Presto type as the server displays it (<c>varchar(3)</c>, <c>decimal(10, 6)</c>, <c>array(bigint)</c>).</summary>
    public override string GetDataTypeName(int ordinal) => Column(ordinal).TypeName;

    /// <summary>The natural CLR type of the column (what <see cref="GetValue"/> returns).</summary>
    public override Type GetFieldType(int ordinal) => Column(ordinal).Decoder.FieldType;

    /// <summary>The lossless type of the column (a <c>Presto*</c> value type where the natural type can lose information).</summary>
    public override Type GetProviderSpecificFieldType(int ordinal) => Column(ordinal).Decoder.ExactType;

    /// <summary>
    /// The value as its natural CLR type (see <see cref="GetFieldType"/>), <see cref="DBNull"/> for null. A value the
    /// natural type cannot hold (a decimal beyond 28 digits, a year beyond 9999) comes back as its exact <c>Presto*</c> value.
    /// </summary>
    public override object GetValue(int ordinal) => Cell(ordinal).GetValue(_row);

    /// <summary>The lossless value (see <see cref="GetProviderSpecificFieldType"/>), <see cref="DBNull"/> for null.</summary>
    public override object GetProviderSpecificValue(int ordinal)
    {
        var buffer = Cell(ordinal);
        return buffer.IsNull(_row) ? DBNull.Value : buffer.GetExact(_row);
    }

    /// <inheritdoc />
    public override int GetValues(object[] values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => Cell(ordinal).IsNull(_row);

    /// <summary>
    /// The value as <typeparamref name="T"/>: the column's natural type without boxing, a <c>Presto*</c> exact type,
    /// <see cref="string"/> (the exact wire text of any column), a nullable type (null for SQL NULL), or a checked
    /// numeric or date-time conversion. Anything else throws <see cref="InvalidCastException"/>.
    /// </summary>
    public override T GetFieldValue<T>(int ordinal)
    {
        var buffer = Cell(ordinal);
        return TryGetStored(buffer, out T value) ? value : ValueConverter.Convert<T>(buffer, _row, Columns[ordinal].Name);
    }

    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => TryGetStored(Cell(ordinal), out bool value) ? value : GetFieldValue<bool>(ordinal);

    /// <inheritdoc />
    public override byte GetByte(int ordinal) => GetFieldValue<byte>(ordinal);

    /// <summary>Reads a <c>tinyint</c>.</summary>
    public sbyte GetSByte(int ordinal) => GetFieldValue<sbyte>(ordinal);

    /// <inheritdoc />
    public override short GetInt16(int ordinal)
    {
        var buffer = Cell(ordinal);
        if (TryGetStored(buffer, out short value))
        {
            return value;
        }

        return TryGetStored(buffer, out sbyte b) ? b : GetFieldValue<short>(ordinal);
    }

    /// <inheritdoc />
    public override int GetInt32(int ordinal)
    {
        var buffer = Cell(ordinal);
        if (TryGetStored(buffer, out int value))
        {
            return value;
        }

        return buffer switch
        {
            ColumnBuffer<short> b when b.GetState(_row) == CellState.Value => b.GetTyped(_row),
            ColumnBuffer<sbyte> b when b.GetState(_row) == CellState.Value => b.GetTyped(_row),
            _ => GetFieldValue<int>(ordinal),
        };
    }

    /// <inheritdoc />
    public override long GetInt64(int ordinal)
    {
        var buffer = Cell(ordinal);
        if (TryGetStored(buffer, out long value))
        {
            return value;
        }

        return buffer switch
        {
            ColumnBuffer<int> b when b.GetState(_row) == CellState.Value => b.GetTyped(_row),
            ColumnBuffer<short> b when b.GetState(_row) == CellState.Value => b.GetTyped(_row),
            ColumnBuffer<sbyte> b when b.GetState(_row) == CellState.Value => b.GetTyped(_row),
            _ => GetFieldValue<long>(ordinal),
        };
    }

    /// <inheritdoc />
    public override float GetFloat(int ordinal) => GetFieldValue<float>(ordinal);

    /// <inheritdoc />
    public override double GetDouble(int ordinal)
    {
        var buffer = Cell(ordinal);
        if (TryGetStored(buffer, out double value))
        {
            return value;
        }

        return TryGetStored(buffer, out float f) ? f : GetFieldValue<double>(ordinal);
    }

    /// <summary>Reads a decimal; throws <see cref="OverflowException"/> when the value does not fit <see cref="decimal"/> (read it as <c>PrestoDecimal</c> instead).</summary>
    public override decimal GetDecimal(int ordinal)
    {
        var buffer = Cell(ordinal);
        if (buffer is ColumnBuffer<decimal> typed)
        {
            switch (typed.GetState(_row))
            {
                case CellState.Value:
                    return typed.GetTyped(_row);
                case CellState.Unrepresentable:
                    throw new OverflowException(
                        $"The value of column '{Columns[ordinal].Name}' ({buffer.GetWireText(_row)}) does not fit System.Decimal; read it with GetFieldValue<PrestoDecimal>().");
            }
        }

        return GetFieldValue<decimal>(ordinal);
    }

    /// <inheritdoc />
    public override string GetString(int ordinal) => TryGetStored(Cell(ordinal), out string value) ? value : NotNull(GetFieldValue<string?>(ordinal), ordinal);

    /// <inheritdoc />
    public override char GetChar(int ordinal) => GetFieldValue<char>(ordinal);

    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => GetFieldValue<Guid>(ordinal);

    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => TryGetStored(Cell(ordinal), out DateTime value) ? value : GetFieldValue<DateTime>(ordinal);

    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = NotNull(GetFieldValue<byte[]?>(ordinal), ordinal);
        return CopyOut(bytes, dataOffset, buffer, bufferOffset, length);
    }

    /// <inheritdoc />
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var chars = GetString(ordinal).ToCharArray();
        return CopyOut(chars, dataOffset, buffer, bufferOffset, length);
    }

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <inheritdoc />
    public override DataTable GetSchemaTable() => SchemaTable.Create(GetColumnSchema());

    /// <summary>Describes the result columns.</summary>
    public ReadOnlyCollection<DbColumn> GetColumnSchema()
    {
        ThrowIfClosed();
        var columns = Columns;
        var list = new List<DbColumn>(columns.Length);
        foreach (var column in columns)
        {
            list.Add(new PrestoDbColumn(column));
        }

        return list.AsReadOnly();
    }

    /// <summary>The common case of Read: the next row is in the page already held (no state machine, no await).</summary>
    private bool TryNextRowInPage()
    {
        if (_closed || _failure is not null || _done || !_primed || _row + 1 >= Execution.Response.RowCount || (_hadRows && _singleRow))
        {
            return false;
        }

        _row++;
        _hadRows = true;
        return true;
    }

    internal async ValueTask<bool> ReadAsync(bool async, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        if (_failure is not null)
        {
            throw _failure;
        }

        if (_done)
        {
            return false;
        }

        if (_singleRow && _hadRows)
        {
            _row = Execution.Response.RowCount;
            return false;
        }

        if (_primed && _row + 1 < Execution.Response.RowCount)
        {
            _row++;
            _hadRows = true;
            return true;
        }

        if (await LoadPageWithRows(async, cancellationToken).ConfigureAwait(false))
        {
            _row = 0;
            _hadRows = true;
            return true;
        }

        return false;
    }

    internal async ValueTask CloseAsync(bool async)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            // The statements the reader did not reach still run, as a command's statements all do.
            if ((_behavior & CommandBehavior.SchemaOnly) == 0)
            {
                while (await AdvanceAsync(async, CancellationToken.None).ConfigureAwait(false))
                {
                }
            }
        }
        finally
        {
            _closed = true;
            await CloseCurrentAsync(async).ConfigureAwait(false);
        }
    }

    private async ValueTask CloseCurrentAsync(bool async)
    {
        try
        {
            await Execution.CloseAsync(async).ConfigureAwait(false);
        }
        finally
        {
            _run.Dispose();
            _command.OnReaderClosed(_run);
            if (ReferenceEquals(_connection.ActiveReader, this))
            {
                _connection.ActiveReader = null;
            }

            if ((_behavior & CommandBehavior.CloseConnection) != 0)
            {
                _connection.Close();
            }
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    /// <summary>Fetches responses until one has rows (true) or the query is over (false); throws the query's error at its end.</summary>
    private async ValueTask<bool> LoadPageWithRows(bool async, CancellationToken cancellationToken)
    {
        if (_done)
        {
            return false;
        }

        try
        {
            // Until the first row is handed out a failure can still be resubmitted (StatementRun); the first call primes.
            var rows = _primed
                ? await _run.NextPageAsync(async, cancellationToken).ConfigureAwait(false)
                : await _run.PrimeAsync(async, cancellationToken).ConfigureAwait(false);
            _primed = true;
            if (rows)
            {
                // From here a row can reach the caller (Read, or Read after HasRows): nothing is resubmitted any more.
                _run.Yielded = true;
                _row = -1;
                return true;
            }
        }
        catch (Exception ex) when (ex is PrestoException or OperationCanceledException)
        {
            _failure = ex;
            _row = -1;
            throw;
        }

        _row = Execution.Response.RowCount;
        _done = true;
        return false;
    }

    private ResultColumn Column(int ordinal)
    {
        ThrowIfClosed();
        var columns = Columns;
        if ((uint)ordinal >= (uint)columns.Length)
        {
            throw new IndexOutOfRangeException($"Column ordinal {ordinal} is out of range; the result has {columns.Length} columns.");
        }

        return columns[ordinal];
    }

    /// <summary>The stored value when the column's natural type is <typeparamref name="T"/> and the cell holds one (not null, not unrepresentable).</summary>
    private bool TryGetStored<T>(ColumnBuffer buffer, out T value)
    {
        if (buffer is ColumnBuffer<T> typed && typed.GetState(_row) == CellState.Value)
        {
            value = typed.GetTyped(_row);
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>The column's buffer, the reader being open and on a row; the checks are one comparison each on the hot path.</summary>
    private ColumnBuffer Cell(int ordinal)
    {
        var response = Execution.Response;
        var buffers = response.Buffers;
        if (_closed || (uint)ordinal >= (uint)buffers.Length || (uint)_row >= (uint)response.RowCount)
        {
            return CheckedCell(ordinal);
        }

        return buffers[ordinal];
    }

    private ColumnBuffer CheckedCell(int ordinal)
    {
        Column(ordinal);
        if (_row < 0 || _row >= Execution.Response.RowCount)
        {
            throw new InvalidOperationException("The reader is not positioned on a row; call Read() first and check its result.");
        }

        return Execution.Response.Buffers[ordinal];
    }

    /// <summary>Typed getters of reference types refuse SQL NULL like those of value types (<see cref="GetFieldValue{T}"/> returns null).</summary>
    private T NotNull<T>(T? value, int ordinal)
        where T : class =>
        value ?? throw new InvalidCastException($"Column '{Columns[ordinal].Name}' is null in this row; check IsDBNull first.");

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new InvalidOperationException("The data reader is closed.");
        }
    }

    private static long CopyOut<TItem>(TItem[] source, long dataOffset, TItem[]? buffer, int bufferOffset, int length)
    {
        if (buffer is null)
        {
            return source.Length;
        }

        if (dataOffset < 0 || dataOffset > source.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(dataOffset));
        }

        var count = (int)Math.Min(length, source.Length - dataOffset);
        Array.Copy(source, dataOffset, buffer, bufferOffset, count);
        return count;
    }
}
