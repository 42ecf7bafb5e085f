#if NET6_0_OR_GREATER
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Data;
using System.Data.Common;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Presto;

/// <summary>
/// The results of a <see cref="PrestoBatch"/>, one per statement. Each statement runs when the reader reaches it:
/// <see cref="NextResult"/> finishes the current statement (reading a statement without rows to its end, so its errors
/// surface; cancelling the rest of an unread query) and runs the next one. Values are read from the current
/// statement's <see cref="PrestoDataReader"/>.
/// </summary>
public sealed class PrestoBatchDataReader : DbDataReader, IDbColumnSchemaGenerator
{
    private readonly PrestoBatch _batch;
    private readonly PrestoConnection _connection;
    private readonly PrestoBatchCommand[] _commands;
    private readonly CommandBehavior _behavior;
    private PrestoDataReader _current = null!;
    private PrestoCommand? _currentCommand;
    private int _index = -1;
    private bool _currentFinished;
    private bool _stopped;
    private bool _closed;

    private PrestoBatchDataReader(PrestoBatch batch, PrestoConnection connection, PrestoBatchCommand[] commands, CommandBehavior behavior)
    {
        _batch = batch;
        _connection = connection;
        _commands = commands;
        _behavior = behavior;
    }

    /// <summary>The current statement's reader.</summary>
    public PrestoDataReader CurrentReader => _current;

    /// <summary>The position of the current statement in the batch.</summary>
    public int CurrentIndex => _index;

    /// <summary>The server's query id of the current statement.</summary>
    public string? QueryId => _current.QueryId;

    /// <summary>The current statement's kind when it is not a query (<c>INSERT</c>, <c>CREATE TABLE</c>…).</summary>
    public string? UpdateType => _current.UpdateType;

    /// <summary>The current statement's update count, once known.</summary>
    public long? UpdateCount => _current.UpdateCount;

    /// <summary>Warnings of the current statement.</summary>
    public IReadOnlyList<PrestoWarning> Warnings => _current.Warnings;

    /// <inheritdoc />
    public override int Depth => 0;

    /// <inheritdoc />
    public override int FieldCount => _current.FieldCount;

    /// <inheritdoc />
    public override bool HasRows => _current.HasRows;

    /// <inheritdoc />
    public override bool IsClosed => _closed;

    /// <summary>The sum of the update counts of the statements run so far, or -1 when none reported one.</summary>
    public override int RecordsAffected
    {
        get
        {
            long? total = null;
            for (int i = 0; i <= _index && i < _commands.Length; i++)
            {
                var count = i == _index && !_currentFinished ? _current.UpdateCount : _commands[i].UpdateCount;
                if (count is { } c)
                {
                    total = (total ?? 0) + c;
                }
            }

            return total is { } t ? (int)Math.Min(int.MaxValue, t) : -1;
        }
    }

    /// <inheritdoc />
    public override object this[int ordinal] => _current.GetValue(ordinal);

    /// <inheritdoc />
    public override object this[string name] => _current.GetValue(_current.GetOrdinal(name));

    /// <inheritdoc />
    public override bool Read()
    {
        ThrowIfClosed();
        return _current.Read();
    }

    /// <inheritdoc />
    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        return _current.ReadAsync(cancellationToken);
    }

    /// <summary>Finishes the current statement and runs the next one; <see langword="false"/> when there is none.</summary>
    public override bool NextResult() => NextResultAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="NextResult" />
    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => NextResultAsync(async: true, cancellationToken).AsTask();

    /// <summary>Closes the reader, running the statements not reached yet unless one failed.</summary>
    public override void Close() => CloseAsync(async: false).GetAwaiter().GetResult();

    /// <inheritdoc cref="Close" />
    public override Task CloseAsync() => CloseAsync(async: true).AsTask();

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await CloseAsync(async: true).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => _current.GetBoolean(ordinal);

    /// <inheritdoc />
    public override byte GetByte(int ordinal) => _current.GetByte(ordinal);

    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => _current.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    /// <inheritdoc />
    public override char GetChar(int ordinal) => _current.GetChar(ordinal);

    /// <inheritdoc />
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => _current.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    /// <inheritdoc />
    public override string GetDataTypeName(int ordinal) => _current.GetDataTypeName(ordinal);

    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => _current.GetDateTime(ordinal);

    /// <inheritdoc />
    public override decimal GetDecimal(int ordinal) => _current.GetDecimal(ordinal);

    /// <inheritdoc />
    public override double GetDouble(int ordinal) => _current.GetDouble(ordinal);

    /// <inheritdoc />
    public override Type GetFieldType(int ordinal) => _current.GetFieldType(ordinal);

    /// <inheritdoc />
    public override T GetFieldValue<T>(int ordinal) => _current.GetFieldValue<T>(ordinal);

    /// <inheritdoc />
    public override Task<T> GetFieldValueAsync<T>(int ordinal, CancellationToken cancellationToken) => _current.GetFieldValueAsync<T>(ordinal, cancellationToken);

    /// <inheritdoc />
    public override float GetFloat(int ordinal) => _current.GetFloat(ordinal);

    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => _current.GetGuid(ordinal);

    /// <inheritdoc />
    public override short GetInt16(int ordinal) => _current.GetInt16(ordinal);

    /// <inheritdoc />
    public override int GetInt32(int ordinal) => _current.GetInt32(ordinal);

    /// <inheritdoc />
    public override long GetInt64(int ordinal) => _current.GetInt64(ordinal);

    /// <inheritdoc />
    public override string GetName(int ordinal) => _current.GetName(ordinal);

    /// <inheritdoc />
    public override int GetOrdinal(string name) => _current.GetOrdinal(name);

    /// <inheritdoc />
    public override Type GetProviderSpecificFieldType(int ordinal) => _current.GetProviderSpecificFieldType(ordinal);

    /// <inheritdoc />
    public override object GetProviderSpecificValue(int ordinal) => _current.GetProviderSpecificValue(ordinal);

    /// <inheritdoc />
    public override int GetProviderSpecificValues(object[] values) => _current.GetProviderSpecificValues(values);

    /// <inheritdoc />
    public override string GetString(int ordinal) => _current.GetString(ordinal);

    /// <inheritdoc />
    public override Stream GetStream(int ordinal) => _current.GetStream(ordinal);

    /// <inheritdoc />
    public override TextReader GetTextReader(int ordinal) => _current.GetTextReader(ordinal);

    /// <inheritdoc />
    public override object GetValue(int ordinal) => _current.GetValue(ordinal);

    /// <inheritdoc />
    public override int GetValues(object[] values) => _current.GetValues(values);

    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => _current.IsDBNull(ordinal);

    /// <inheritdoc />
    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) => _current.IsDBNullAsync(ordinal, cancellationToken);

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <inheritdoc />
    public override DataTable GetSchemaTable() => _current.GetSchemaTable();

    /// <inheritdoc />
    public ReadOnlyCollection<DbColumn> GetColumnSchema() => _current.GetColumnSchema();

    internal static async ValueTask<PrestoBatchDataReader> StartAsync(PrestoBatch batch, CommandBehavior behavior, bool async, CancellationToken cancellationToken)
    {
        var commands = batch.Snapshot(out var connection);
        var reader = new PrestoBatchDataReader(batch, connection, commands, behavior);
        await reader.RunNextAsync(async, cancellationToken).ConfigureAwait(false);
        return reader;
    }

    internal ValueTask<bool> ReadAsync(bool async, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        return _current.ReadAsync(async, cancellationToken);
    }

    /// <summary>Stops the batch: closing the reader then runs no further statement.</summary>
    internal void Abandon() => _stopped = true;

    internal async ValueTask CloseAsync(bool async)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            if (!_stopped)
            {
                await FinishCurrentAsync(async, CancellationToken.None).ConfigureAwait(false);
                while (_index + 1 < _commands.Length)
                {
                    await RunNextAsync(async, CancellationToken.None).ConfigureAwait(false);
                    await FinishCurrentAsync(async, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _closed = true;
            await _current.CloseAsync(async).ConfigureAwait(false);
            _currentCommand?.Dispose();
            _batch.OnFinished(_currentCommand);
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

    internal async ValueTask<bool> NextResultAsync(bool async, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        if (_stopped)
        {
            return false;
        }

        await FinishCurrentAsync(async, cancellationToken).ConfigureAwait(false);
        if (_index + 1 >= _commands.Length)
        {
            return false;
        }

        await RunNextAsync(async, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Runs the next statement until its columns are known (as <see cref="PrestoCommand.ExecuteReader()"/>).</summary>
    private async ValueTask RunNextAsync(bool async, CancellationToken cancellationToken)
    {
        int index = _index + 1;
        var command = _batch.CreateCommand(_connection, _commands[index]);
        PrestoDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(_behavior & ~CommandBehavior.CloseConnection, async, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _stopped = true;
            command.Dispose();
            throw;
        }

        _currentCommand?.Dispose();
        _currentCommand = command;
        _current = reader;
        _index = index;
        _currentFinished = false;
    }

    /// <summary>
    /// Ends the current statement: one without rows (DML, DDL, session statements) is read to its end so that its update
    /// count is known and its failure raised; a query's unread rows are cancelled.
    /// </summary>
    private async ValueTask FinishCurrentAsync(bool async, CancellationToken cancellationToken)
    {
        if (_currentFinished)
        {
            return;
        }

        try
        {
            if (_current.UpdateType is not null)
            {
                while (await _current.ReadAsync(async, cancellationToken).ConfigureAwait(false))
                {
                }
            }
        }
        catch
        {
            _stopped = true;
            throw;
        }
        finally
        {
            await _current.CloseAsync(async).ConfigureAwait(false);
        }

        _commands[_index].UpdateCount = _current.UpdateCount;
        _currentFinished = true;
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new InvalidOperationException("The data reader is closed.");
        }
    }
}
#endif
