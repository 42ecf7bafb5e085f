using Dapper;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

/// <summary>A command text with several statements runs them one after another; the reader moves between their results.</summary>
public sealed class MultiStatementTests
{
    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Each_statement_gives_one_result_in_order(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand(
            "CREATE TABLE memory.default.m (x bigint); INSERT INTO memory.default.m VALUES (1), (2); SELECT x FROM memory.default.m ORDER BY x;",
            connection);

        await using var reader = await command.ExecuteReaderAsync();
        Assert.Equal("CREATE TABLE", reader.UpdateType);
        Assert.True(await reader.NextResultAsync());
        Assert.Equal("INSERT", reader.UpdateType);
        Assert.Equal(2, reader.UpdateCount);
        Assert.True(await reader.NextResultAsync());
        var values = new List<long>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt64(0));
        }

        Assert.Equal([1L, 2L], values);
        Assert.False(await reader.NextResultAsync());
        Assert.Equal(2, reader.RecordsAffected);
        Assert.Equal(3, server.Submissions.Count);
    }

    [Fact]
    public async Task Execute_non_query_runs_every_statement_and_adds_the_counts()
    {
        // The synchronous path, on a server started asynchronously.
        await using var server = await TestServers.StartAsync();
        using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        connection.Open();
        using (var create = new PrestoCommand("CREATE TABLE memory.default.n (x bigint)", connection))
        {
            create.ExecuteNonQuery();
        }

        using var insert = new PrestoCommand("INSERT INTO memory.default.n VALUES (1); INSERT INTO memory.default.n VALUES (2), (3)", connection);

        Assert.Equal(3, insert.ExecuteNonQuery());
        using var count = new PrestoCommand("SELECT count(*) FROM memory.default.n", connection);
        Assert.Equal(3L, Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Statements_not_reached_still_run_when_the_reader_closes()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server);
        await using (var create = new PrestoCommand("CREATE TABLE memory.default.late (x bigint)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var command = new PrestoCommand("SELECT 1; INSERT INTO memory.default.late VALUES (7)", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
        }

        await using var check = new PrestoCommand("SELECT count(*) FROM memory.default.late", connection);
        Assert.Equal(1L, Convert.ToInt64(await check.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Semicolons_inside_literals_identifiers_and_comments_do_not_split()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT ';' AS \"a;b\" /* ; */ -- ;\n;", connection);

        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(";", reader.GetString(0));
        Assert.Equal("a;b", reader.GetName(0));
        Assert.False(await reader.NextResultAsync());
        Assert.Single(server.Submissions);
        Assert.Equal("SELECT ';' AS \"a;b\" /* ; */ -- ;", server.Submissions[0].Body.TrimEnd());
    }

    [Fact]
    public async Task Positional_parameters_continue_across_statements()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT ?; SELECT ?", connection);
        command.Parameters.Add(new PrestoParameter { Value = 1L });
        command.Parameters.Add(new PrestoParameter { Value = 2L });

        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1L, reader.GetInt64(0));
        Assert.True(await reader.NextResultAsync());
        Assert.True(await reader.ReadAsync());
        Assert.Equal(2L, reader.GetInt64(0));
    }

    [Fact]
    public async Task A_failing_statement_stops_the_rest()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT 1; SELEC 2; SELECT 3", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.GetInt32(0));

        await Assert.ThrowsAsync<PrestoQueryException>(() => reader.NextResultAsync());

        // The first statement's page went back to the pool: its row is gone, with the usual message.
        var error = Assert.Throws<InvalidOperationException>(() => reader.GetInt32(0));
        Assert.Contains("not positioned on a row", error.Message, StringComparison.Ordinal);
        Assert.False(await reader.NextResultAsync());
        Assert.Equal(2, server.Submissions.Count);
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Dapper_query_multiple_reads_each_statement(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);

        await using var grid = await connection.QueryMultipleAsync(
            "SELECT name FROM tpch.tiny.region WHERE regionkey = @r; SELECT count(*) FROM tpch.tiny.nation WHERE regionkey = @r",
            new { r = 3L });

        Assert.Equal("EUROPE", await grid.ReadSingleAsync<string>());
        Assert.Equal(5L, await grid.ReadSingleAsync<long>());
    }

    private static async Task<PrestoConnection> OpenAsync(PrestoTestServer server)
    {
        var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();
        return connection;
    }
}
