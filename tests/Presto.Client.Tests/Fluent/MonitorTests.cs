using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Fluent;

/// <summary>The monitoring client against the embedded server's cluster endpoints.</summary>
public sealed class MonitorTests
{
    [Fact]
    public async Task Server_info_and_state_are_typed()
    {
        await using var server = await TestServers.StartAsync();
        await using var client = new PrestoClient(TestServers.ConnectionString(server));

        var info = await client.Monitor.GetServerInfoAsync();
        Assert.True(info.IsCoordinator);
        Assert.False(info.IsStarting);
        Assert.Equal("test", info.Environment);
        Assert.False(string.IsNullOrEmpty(info.Version));
        Assert.Equal("ACTIVE", await client.Monitor.GetNodeStateAsync());

        server.Starting = true;
        server.State = ServerState.ShuttingDown;
        Assert.True((await client.Monitor.GetServerInfoAsync()).IsStarting);
        Assert.Equal("SHUTTING_DOWN", await client.Monitor.GetNodeStateAsync());
    }

    [Fact]
    public async Task Queries_are_listed_inspected_and_killed()
    {
        await using var server = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 1_000);
        server.Script("SELECT x FROM many", ScriptedResult.Generated([new ResultColumn("x", "bigint")], 10_000, i => [i]));
        await using var client = new PrestoClient(TestServers.ConnectionString(server, "Catalog=tpch;Schema=tiny;Password=pw-1;AllowInsecureCredentials=true;ClientTags=ops"));
        Assert.Equal([5L], await client.Query("SELECT count(*) FROM region").ToListAsync<long>());
        await using var reader = await client.Query("SELECT x FROM many").ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        var queries = await client.Monitor.GetQueriesAsync();
        var finished = Assert.Single(queries, q => q.Query == "SELECT count(*) FROM region");
        Assert.Equal("FINISHED", finished.State);
        Assert.Equal("test", finished.User);
        Assert.Equal("tpch", finished.Catalog);
        Assert.Equal(["ops"], finished.ClientTags);
        Assert.NotNull(finished.Created);
        Assert.NotNull(finished.Elapsed);

        var running = await client.Monitor.GetQueryAsync(reader.QueryId!);
        Assert.NotNull(running);
        Assert.Equal("SELECT x FROM many", running.Query);
        Assert.Null(await client.Monitor.GetQueryAsync("20200101_000000_00000_zzzzz"));

        Assert.True(await client.Monitor.KillQueryAsync(reader.QueryId!));
        Assert.False(await client.Monitor.KillQueryAsync("20200101_000000_00000_zzzzz"));
        await Assert.ThrowsAsync<PrestoQueryException>(async () =>
        {
            while (await reader.ReadAsync())
            {
            }
        });

        Assert.All(server.Requests.Where(r => r.PathAndQuery.StartsWith("/v1/query", StringComparison.Ordinal)), r => Assert.StartsWith("Basic ", r.Header("Authorization"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nodes_are_listed()
    {
        await using var server = await TestServers.StartAsync();
        await using var client = new PrestoClient(TestServers.ConnectionString(server));

        var node = Assert.Single(await client.Monitor.GetNodesAsync());

        Assert.StartsWith("http://127.0.0.1:", node.Uri, StringComparison.Ordinal);
        Assert.True(node.RecentRequests > 0);
        Assert.NotNull(node.LastResponseTime);
    }
}
