using System.Data;
using System.Data.Common;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

public sealed class BatchTests
{
    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task ExecuteNonQuery_runs_every_command_in_order_and_sums_the_update_counts(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        DbConnection generic = connection;
        Assert.True(generic.CanCreateBatch);
        await using var batch = generic.CreateBatch();
        Assert.IsType<PrestoBatch>(batch);
        foreach (var sql in new[]
        {
            "CREATE TABLE memory.default.items (id bigint, name varchar)",
            "INSERT INTO memory.default.items VALUES (1, 'a'), (2, 'b')",
            "INSERT INTO memory.default.items VALUES (3, 'c')",
        })
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            batch.BatchCommands.Add(command);
        }

        Assert.Equal(3, await batch.ExecuteNonQueryAsync());

        Assert.Equal([-1, 2, 1], batch.BatchCommands.Select(c => c.RecordsAffected));
        Assert.Equal(
            ["CREATE TABLE memory.default.items (id bigint, name varchar)", "INSERT INTO memory.default.items VALUES (1, 'a'), (2, 'b')", "INSERT INTO memory.default.items VALUES (3, 'c')"],
            server.Submissions.Select(s => s.Body));
        await using var count = new PrestoCommand("SELECT count(*) FROM memory.default.items", connection);
        Assert.Equal(3L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public void ExecuteNonQuery_works_synchronously_and_reports_minus_one_without_update_counts()
    {
        using var server = StartSync();
        using var connection = new PrestoConnection(TestServers.ConnectionString(server.Value));
        connection.Open();
        using var batch = connection.CreateBatch();
        batch.BatchCommands.Add("SELECT 1");
        batch.BatchCommands.Add("SELECT 2");

        Assert.Equal(-1, batch.ExecuteNonQuery());
        Assert.Equal([-1, -1], batch.BatchCommands.Select(c => c.RecordsAffected));
        Assert.Equal(2, server.Value.Submissions.Count);
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task The_reader_moves_to_the_next_commands_result_with_NextResult(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server, "Catalog=tpch;Schema=tiny");
        await using var batch = new PrestoBatch(connection);
        batch.BatchCommands.Add("CREATE TABLE memory.default.t (x bigint)");
        batch.BatchCommands.Add("SELECT name FROM region ORDER BY regionkey");
        batch.BatchCommands.Add("INSERT INTO memory.default.t VALUES (1), (2)");
        batch.BatchCommands.Add("SELECT x FROM memory.default.t ORDER BY x");

        await using var reader = await batch.ExecuteReaderAsync();
        Assert.Equal(0, reader.CurrentIndex);
        Assert.Equal("CREATE TABLE", reader.UpdateType);

        Assert.True(await reader.NextResultAsync());
        Assert.Equal(1, reader.CurrentIndex);
        Assert.Equal("name", reader.GetName(0));
        var regions = new List<string>();
        while (await reader.ReadAsync())
        {
            regions.Add(reader.GetString(0));
        }

        Assert.Equal(["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"], regions);

        Assert.True(reader.NextResult());
        Assert.Equal("INSERT", reader.UpdateType);

        Assert.True(await reader.NextResultAsync());
        Assert.Equal(2, reader.RecordsAffected);
        var values = new List<long>();
        while (reader.Read())
        {
            values.Add(reader.GetInt64(0));
            Assert.Equal(reader.GetInt64(0), reader.GetFieldValue<long>(0));
            Assert.Equal(reader.GetInt64(0), (long)reader["x"]);
        }

        Assert.Equal([1L, 2L], values);
        Assert.False(await reader.NextResultAsync());
        Assert.False(reader.NextResult());
        Assert.Equal([-1, -1, 2, -1], batch.BatchCommands.Select(c => c.RecordsAffected));
        Assert.All(server.Queries, q => Assert.Null(q.ErrorName));
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Closing_the_reader_early_runs_the_remaining_commands(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using (var create = new PrestoCommand("CREATE TABLE memory.default.t (x bigint)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var batch = new PrestoBatch(connection);
        batch.BatchCommands.Add("SELECT 1");
        batch.BatchCommands.Add("INSERT INTO memory.default.t VALUES (1), (2), (3)");
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
        }

        Assert.Equal(3, batch.BatchCommands[1].RecordsAffected);
        await using var count = new PrestoCommand("SELECT count(*) FROM memory.default.t", connection);
        Assert.Equal(3L, await count.ExecuteScalarAsync());
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task A_failing_command_stops_the_batch(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using var batch = new PrestoBatch(connection);
        batch.BatchCommands.Add("CREATE TABLE memory.default.t (x bigint)");
        batch.BatchCommands.Add("INSERT INTO memory.default.t VALUES (1)");
        batch.BatchCommands.Add("SELECT * FROM nowhere.nothing.none");
        batch.BatchCommands.Add("INSERT INTO memory.default.t VALUES (2)");

        await Assert.ThrowsAsync<PrestoQueryException>(() => batch.ExecuteNonQueryAsync());

        Assert.Equal([-1, 1, -1, -1], batch.BatchCommands.Select(c => c.RecordsAffected));
        Assert.Equal(3, server.Submissions.Count);

        // The reader stops as well, and disposing it runs nothing more.
        batch.BatchCommands.RemoveAt(0);
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            await Assert.ThrowsAsync<PrestoQueryException>(() => reader.NextResultAsync());
            Assert.False(await reader.NextResultAsync());
        }

        Assert.Equal(5, server.Submissions.Count);
    }

    [Fact]
    public async Task Session_statements_in_a_batch_apply_to_the_commands_after_them()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server);
        await using var batch = new PrestoBatch(connection);
        batch.BatchCommands.Add("USE tpch.tiny");
        batch.BatchCommands.Add("SELECT count(*) FROM nation");

        Assert.Equal(25L, await batch.ExecuteScalarAsync());
        Assert.Equal("tpch", connection.Database);
        Assert.Equal("tiny", connection.Schema);
    }

    [Fact]
    public async Task Batch_commands_bind_their_own_parameters()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server, "Catalog=tpch;Schema=tiny");
        await using var batch = new PrestoBatch(connection);
        var first = batch.BatchCommands.Add("SELECT name FROM region WHERE regionkey = @key");
        first.Parameters.AddWithValue("@key", 1L);
        var second = batch.CreateBatchCommand();
        second.CommandText = "SELECT name FROM nation WHERE nationkey = ?";
        var parameter = second.CreateParameter();
        parameter.Value = 0L;
        second.Parameters.Add(parameter);
        batch.BatchCommands.Add(second);

        await using var reader = batch.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("AMERICA", reader.GetString(0));
        Assert.True(reader.NextResult());
        Assert.True(reader.Read());
        Assert.Equal("ALGERIA", reader.GetString(0));
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task A_batch_runs_inside_the_connections_transaction(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using var other = await OpenAsync(server);
        await using var foreign = other.BeginTransaction();
        await using var transaction = connection.BeginTransaction();
        await using var batch = new PrestoBatch(connection) { Transaction = foreign };
        batch.BatchCommands.Add("SELECT 1");
        batch.BatchCommands.Add("SELECT 2");

        await Assert.ThrowsAsync<InvalidOperationException>(() => batch.ExecuteNonQueryAsync());

        batch.Transaction = transaction;
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();

        string header = (dialect == ServerDialect.Trino ? "X-Trino-" : "X-Presto-") + "Transaction-Id";
        var selects = server.Submissions.Where(s => s.Body.StartsWith("SELECT", StringComparison.Ordinal)).Select(s => s.Header(header)).ToList();
        Assert.Equal<string?>([transaction.TransactionId, transaction.TransactionId], selects);
    }

    [Fact]
    public async Task An_empty_batch_or_one_without_an_open_connection_is_refused()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await using var batch = new PrestoBatch(connection);
        batch.BatchCommands.Add("SELECT 1");
        await Assert.ThrowsAsync<InvalidOperationException>(() => batch.ExecuteNonQueryAsync());

        await connection.OpenAsync();
        batch.BatchCommands.Clear();
        await Assert.ThrowsAsync<InvalidOperationException>(() => batch.ExecuteReaderAsync());
        batch.BatchCommands.Add(" ");
        Assert.Throws<InvalidOperationException>(() => batch.ExecuteScalar());
        Assert.Throws<NotSupportedException>(() => batch.BatchCommands[0].CommandType = CommandType.StoredProcedure);
        Assert.Empty(server.Submissions);
    }

    private static async Task<PrestoConnection> OpenAsync(PrestoTestServer server, string? extra = null)
    {
        var connection = new PrestoConnection(TestServers.ConnectionString(server, extra));
        await connection.OpenAsync();
        return connection;
    }

    private static SyncServer StartSync() => new(TestServers.StartAsync().GetAwaiter().GetResult());

    private sealed class SyncServer(PrestoTestServer value) : IDisposable
    {
        public PrestoTestServer Value { get; } = value;

        public void Dispose() => Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
