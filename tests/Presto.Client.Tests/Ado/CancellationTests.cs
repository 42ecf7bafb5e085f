using System.Diagnostics;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

public sealed class CancellationTests
{
    private static readonly ResultColumn[] s_column = [new ResultColumn("x", "bigint")];

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task A_cancelled_token_sends_delete_at_once_and_ends_the_read(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect, o => o.TargetResultSizeBytes = 1_000);
        server.Script("SELECT x FROM many", ScriptedResult.Generated(s_column, 100_000, i => [i]));
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT x FROM many", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromSeconds(60), Times = -1 });
        using var cts = new CancellationTokenSource();

        var reading = Task.Run(async () =>
        {
            while (await reader.ReadAsync(cts.Token))
            {
            }
        });
        await Task.Delay(300);
        var cancelledAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the read ended after {clock.Elapsed}");
        await MalformedResponseTests.Eventually(() => server.Requests.Any(r => r.Method == "DELETE"));
        var delete = server.Requests.First(r => r.Method == "DELETE");
        Assert.True(delete.Timestamp - cancelledAt < TimeSpan.FromMilliseconds(100), $"DELETE arrived {(delete.Timestamp - cancelledAt).TotalMilliseconds} ms after the cancel");
        server.Faults.Clear();
        await MalformedResponseTests.Eventually(() => server.Queries.Single().ErrorName == "USER_CANCELED");
    }

    [Fact]
    public async Task Command_cancel_from_another_thread_stops_a_blocked_synchronous_read()
    {
        await using var server = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 1_000);
        server.Script("SELECT x FROM many", ScriptedResult.Generated(s_column, 100_000, i => [i]));
        await using var connection = await OpenAsync(server);
        using var command = new PrestoCommand("SELECT x FROM many", connection);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromSeconds(60), Times = -1 });

        _ = Task.Run(async () =>
        {
            await Task.Delay(300);
            command.Cancel();
        });
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            while (reader.Read())
            {
            }
        });

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the read ended after {clock.Elapsed}");
        await MalformedResponseTests.Eventually(() => server.Requests.Any(r => r.Method == "DELETE"));
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Disposing_a_reader_early_cancels_the_query(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect, o => o.TargetResultSizeBytes = 1_000);
        server.Script("SELECT x FROM many", ScriptedResult.Generated(s_column, 50_000, i => [i]));
        await using var connection = await OpenAsync(server);
        await using (var command = new PrestoCommand("SELECT x FROM many", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.True(await reader.ReadAsync());
            }
        }

        Assert.Single(server.Requests, r => r.Method == "DELETE");
        await MalformedResponseTests.Eventually(() => server.Queries.Single().ErrorName == "USER_CANCELED");
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Disposing_a_dml_reader_early_drains_it_instead_of_deleting(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using (var create = new PrestoCommand("CREATE TABLE memory.default.t (x bigint)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var insert = new PrestoCommand("INSERT INTO memory.default.t VALUES (1), (2), (3)", connection))
        await using (var reader = await insert.ExecuteReaderAsync())
        {
            Assert.Equal("INSERT", reader.UpdateType);
        }

        Assert.DoesNotContain(server.Requests, r => r.Method == "DELETE");
        Assert.All(server.Queries, q => Assert.Null(q.ErrorName));
        await using var count = new PrestoCommand("SELECT count(*) FROM memory.default.t", connection);
        Assert.Equal("3", Convert.ToString(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Execute_scalar_cancels_the_rest_of_a_long_result()
    {
        await using var server = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 1_000);
        server.Script("SELECT x FROM many", ScriptedResult.Generated(s_column, 50_000, i => [i + 7]));
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT x FROM many", connection);

        var value = await command.ExecuteScalarAsync();

        Assert.Equal("7", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Single(server.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task The_command_timeout_cancels_the_query_and_says_so()
    {
        await using var server = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 1_000);
        server.Script("SELECT x FROM many", ScriptedResult.Generated(s_column, 100_000, i => [i]));
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT x FROM many", connection) { CommandTimeout = 1 };
        await using var reader = await command.ExecuteReaderAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromSeconds(60), Times = -1 });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<PrestoException>(async () =>
        {
            while (await reader.ReadAsync())
            {
            }
        });

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("timed out", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the read ended after {clock.Elapsed}");
        await MalformedResponseTests.Eventually(() => server.Requests.Any(r => r.Method == "DELETE"));
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Heartbeats_keep_a_slowly_read_query_alive(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect, o =>
        {
            // The pause is twice the abandonment window, which is 20 heartbeat intervals: a test run that starves the thread
            // pool for a second or two (the whole suite on 2 cores) must not look like a missing heartbeat.
            o.TargetResultSizeBytes = 1_000;
            o.AbandonedQueryTimeout = TimeSpan.FromSeconds(4);
        });
        server.Script("SELECT x FROM many", ScriptedResult.Generated(s_column, 2_000, i => [i]));
        await using var connection = await OpenAsync(server, "HeartbeatInterval=0.2");
        await using var command = new PrestoCommand("SELECT x FROM many", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            if (++rows == 5)
            {
                await Task.Delay(8_000);
            }
        }

        Assert.Equal(2_000, rows);
    }

    [Fact]
    public async Task Without_heartbeats_a_slow_reader_gets_its_query_abandoned()
    {
        await using var server = await TestServers.StartAsync(configure: o =>
        {
            o.TargetResultSizeBytes = 1_000;
            o.AbandonedQueryTimeout = TimeSpan.FromSeconds(2);
        });
        server.Script("SELECT x FROM many", ScriptedResult.Generated(s_column, 2_000, i => [i]));
        await using var connection = await OpenAsync(server, "HeartbeatInterval=0");
        await using var command = new PrestoCommand("SELECT x FROM many", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        await Task.Delay(5_000);

        var error = await Assert.ThrowsAsync<PrestoQueryException>(async () =>
        {
            while (await reader.ReadAsync())
            {
            }
        });

        Assert.Equal("ABANDONED_QUERY", error.ErrorName);
    }

    private static async Task<PrestoConnection> OpenAsync(PrestoTestServer server, string? extra = null)
    {
        var connection = new PrestoConnection(TestServers.ConnectionString(server, extra));
        await connection.OpenAsync();
        return connection;
    }
}
