#if NET6_0_OR_GREATER
using System;
using System.Data;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace Presto;

/// <summary>
/// Several statements run one after another on one connection (the protocol runs one statement per request, so a batch
/// is a client-side sequence, not one round trip). Statements share the connection's session: a <c>USE</c> or
/// <c>SET SESSION</c> in the batch applies to the statements after it, and all run inside the connection's transaction
/// when one is active. The batch stops at the first failing statement.
/// </summary>
public sealed class PrestoBatch : DbBatch
{
    private int? _timeout;
    private PrestoCommand? _current;

    /// <summary>Creates a batch without a connection.</summary>
    public PrestoBatch()
    {
    }

    /// <summary>Creates a batch on <paramref name="connection"/>.</summary>
    public PrestoBatch(PrestoConnection? connection) => Connection = connection;

    /// <summary>The statements, run in order.</summary>
    public new PrestoBatchCommandCollection BatchCommands { get; } = new();

    /// <summary>
    /// Timeout in seconds of each statement (as <see cref="PrestoCommand.CommandTimeout"/>); 0 means none.
    /// </summary>
    /// <value>Default: the connection string's <c>CommandTimeout</c>.</value>
    public override int Timeout
    {
        get => _timeout ?? (int)(Connection?.State == ConnectionState.Open ? Connection.Settings.CommandTimeout.TotalSeconds : 0);
        set => _timeout = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The timeout must be 0 or more seconds.");
    }

    /// <summary>The connection the batch runs on.</summary>
    public new PrestoConnection? Connection { get; set; }

    /// <summary>The connection's transaction or <see langword="null"/>; the same rule as <see cref="PrestoCommand.Transaction"/>.</summary>
    public new PrestoTransaction? Transaction { get; set; }

    /// <inheritdoc />
    protected override DbBatchCommandCollection DbBatchCommands => BatchCommands;

    /// <inheritdoc />
    protected override DbConnection? DbConnection
    {
        get => Connection;
        set => Connection = value switch
        {
            null => null,
            PrestoConnection p => p,
            _ => throw new InvalidCastException($"A {nameof(PrestoBatch)} needs a {nameof(PrestoConnection)}, not {value.GetType().Name}."),
        };
    }

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = value switch
        {
            null => null,
            PrestoTransaction p => p,
            _ => throw new InvalidCastException($"A {nameof(PrestoBatch)} needs a {nameof(PrestoTransaction)}, not {value.GetType().Name}."),
        };
    }

    /// <summary>Creates a batch command (not yet added to <see cref="BatchCommands"/>).</summary>
    public new PrestoBatchCommand CreateBatchCommand() => new();

    /// <summary>
    /// Runs the first statement and returns a reader over its result; <see cref="DbDataReader.NextResult()"/> runs the next
    /// statement. Closing the reader runs the statements not reached yet (unless one failed).
    /// </summary>
    public new PrestoBatchDataReader ExecuteReader(CommandBehavior behavior = CommandBehavior.Default) =>
        PrestoBatchDataReader.StartAsync(this, behavior, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="ExecuteReader(CommandBehavior)" />
    public new Task<PrestoBatchDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) =>
        PrestoBatchDataReader.StartAsync(this, CommandBehavior.Default, async: true, cancellationToken).AsTask();

    /// <inheritdoc cref="ExecuteReader(CommandBehavior)" />
    public new Task<PrestoBatchDataReader> ExecuteReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken = default) =>
        PrestoBatchDataReader.StartAsync(this, behavior, async: true, cancellationToken).AsTask();

    /// <summary>Runs every statement to its end and returns the sum of their update counts, or -1 when none reported one.</summary>
    public override int ExecuteNonQuery() => (int)Math.Min(int.MaxValue, ExecuteNonQueryAsync(async: false, CancellationToken.None).GetAwaiter().GetResult());

    /// <inheritdoc cref="ExecuteNonQuery" />
    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default) =>
        (int)Math.Min(int.MaxValue, await ExecuteNonQueryAsync(async: true, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Runs every statement and returns the first column of the first row of the first query's result (statements with an
    /// update type — DML, DDL, <c>USE</c> — are not queries), or <see langword="null"/> when there is none.
    /// </summary>
    public override object? ExecuteScalar() => ExecuteScalarAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="ExecuteScalar" />
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default) => ExecuteScalarAsync(async: true, cancellationToken).AsTask();

    /// <summary>No-op: statements are sent as text.</summary>
    public override void Prepare()
    {
    }

    /// <summary>No-op: statements are sent as text.</summary>
    public override Task PrepareAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Cancels the running statement (see <see cref="PrestoCommand.Cancel"/>); the batch then stops.</summary>
    public override void Cancel() => Volatile.Read(ref _current)?.Cancel();

    /// <inheritdoc />
    protected override DbBatchCommand CreateDbBatchCommand() => CreateBatchCommand();

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => ExecuteReader(behavior);

    /// <inheritdoc />
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await PrestoBatchDataReader.StartAsync(this, behavior, async: true, cancellationToken).ConfigureAwait(false);

    /// <summary>Checks the batch before its first statement runs and returns a snapshot of its commands.</summary>
    internal PrestoBatchCommand[] Snapshot(out PrestoConnection connection)
    {
        connection = Connection ?? throw new InvalidOperationException("The batch has no connection.");
        connection.ThrowIfNotOpen();
        var commands = BatchCommands.ToArray();
        if (commands.Length == 0)
        {
            throw new InvalidOperationException("The batch has no commands.");
        }

        for (int i = 0; i < commands.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(commands[i].CommandText))
            {
                throw new InvalidOperationException($"Batch command {i} has no CommandText.");
            }

            commands[i].UpdateCount = null;
        }

        return commands;
    }

    /// <summary>The <see cref="PrestoCommand"/> that runs <paramref name="batchCommand"/>; it becomes the one <see cref="Cancel"/> reaches.</summary>
    internal PrestoCommand CreateCommand(PrestoConnection connection, PrestoBatchCommand batchCommand)
    {
        var command = new PrestoCommand(batchCommand.CommandText, connection) { Transaction = Transaction };
        if (_timeout is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        foreach (var parameter in batchCommand.Parameters.Items)
        {
            command.Parameters.Add(parameter);
        }

        Volatile.Write(ref _current, command);
        return command;
    }

    /// <summary>The batch's reader is done: <see cref="Cancel"/> has nothing left to reach.</summary>
    internal void OnFinished(PrestoCommand? command)
    {
        if (command is not null)
        {
            Interlocked.CompareExchange(ref _current, null, command);
        }
    }

    private async ValueTask<long> ExecuteNonQueryAsync(bool async, CancellationToken cancellationToken)
    {
        var commands = Snapshot(out var connection);
        long? total = null;
        try
        {
            foreach (var batchCommand in commands)
            {
                using var command = CreateCommand(connection, batchCommand);
                long count = await command.ExecuteNonQueryAsync(async, cancellationToken).ConfigureAwait(false);
                if (count >= 0)
                {
                    batchCommand.UpdateCount = count;
                    total = (total ?? 0) + count;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _current, null);
        }

        return total ?? -1;
    }

    private async ValueTask<object?> ExecuteScalarAsync(bool async, CancellationToken cancellationToken)
    {
        var reader = await PrestoBatchDataReader.StartAsync(this, CommandBehavior.Default, async, cancellationToken).ConfigureAwait(false);
        object? value = null;
        try
        {
            do
            {
                if (reader.UpdateType is null)
                {
                    if (await reader.ReadAsync(async, cancellationToken).ConfigureAwait(false) && reader.FieldCount > 0)
                    {
                        value = reader.GetValue(0);
                    }

                    break;
                }
            }
            while (await reader.NextResultAsync(async, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            reader.Abandon();
            throw;
        }
        finally
        {
            await reader.CloseAsync(async).ConfigureAwait(false);
        }

        return value;
    }
}
#endif
