using Presto.Testing;

namespace Presto.Samples;

/// <summary>Routing (docs/routing.md): failover from the connection string; named clusters, weights, groups and rules on a data source.</summary>
internal static class RoutingSample
{
    public static async Task RunAsync()
    {
        await using var a = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        await using var b = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        await FailoverAsync(a, b);

        await using var blue = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        await using var green = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        await using var etlServer = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        await GroupsAndWeightsAsync(blue, green, etlServer);
    }

    private static async Task FailoverAsync(PrestoTestServer a, PrestoTestServer b)
    {
        var (serverA, serverB) = (a.BaseAddress, b.BaseAddress);
        await a.StopListeningAsync();   // the first server is down: statements go to the second

        // <snippet:routing-connection-string>
        // Connection string only: the servers in failover order, probed every 10 s.
        await using var connection = new PrestoConnection(
            $"Server={serverA},{serverB};User=etl;RoutingStrategy=Failover;HealthCheckInterval=10");   // "Server=https://trino-a.example.com,https://trino-b.example.com;…"
        // </snippet:routing-connection-string>
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT count(*) FROM tpch.tiny.region", connection);
        var regions = (long)(await command.ExecuteScalarAsync())!;
        Console.WriteLine($"failover: {regions} regions from {serverB} while {serverA} is down");
        SampleCheck.Expect(regions == 5 && b.Submissions.Count == 1, "the second server answers while the first is down");
    }

    private static async Task GroupsAndWeightsAsync(PrestoTestServer blue, PrestoTestServer green, PrestoTestServer etlServer)
    {
        var (blueUri, greenUri, etlUri) = (blue.BaseAddress, green.BaseAddress, etlServer.BaseAddress);

        // <snippet:routing-data-source>
        // A data source with names, weights, groups and rules, and a runtime API.
        var builder = new PrestoDataSourceBuilder($"Server={blueUri};User=etl;Catalog=tpch;Schema=tiny");   // the clusters below replace Server
        builder.ConfigureRouting(routing =>
        {
            routing.Strategy = PrestoRoutingStrategy.Weighted;
            routing.Clusters.Add(new PrestoClusterOptions("blue", blueUri) { Weight = 100 });     // https://trino-blue.example.com
            routing.Clusters.Add(new PrestoClusterOptions("green", greenUri) { Weight = 0 });
            var etl = new PrestoClusterOptions("etl", etlUri);
            etl.Groups.Add("etl");
            routing.Clusters.Add(etl);
            routing.GroupRules.Add(request => request.Source == "airflow" ? "etl" : null);
        });
        await using var dataSource = builder.Build();
        // </snippet:routing-data-source>

        await CountAsync(dataSource, source: null);
        await CountAsync(dataSource, source: "airflow");
        Console.WriteLine($"weights and groups: blue {blue.Submissions.Count}, green {green.Submissions.Count}, etl {etlServer.Submissions.Count}");
        SampleCheck.Expect(blue.Submissions.Count == 1 && etlServer.Submissions.Count == 1 && green.Submissions.Count == 0, "the airflow query goes to the etl group, the other to blue");

        // <snippet:routing-switch>
        // Blue/green: shift traffic, then drain the old cluster. Running queries finish where they are.
        dataSource.Router.SetWeight("green", 100);
        dataSource.Router.Drain("blue");
        // </snippet:routing-switch>
        await CountAsync(dataSource, source: null);
        Console.WriteLine($"after the switch: blue {blue.Submissions.Count}, green {green.Submissions.Count}");
        SampleCheck.Expect(green.Submissions.Count == 1 && blue.Submissions.Count == 1, "after the switch green takes the query");
    }

    private static async Task CountAsync(PrestoDataSource dataSource, string? source)
    {
        var connectionString = new PrestoConnectionStringBuilder(dataSource.ConnectionString);
        if (source is not null)
        {
            connectionString.Source = source;
        }

        await using var connection = dataSource.CreateConnection();
        connection.ConnectionString = connectionString.ConnectionString;
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT count(*) FROM nation", connection);
        await command.ExecuteScalarAsync();
    }
}
