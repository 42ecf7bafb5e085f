using System;
using System.Data;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Presto;

/// <summary>
/// An explicit Presto/Trino transaction, started with <see cref="PrestoConnection.BeginTransaction(IsolationLevel)"/>
/// (<c>START TRANSACTION</c>) and ended with <see cref="Commit"/> (<c>COMMIT</c>) or <see cref="Rollback"/> (<c>ROLLBACK</c>).
/// The connection sends the transaction id with every statement while the transaction is active, so every command on
/// the connection runs inside it. Disposing it without committing rolls it back. Whether a catalog supports
/// transactions at all depends on its connector (see docs/ado-net.md, "Transactions").
/// </summary>
public sealed class PrestoTransaction : DbTransaction
{
    /// <summary>Bounds a best-effort <c>ROLLBACK</c> (dispose, close, after a failed commit), in seconds.</summary>
    private const int BestEffortTimeoutSeconds = 10;

    private readonly PrestoConnection _connection;
    private readonly IsolationLevel _isolationLevel;
    private bool _completed;

    private PrestoTransaction(PrestoConnection connection, IsolationLevel isolationLevel, string transactionId)
    {
        _connection = connection;
        _isolationLevel = isolationLevel;
        TransactionId = transactionId;
    }

    /// <summary>The connection, or <see langword="null"/> once the transaction was committed or rolled back.</summary>
    public new PrestoConnection? Connection => _completed ? null : _connection;

    /// <summary>
    /// The isolation level requested; <see cref="IsolationLevel.Unspecified"/> means the server's default
    /// (a plain <c>START TRANSACTION</c>).
    /// </summary>
    public override IsolationLevel IsolationLevel => _isolationLevel;

    /// <summary>The server's transaction id (from <c>Started-Transaction-Id</c>), sent as <c>Transaction-Id</c> while active.</summary>
    public string TransactionId { get; }

    /// <summary><see langword="true"/> once the transaction was committed, rolled back or ended with its connection.</summary>
    public bool IsCompleted => _completed;

    /// <inheritdoc />
    protected override DbConnection? DbConnection => Connection;

    /// <summary>
    /// Commits the transaction (<c>COMMIT</c>). If the server reports a failure, the transaction is over all the same
    /// (the server clears it, §4.3 of the protocol notes): the error is raised as a <see cref="PrestoQueryException"/>
    /// and the transaction is completed.
    /// </summary>
    public override void Commit() => EndAsync(commit: true, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Rolls the transaction back (<c>ROLLBACK</c>); the transaction is completed even when that fails.</summary>
    public override void Rollback() => EndAsync(commit: false, async: false, CancellationToken.None).GetAwaiter().GetResult();

#if NET5_0_OR_GREATER
    /// <inheritdoc cref="Commit" />
    public override Task CommitAsync(CancellationToken cancellationToken = default) => EndAsync(commit: true, async: true, cancellationToken).AsTask();

    /// <inheritdoc cref="Rollback" />
    public override Task RollbackAsync(CancellationToken cancellationToken = default) => EndAsync(commit: false, async: true, cancellationToken).AsTask();

    /// <summary>Rolls the transaction back (best effort, errors are not raised) unless it was committed or rolled back.</summary>
    public override async ValueTask DisposeAsync()
    {
        await RollbackQuietlyAsync(async: true).ConfigureAwait(false);
        Dispose(disposing: false);
        GC.SuppressFinalize(this);
    }
#else
    /// <inheritdoc cref="Commit" />
    public Task CommitAsync(CancellationToken cancellationToken = default) => EndAsync(commit: true, async: true, cancellationToken).AsTask();

    /// <inheritdoc cref="Rollback" />
    public Task RollbackAsync(CancellationToken cancellationToken = default) => EndAsync(commit: false, async: true, cancellationToken).AsTask();
#endif

    /// <summary>
    /// Starts a transaction on <paramref name="connection"/>: <c>START TRANSACTION [ISOLATION LEVEL …]</c>, then checks
    /// that the server answered with a transaction id.
    /// </summary>
    internal static async ValueTask<PrestoTransaction> BeginAsync(PrestoConnection connection, IsolationLevel isolationLevel, bool async, CancellationToken cancellationToken)
    {
        string sql = StartStatement(isolationLevel);
        connection.ThrowIfNotOpen();
        if (connection.Transaction is not null || connection.Session.TransactionId is not null)
        {
            throw new InvalidOperationException(
                "The connection already has an active transaction; nested transactions are not supported. Commit or roll it back first.");
        }

        try
        {
            using var command = new PrestoCommand(sql, connection);
            await command.ExecuteNonQueryAsync(async, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when ((ex is PrestoException or OperationCanceledException) && connection.State == ConnectionState.Open && connection.Session.TransactionId is { } orphan)
        {
            // The statement failed after the server had started the transaction (transaction directives apply even to a
            // failed statement): release it so the connection is back in auto-commit mode.
            await ReleaseOrphanAsync(connection, orphan, async).ConfigureAwait(false);
            throw;
        }

        string? id = connection.Session.TransactionId;
        if (id is null)
        {
            throw new PrestoException(
                "The server ran START TRANSACTION but did not start a transaction (its response carried no Started-Transaction-Id header); " +
                "the connection stays in auto-commit mode.");
        }

        var transaction = new PrestoTransaction(connection, isolationLevel, id);
        connection.Transaction = transaction;
        return transaction;
    }

    private static async ValueTask ReleaseOrphanAsync(PrestoConnection connection, string transactionId, bool async)
    {
        try
        {
            using var rollback = new PrestoCommand("ROLLBACK", connection) { CommandTimeout = BestEffortTimeoutSeconds };
            await rollback.ExecuteNonQueryAsync(async, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PrestoException or OperationCanceledException)
        {
            connection.Logger.LogDebug(ex, "ROLLBACK of transaction {TransactionId} after a failed START TRANSACTION failed", transactionId);
        }
        finally
        {
            connection.Session.TransactionId = null;
        }
    }

    /// <summary>The <c>START TRANSACTION</c> statement for an isolation level.</summary>
    internal static string StartStatement(IsolationLevel isolationLevel) => isolationLevel switch
    {
        IsolationLevel.Unspecified => "START TRANSACTION",
        IsolationLevel.ReadUncommitted => "START TRANSACTION ISOLATION LEVEL READ UNCOMMITTED",
        IsolationLevel.ReadCommitted => "START TRANSACTION ISOLATION LEVEL READ COMMITTED",
        IsolationLevel.RepeatableRead => "START TRANSACTION ISOLATION LEVEL REPEATABLE READ",
        IsolationLevel.Serializable => "START TRANSACTION ISOLATION LEVEL SERIALIZABLE",
        _ => throw new NotSupportedException(
            $"Isolation level {isolationLevel} is not supported by Presto/Trino; use Unspecified (the server's default), ReadUncommitted, ReadCommitted, RepeatableRead or Serializable."),
    };

    /// <summary>Rolls back without raising errors (connection close, dispose); bounded by a short timeout.</summary>
    internal async ValueTask RollbackQuietlyAsync(bool async)
    {
        if (_completed)
        {
            return;
        }

        try
        {
            if (_connection.State == ConnectionState.Open && _connection.ActiveReader is not { IsClosed: false } && OwnsSession())
            {
                await RunAsync("ROLLBACK", BestEffortTimeoutSeconds, async, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is PrestoException or OperationCanceledException or InvalidOperationException)
        {
            _connection.Logger.LogDebug(ex, "Best-effort ROLLBACK of transaction {TransactionId} failed", TransactionId);
        }
        finally
        {
            Complete();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            RollbackQuietlyAsync(async: false).GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private async ValueTask EndAsync(bool commit, bool async, CancellationToken cancellationToken)
    {
        string verb = commit ? "COMMIT" : "ROLLBACK";
        if (_completed)
        {
            throw new InvalidOperationException($"The transaction has already been committed or rolled back; it cannot {verb} again.");
        }

        _connection.ThrowIfNotOpen();
        if (_connection.ActiveReader is { IsClosed: false })
        {
            throw new InvalidOperationException($"The connection has an open data reader; close it before {verb}.");
        }

        if (!OwnsSession())
        {
            // A COMMIT or ROLLBACK statement run as a command ended it already (and a later one may have started another).
            Complete();
            throw new InvalidOperationException(
                $"The transaction {TransactionId} is no longer active on the connection: a COMMIT or ROLLBACK statement run as a command ended it.");
        }

        try
        {
            await RunAsync(verb, timeoutSeconds: null, async, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PrestoException or OperationCanceledException)
        {
            // The transaction is over for this client either way. A failed COMMIT/ROLLBACK normally carries
            // Clear-Transaction-Id; when it did not (failed before it ran), release the server's transaction now.
            if (OwnsSession())
            {
                try
                {
                    await RunAsync("ROLLBACK", BestEffortTimeoutSeconds, async, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception inner) when (inner is PrestoException or OperationCanceledException)
                {
                    _connection.Logger.LogDebug(inner, "ROLLBACK after a failed {Verb} of transaction {TransactionId} failed", verb, TransactionId);
                }
            }

            throw;
        }
        finally
        {
            Complete();
        }
    }

    private async ValueTask RunAsync(string sql, int? timeoutSeconds, bool async, CancellationToken cancellationToken)
    {
        using var command = new PrestoCommand(sql, _connection);
        if (timeoutSeconds is { } seconds)
        {
            command.CommandTimeout = seconds;
        }

        await command.ExecuteNonQueryAsync(async, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the connection's session still carries this transaction's id.</summary>
    private bool OwnsSession() =>
        _connection.State == ConnectionState.Open && string.Equals(_connection.Session.TransactionId, TransactionId, StringComparison.Ordinal);

    private void Complete()
    {
        _completed = true;
        if (OwnsSession())
        {
            _connection.Session.TransactionId = null;
        }

        if (ReferenceEquals(_connection.Transaction, this))
        {
            _connection.Transaction = null;
        }
    }
}
