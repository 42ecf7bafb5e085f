using Presto.Testing;

namespace Presto.Samples;

/// <summary>The monitoring API: server info, node state, the queries a cluster runs, workers, killing a query.</summary>
internal static class MonitoringSample
{
    public static async Task RunAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        server.Script("SELECT * FROM huge", ScriptedResult.Generated([new("id", "bigint")], 10_000_000, i => [i]));
        await using var client = new PrestoClient($"Server={server.BaseAddress};User=operator;Catalog=tpch;Schema=tiny");
        await client.Query("SELECT count(*) FROM nation").ScalarAsync<long>();

        // A long query, read slowly by someone else.
        await using var connection = client.CreateConnection();
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT * FROM huge", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        // <snippet:monitoring>
        var info = await client.Monitor.GetServerInfoAsync();
        Console.WriteLine($"version {info.Version}, environment {info.Environment}, up {info.Uptime}, state {await client.Monitor.GetNodeStateAsync()}");

        foreach (var query in await client.Monitor.GetQueriesAsync())
        {
            Console.WriteLine($"  {query.QueryId} {query.State,-9} {query.User} {query.Elapsed?.TotalMilliseconds:F0} ms  {query.Query}");
        }

        foreach (var node in await client.Monitor.GetNodesAsync())
        {
            Console.WriteLine($"  worker {node.Uri}: {node.RecentRequests:F0} recent requests, {node.RecentFailures:F0} failures");
        }

        var running = (await client.Monitor.GetQueriesAsync()).First(q => q.State == "RUNNING");
        var killed = await client.Monitor.KillQueryAsync(running.QueryId);
        // </snippet:monitoring>

        var after = await client.Monitor.GetQueryAsync(running.QueryId);
        Console.WriteLine($"killed {running.QueryId}: {killed}; now {after?.State} ({after?.ErrorName})");
        SampleCheck.Expect(killed && running.QueryId == reader.QueryId && after?.State == "FAILED", "the running query is killed");
    }
}
