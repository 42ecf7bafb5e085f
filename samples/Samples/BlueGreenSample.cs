using Presto.Testing;

namespace Presto.Samples;

/// <summary>Blue/green: two clusters, weighted routing, traffic moved to green at run time, blue drained.</summary>
internal static class BlueGreenSample
{
    public static async Task RunAsync()
    {
        await using var blueServer = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        await using var greenServer = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        var blueUri = blueServer.BaseAddress;
        var greenUri = greenServer.BaseAddress;

        // <snippet:blue-green-configure>
        var builder = new PrestoDataSourceBuilder($"Server={blueUri};User=samples;Catalog=tpch;Schema=tiny");   // the clusters below replace Server
        builder.ConfigureRouting(routing =>
        {
            routing.Strategy = PrestoRoutingStrategy.Weighted;
            routing.Clusters.Add(new PrestoClusterOptions("blue", blueUri) { Weight = 100 });
            routing.Clusters.Add(new PrestoClusterOptions("green", greenUri) { Weight = 0 });
        });
        await using var dataSource = builder.Build();
        // </snippet:blue-green-configure>

        await RunQueriesAsync(dataSource, 4);
        Console.WriteLine($"before the switch: blue {blueServer.Submissions.Count}, green {greenServer.Submissions.Count} queries");
        SampleCheck.Expect(blueServer.Submissions.Count == 4 && greenServer.Submissions.Count == 0, "weight 0 takes no queries");

        // <snippet:blue-green-switch>
        dataSource.Router.SetWeight("green", 100);   // green now takes new queries too
        dataSource.Router.Drain("blue");             // blue takes none; queries running there finish
        foreach (var cluster in dataSource.Router.Clusters)
        {
            Console.WriteLine($"  {cluster}");
        }
        // </snippet:blue-green-switch>

        await RunQueriesAsync(dataSource, 4);
        Console.WriteLine($"after the switch: blue {blueServer.Submissions.Count}, green {greenServer.Submissions.Count} queries");
        SampleCheck.Expect(blueServer.Submissions.Count == 4 && greenServer.Submissions.Count == 4, "a drained cluster takes no new queries");

        // Roll back: blue active again, green out.
        dataSource.Router.SetState("blue", PrestoClusterState.Active);
        dataSource.Router.SetState("green", PrestoClusterState.Inactive);
        await RunQueriesAsync(dataSource, 1);
        SampleCheck.Expect(blueServer.Submissions.Count == 5, "the rollback sends queries to blue");
    }

    private static async Task RunQueriesAsync(PrestoDataSource dataSource, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM region");
            await command.ExecuteScalarAsync();
        }
    }
}
