using System.Data;
using System.Data.Common;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

public sealed class TransactionTests
{
    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Commit_sends_the_id_with_every_statement_inside_and_NONE_after(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);

        await using var transaction = (PrestoTransaction)await connection.BeginTransactionAsync();
        Assert.Same(connection, transaction.Connection);
        Assert.Equal(IsolationLevel.Unspecified, transaction.IsolationLevel);
        Assert.False(string.IsNullOrEmpty(transaction.TransactionId));
        await using (var inside = new PrestoCommand("SELECT 1", connection))
        {
            await inside.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();

        Assert.True(transaction.IsCompleted);
        Assert.Null(transaction.Connection);
        await using (var after = new PrestoCommand("SELECT 2", connection))
        {
            await after.ExecuteNonQueryAsync();
        }

        var sent = Sent(server);
        Assert.Equal(["START TRANSACTION", "SELECT 1", "COMMIT", "SELECT 2"], sent.Select(s => s.Sql));
        Assert.Equal(["NONE", transaction.TransactionId, transaction.TransactionId, "NONE"], sent.Select(s => s.TransactionId));
        Assert.All(server.Queries, q => Assert.Null(q.ErrorName));
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public void Commit_works_synchronously(ServerDialect dialect)
    {
        using var server = StartSync(dialect);
        using var connection = new PrestoConnection(TestServers.ConnectionString(server.Value));
        connection.Open();

        using var transaction = connection.BeginTransaction();
        using (var inside = connection.CreateCommand())
        {
            inside.CommandText = "SELECT 1";
            inside.Transaction = transaction;
            inside.ExecuteScalar();
        }

        transaction.Commit();

        Assert.Null(transaction.Connection);
        var sent = Sent(server.Value);
        Assert.Equal(["START TRANSACTION", "SELECT 1", "COMMIT"], sent.Select(s => s.Sql));
        Assert.Equal(["NONE", transaction.TransactionId, transaction.TransactionId], sent.Select(s => s.TransactionId));
        Assert.Throws<InvalidOperationException>(transaction.Commit);
        Assert.Throws<InvalidOperationException>(transaction.Rollback);
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Rollback_ends_the_transaction_and_the_connection_returns_to_autocommit(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);

        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        await using (var inside = new PrestoCommand("SELECT 1", connection))
        {
            await inside.ExecuteNonQueryAsync();
        }

        await transaction.RollbackAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.CommitAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.RollbackAsync());
        await transaction.DisposeAsync();

        // A new transaction can start once the first one ended.
        await using var second = await connection.BeginTransactionAsync();
        await second.CommitAsync();

        var sent = Sent(server);
        string id = ((PrestoTransaction)transaction).TransactionId;
        Assert.Equal(
            ["START TRANSACTION ISOLATION LEVEL READ COMMITTED", "SELECT 1", "ROLLBACK", "START TRANSACTION", "COMMIT"],
            sent.Select(s => s.Sql));
        Assert.Equal(["NONE", id, id, "NONE", ((PrestoTransaction)second).TransactionId], sent.Select(s => s.TransactionId));
        Assert.All(server.Queries, q => Assert.Null(q.ErrorName));
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public void Rollback_works_synchronously(ServerDialect dialect)
    {
        using var server = StartSync(dialect);
        using var connection = new PrestoConnection(TestServers.ConnectionString(server.Value));
        connection.Open();

        var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        transaction.Rollback();
        transaction.Dispose();

        using var after = new PrestoCommand("SELECT 1", connection);
        after.ExecuteScalar();
        var sent = Sent(server.Value);
        Assert.Equal(["START TRANSACTION ISOLATION LEVEL SERIALIZABLE", "ROLLBACK", "SELECT 1"], sent.Select(s => s.Sql));
        Assert.Equal(["NONE", transaction.TransactionId, "NONE"], sent.Select(s => s.TransactionId));
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Disposing_without_commit_rolls_back(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);

        string asyncId;
        await using (var transaction = (PrestoTransaction)await connection.BeginTransactionAsync())
        {
            asyncId = transaction.TransactionId;
        }

        string syncId;
        using (var transaction = connection.BeginTransaction())
        {
            syncId = transaction.TransactionId;
        }

        var sent = Sent(server);
        Assert.Equal(["START TRANSACTION", "ROLLBACK", "START TRANSACTION", "ROLLBACK"], sent.Select(s => s.Sql));
        Assert.Equal(["NONE", asyncId, "NONE", syncId], sent.Select(s => s.TransactionId));
        Assert.All(server.Queries, q => Assert.Null(q.ErrorName));
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Disposing_after_commit_sends_nothing(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await transaction.CommitAsync();
        }

        Assert.Equal(["START TRANSACTION", "COMMIT"], Sent(server).Select(s => s.Sql));
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task A_failed_commit_raises_the_server_error_and_ends_the_transaction(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        var transaction = (PrestoTransaction)await connection.BeginTransactionAsync();
        server.Faults.FailQuery(new QueryFault
        {
            ErrorName = "TRANSACTION_CONFLICT",
            Message = "Transaction conflict: table was modified concurrently",
            Match = sql => sql.StartsWith("COMMIT", StringComparison.Ordinal),
        });

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => transaction.CommitAsync());

        Assert.Equal("TRANSACTION_CONFLICT", error.ErrorName);
        Assert.Equal(PrestoErrorType.UserError, error.ErrorType);
        Assert.Contains("modified concurrently", error.Message, StringComparison.Ordinal);
        Assert.True(transaction.IsCompleted);
        Assert.Null(transaction.Connection);
        await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.CommitAsync());
        await transaction.DisposeAsync();

        await using (var after = new PrestoCommand("SELECT 1", connection))
        {
            await after.ExecuteScalarAsync();
        }

        // The failed COMMIT carried Clear-Transaction-Id (the server ends the transaction either way): no ROLLBACK follows.
        var sent = Sent(server);
        Assert.Equal(["START TRANSACTION", "COMMIT", "SELECT 1"], sent.Select(s => s.Sql));
        Assert.Equal(["NONE", transaction.TransactionId, "NONE"], sent.Select(s => s.TransactionId));
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public void A_commit_failing_synchronously_raises_the_server_error(ServerDialect dialect)
    {
        using var server = StartSync(dialect);
        using var connection = new PrestoConnection(TestServers.ConnectionString(server.Value));
        connection.Open();
        var transaction = connection.BeginTransaction();
        server.Value.Faults.FailQuery(new QueryFault { ErrorName = "TRANSACTION_CONFLICT", Match = sql => sql.StartsWith("COMMIT", StringComparison.Ordinal) });

        var error = Assert.Throws<PrestoQueryException>(transaction.Commit);

        Assert.Equal("TRANSACTION_CONFLICT", error.ErrorName);
        Assert.True(transaction.IsCompleted);
        using var next = connection.BeginTransaction();
        Assert.NotEqual(transaction.TransactionId, next.TransactionId);
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task A_commit_rejected_before_it_ran_releases_the_transaction_with_a_rollback(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        var transaction = (PrestoTransaction)await connection.BeginTransactionAsync();
        server.Faults.FailQuery(new QueryFault
        {
            ErrorName = "QUERY_QUEUE_FULL",
            At = FaultPoint.Queued,
            Match = sql => sql.StartsWith("COMMIT", StringComparison.Ordinal),
        });

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => transaction.CommitAsync());

        Assert.Equal("QUERY_QUEUE_FULL", error.ErrorName);
        Assert.True(transaction.IsCompleted);
        await using (var after = new PrestoCommand("SELECT 1", connection))
        {
            await after.ExecuteScalarAsync();
        }

        // The rejected COMMIT never ran, so the server still held the transaction: the client rolled it back.
        var sent = Sent(server);
        Assert.Equal(["START TRANSACTION", "COMMIT", "ROLLBACK", "SELECT 1"], sent.Select(s => s.Sql));
        Assert.Equal(["NONE", transaction.TransactionId, transaction.TransactionId, "NONE"], sent.Select(s => s.TransactionId));
        Assert.Null(server.Queries.Single(q => q.Sql == "ROLLBACK").ErrorName);
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task A_nested_BeginTransaction_is_rejected(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using var transaction = await connection.BeginTransactionAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await connection.BeginTransactionAsync());
        Assert.Contains("nested transactions are not supported", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => connection.BeginTransaction(IsolationLevel.ReadCommitted));

        // The first transaction is untouched and still commits.
        await transaction.CommitAsync();
        Assert.Equal(["START TRANSACTION", "COMMIT"], Sent(server).Select(s => s.Sql));
    }

    [Fact]
    public async Task BeginTransaction_is_rejected_after_a_START_TRANSACTION_statement()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server);
        await using (var start = new PrestoCommand("START TRANSACTION", connection))
        {
            await start.ExecuteNonQueryAsync();
        }

        Assert.Throws<InvalidOperationException>(() => connection.BeginTransaction());
    }

    [Theory]
    [InlineData(IsolationLevel.Unspecified, "START TRANSACTION")]
    [InlineData(IsolationLevel.ReadUncommitted, "START TRANSACTION ISOLATION LEVEL READ UNCOMMITTED")]
    [InlineData(IsolationLevel.ReadCommitted, "START TRANSACTION ISOLATION LEVEL READ COMMITTED")]
    [InlineData(IsolationLevel.RepeatableRead, "START TRANSACTION ISOLATION LEVEL REPEATABLE READ")]
    [InlineData(IsolationLevel.Serializable, "START TRANSACTION ISOLATION LEVEL SERIALIZABLE")]
    public async Task Isolation_levels_map_to_START_TRANSACTION(IsolationLevel level, string expected)
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server);

        await using (var transaction = await connection.BeginTransactionAsync(level))
        {
            Assert.Equal(level, transaction.IsolationLevel);
        }

        Assert.Equal(expected, Sent(server)[0].Sql);
        Assert.Null(server.Queries[0].ErrorName);
    }

    [Theory]
    [InlineData(IsolationLevel.Snapshot)]
    [InlineData(IsolationLevel.Chaos)]
    public async Task Unsupported_isolation_levels_are_refused_before_anything_is_sent(IsolationLevel level)
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server);

        Assert.Throws<NotSupportedException>(() => connection.BeginTransaction(level));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await connection.BeginTransactionAsync(level));

        Assert.Empty(server.Submissions);
        await using var command = new PrestoCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync();
        Assert.Equal("NONE", Sent(server)[0].TransactionId);
    }

    [Fact]
    public async Task BeginTransaction_requires_an_open_connection()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));

        Assert.Throws<InvalidOperationException>(() => connection.BeginTransaction());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await connection.BeginTransactionAsync());
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task The_command_Transaction_must_be_null_or_the_connections_active_transaction(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using var other = await OpenAsync(server);
        await using var foreign = other.BeginTransaction();
        await using var transaction = connection.BeginTransaction();
        await using var command = new PrestoCommand("SELECT 1", connection);

        command.Transaction = foreign;
        var mismatch = await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteScalarAsync());
        Assert.Contains("Transaction", mismatch.Message, StringComparison.Ordinal);

        command.Transaction = transaction;
        await command.ExecuteScalarAsync();
        command.Transaction = null;
        await command.ExecuteScalarAsync();

        await transaction.CommitAsync();
        command.Transaction = transaction;
        var completed = await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteScalarAsync());
        Assert.Contains("committed or rolled back", completed.Message, StringComparison.Ordinal);

        DbCommand generic = command;
        generic.Transaction = null;
        Assert.Null(command.Transaction);

        var onConnection = Sent(server).Where(s => s.Sql == "SELECT 1").Select(s => s.TransactionId).ToList();
        Assert.Equal<string?>([transaction.TransactionId, transaction.TransactionId], onConnection);
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Closing_the_connection_rolls_the_active_transaction_back(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        var transaction = connection.BeginTransaction();

        connection.Close();

        Assert.True(transaction.IsCompleted);
        Assert.Throws<InvalidOperationException>(transaction.Commit);
        transaction.Dispose();
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync();
        var sent = Sent(server);
        Assert.Equal(["START TRANSACTION", "ROLLBACK", "SELECT 1"], sent.Select(s => s.Sql));
        Assert.Equal(["NONE", transaction.TransactionId, "NONE"], sent.Select(s => s.TransactionId));
        Assert.Null(server.Queries.Single(q => q.Sql == "ROLLBACK").ErrorName);
    }

    [Fact]
    public async Task Commit_with_an_open_reader_is_refused_and_the_transaction_stays_active()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server);
        await using var transaction = connection.BeginTransaction();
        await using (var command = new PrestoCommand("SELECT 1", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.CommitAsync());
            Assert.False(transaction.IsCompleted);
        }

        await transaction.CommitAsync();
        Assert.Equal(["START TRANSACTION", "SELECT 1", "COMMIT"], Sent(server).Select(s => s.Sql));
    }

    [Fact]
    public async Task A_server_that_does_not_start_a_transaction_is_reported()
    {
        await using var server = await TestServers.StartAsync();
        server.Script("START TRANSACTION", ScriptedResult.Update("START TRANSACTION"));
        await using var connection = await OpenAsync(server);

        var error = await Assert.ThrowsAsync<PrestoException>(async () => await connection.BeginTransactionAsync());

        Assert.IsNotType<PrestoQueryException>(error);
        Assert.Contains("Started-Transaction-Id", error.Message, StringComparison.Ordinal);
        await using var command = new PrestoCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync();
        Assert.Equal("NONE", Sent(server)[^1].TransactionId);
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task A_failed_START_TRANSACTION_leaves_the_connection_in_autocommit(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        server.Faults.FailQuery(new QueryFault { ErrorName = "NOT_SUPPORTED", Message = "Catalog only supports writes using autocommit: hive" });
        await using var connection = await OpenAsync(server);

        var error = await Assert.ThrowsAsync<PrestoQueryException>(async () => await connection.BeginTransactionAsync());

        Assert.Equal("NOT_SUPPORTED", error.ErrorName);
        await using (var command = new PrestoCommand("SELECT 1", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        await using var transaction = await connection.BeginTransactionAsync();
        await transaction.CommitAsync();

        // The embedded server fails the statement after it started the transaction (so the failed response carries
        // Started-Transaction-Id, which the client honours): the client released it with a ROLLBACK.
        var sent = Sent(server);
        Assert.Equal(["START TRANSACTION", "ROLLBACK", "SELECT 1", "START TRANSACTION", "COMMIT"], sent.Select(s => s.Sql));
        Assert.Equal("NONE", sent[2].TransactionId);
        Assert.Null(server.Queries.Single(q => q.Sql == "ROLLBACK").ErrorName);
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task A_START_TRANSACTION_rejected_in_the_queue_sends_nothing_more(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        server.Faults.FailQuery(new QueryFault { ErrorName = "QUERY_QUEUE_FULL", At = FaultPoint.Queued });
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "MaxQueryAttempts=1"));
        await connection.OpenAsync();

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => Task.Run(() => connection.BeginTransaction()));

        Assert.Equal("QUERY_QUEUE_FULL", error.ErrorName);
        Assert.Equal(["START TRANSACTION"], Sent(server).Select(s => s.Sql));
        using var transaction = connection.BeginTransaction();
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task A_statement_that_ends_the_transaction_itself_is_detected_at_commit(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        var transaction = connection.BeginTransaction();
        await using (var commit = new PrestoCommand("COMMIT", connection))
        {
            await commit.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.CommitAsync());

        Assert.Contains("no longer active", error.Message, StringComparison.Ordinal);
        Assert.True(transaction.IsCompleted);
        await transaction.DisposeAsync();
        Assert.Equal(["START TRANSACTION", "COMMIT"], Sent(server).Select(s => s.Sql));
        await using var next = await connection.BeginTransactionAsync();
    }

    private static List<(string Sql, string? TransactionId)> Sent(PrestoTestServer server)
    {
        string header = (server.Dialect == ServerDialect.Trino ? "X-Trino-" : "X-Presto-") + "Transaction-Id";
        return server.Submissions.Select(r => (r.Body, r.Header(header))).ToList();
    }

    private static async Task<PrestoConnection> OpenAsync(PrestoTestServer server)
    {
        var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();
        return connection;
    }

    private static SyncServer StartSync(ServerDialect dialect) => new(TestServers.StartAsync(dialect).GetAwaiter().GetResult());

    private sealed class SyncServer(PrestoTestServer value) : IDisposable
    {
        public PrestoTestServer Value { get; } = value;

        public void Dispose() => Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
