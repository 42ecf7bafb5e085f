using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
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

    /// <summary>
    /// The current page's column buffers and row count, taken when a page with rows becomes current and dropped when the
    /// reader leaves it (end, failure, next result, close): a getter's checks are two comparisons against these.
    /// </summary>
    private ColumnBuffer[] _buffers = Array.Empty<ColumnBuffer>();
    private int _rowCount;

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

        // The finished statement's page goes back to the pool: no getter may read it any more, even when the next one fails to start.
        _row = -1;
        LeavePage();
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
    public override T GetFieldValue<T>(int ordinal) => TryGetFast(ordinal, out T value) ? value : GetFieldValueSlowly<T>(ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private T GetFieldValueSlowly<T>(int ordinal)
    {
        var buffer = Cell(ordinal);
        return TryGetStored(buffer, out T value) ? value : Convert<T>(buffer, ordinal);
    }

    /// <summary>
    /// The stored value when the reader is on a row, the column's natural type is <typeparamref name="T"/> and the cell holds one;
    /// no conversion, no exception (the caller's own fallback reports a bad ordinal or position).
    /// </summary>
    internal bool TryGetStoredValue<T>(int ordinal, out T value) => TryGetFast(ordinal, out value);

    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => TryGetFast(ordinal, out bool value) ? value : GetBooleanSlowly(ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool GetBooleanSlowly(int ordinal)
    {
        var buffer = Cell(ordinal);
        return TryGetStored(buffer, out bool value) ? value : Convert<bool>(buffer, ordinal);
    }

    /// <inheritdoc />
    public override byte GetByte(int ordinal) => GetFieldValue<byte>(ordinal);

    /// <summary>Reads a <c>tinyint</c>.</summary>
    public sbyte GetSByte(int ordinal) => GetFieldValue<sbyte>(ordinal);

    /// <inheritdoc />
    public override short GetInt16(int ordinal) => TryGetFast(ordinal, out short value) ? value : GetInt16Slowly(ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private short GetInt16Slowly(int ordinal)
    {
        var buffer = Cell(ordinal);
        return TryGetStored(buffer, out short value) ? value : GetInt16Widened(buffer, ordinal);
    }

    /// <inheritdoc />
    public override int GetInt32(int ordinal) => TryGetFast(ordinal, out int value) ? value : GetInt32Slowly(ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int GetInt32Slowly(int ordinal)
    {
        var buffer = Cell(ordinal);
        return TryGetStored(buffer, out int value) ? value : GetInt32Widened(buffer, ordinal);
    }

    /// <inheritdoc />
    public override long GetInt64(int ordinal) => TryGetFast(ordinal, out long value) ? value : GetInt64Slowly(ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long GetInt64Slowly(int ordinal)
    {
        var buffer = Cell(ordinal);
        return TryGetStored(buffer, out long value) ? value : GetInt64Widened(buffer, ordinal);
    }

    /// <inheritdoc />
    public override float GetFloat(int ordinal) => GetFieldValue<float>(ordinal);

    /// <inheritdoc />
    public override double GetDouble(int ordinal) => TryGetFast(ordinal, out double value) ? value : GetDoubleSlowly(ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private double GetDoubleSlowly(int ordinal)
    {
        var buffer = Cell(ordinal);
        return TryGetStored(buffer, out double value) ? value : GetDoubleWidened(buffer, ordinal);
    }

    /// <summary>Reads a decimal; throws <see cref="OverflowException"/> when the value does not fit <see cref="decimal"/> (read it as <c>PrestoDecimal</c> instead).</summary>
    public override decimal GetDecimal(int ordinal) => TryGetFast(ordinal, out decimal value) ? value : GetDecimalSlowly(ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private decimal GetDecimalSlowly(int ordinal)
    {
        var buffer = Cell(ordinal);
        return TryGetStored(buffer, out decimal value) ? value : GetDecimalConverted(buffer, ordinal);
    }

    /// <inheritdoc />
    public override string GetString(int ordinal) => TryGetFast(ordinal, out string value) ? value : GetStringSlowly(ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private string GetStringSlowly(int ordinal)
    {
        var buffer = Cell(ordinal);
        return TryGetStored(buffer, out string value) ? value : NotNull(Convert<string?>(buffer, ordinal), ordinal);
    }

    /// <inheritdoc />
    public override char GetChar(int ordinal) => GetFieldValue<char>(ordinal);

    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => GetFieldValue<Guid>(ordinal);

    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => TryGetFast(ordinal, out DateTime value) ? value : GetDateTimeSlowly(ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private DateTime GetDateTimeSlowly(int ordinal)
    {
        var buffer = Cell(ordinal);
        return TryGetStored(buffer, out DateTime value) ? value : Convert<DateTime>(buffer, ordinal);
    }

    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = NotNull(GetFieldValue<byte[]?>(ordinal), ordinal);
        return CopyOut(bytes, dataOffset, buffer, bufferOffset, length);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reading one cell in chunks makes its string once (the column keeps the last string it made), and the chunks are copied
    /// from it: no character array per call.
    /// </remarks>
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        if (dataOffset < 0 || dataOffset > text.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(dataOffset));
        }

        var count = (int)Math.Min(length, text.Length - dataOffset);
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
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
        if (_row + 1 >= _rowCount || _closed || _failure is not null || _done || !_primed || (_hadRows && _singleRow))
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

        if (_primed && _row + 1 < _rowCount)
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
            LeavePage();
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
                var response = Execution.Response;
                _buffers = response.Buffers;
                _rowCount = response.RowCount;
                return true;
            }
        }
        catch (Exception ex) when (ex is PrestoException or OperationCanceledException)
        {
            _failure = ex;
            _row = -1;
            LeavePage();
            throw;
        }

        _row = Execution.Response.RowCount;
        LeavePage();
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

    // The getters' cold paths, kept out of line so that the hot path (one type test, one state check) inlines into the caller.

    /// <summary>Everything but the column's own stored value: nulls, exact values, conversions (see <see cref="ValueConverter"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private T Convert<T>(ColumnBuffer buffer, int ordinal) => ValueConverter.Convert<T>(buffer, _row, Columns[ordinal].Name);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private short GetInt16Widened(ColumnBuffer buffer, int ordinal) =>
        TryGetStored(buffer, out sbyte b) ? b : Convert<short>(buffer, ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int GetInt32Widened(ColumnBuffer buffer, int ordinal)
    {
        if (TryGetStored(buffer, out short s))
        {
            return s;
        }

        return TryGetStored(buffer, out sbyte b) ? b : Convert<int>(buffer, ordinal);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long GetInt64Widened(ColumnBuffer buffer, int ordinal)
    {
        if (TryGetStored(buffer, out int i))
        {
            return i;
        }

        if (TryGetStored(buffer, out short s))
        {
            return s;
        }

        return TryGetStored(buffer, out sbyte b) ? b : Convert<long>(buffer, ordinal);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private double GetDoubleWidened(ColumnBuffer buffer, int ordinal) =>
        TryGetStored(buffer, out float f) ? f : Convert<double>(buffer, ordinal);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private decimal GetDecimalConverted(ColumnBuffer buffer, int ordinal)
    {
        if (buffer is ColumnBuffer<decimal> && buffer.GetState(_row) == CellState.Unrepresentable)
        {
            throw new OverflowException(
                $"The value of column '{Columns[ordinal].Name}' ({buffer.GetWireText(_row)}) does not fit System.Decimal; read it with GetFieldValue<PrestoDecimal>().");
        }

        return Convert<decimal>(buffer, ordinal);
    }

    /// <summary>
    /// The typed getters' hot path: the stored value when the reader is on a row of the current page, the column's natural type
    /// is <typeparamref name="T"/> and the cell holds one. Every check is one condition with one exit, so that the JIT keeps the
    /// reader's fields in registers across it; anything else (no row, a bad ordinal, null, a conversion) goes out of line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryGetFast<T>(int ordinal, out T value)
    {
        var buffers = _buffers;
        var row = _row;
        if ((uint)ordinal < (uint)buffers.Length && (uint)row < (uint)_rowCount && buffers[ordinal] is ColumnBuffer<T> typed)
        {
            return typed.TryGetValue(row, out value);
        }

        value = default!;
        return false;
    }

    /// <summary>The stored value when the column's natural type is <typeparamref name="T"/> and the cell holds one (not null, not unrepresentable).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryGetStored<T>(ColumnBuffer buffer, out T value)
    {
        if (buffer is ColumnBuffer<T> typed)
        {
            return typed.TryGetValue(_row, out value);
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// The column's buffer, the reader being open and on a row of the current page: on the hot path two comparisons against
    /// the page taken when it became current (a closed reader, or one past its rows, has none and takes the checked path).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ColumnBuffer Cell(int ordinal)
    {
        var buffers = _buffers;
        if ((uint)ordinal < (uint)buffers.Length && (uint)_row < (uint)_rowCount)
        {
            return buffers[ordinal];
        }

        return CheckedCell(ordinal);
    }

    /// <summary>Forgets the current page (the getters then take the checked path).</summary>
    private void LeavePage()
    {
        _buffers = Array.Empty<ColumnBuffer>();
        _rowCount = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
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
