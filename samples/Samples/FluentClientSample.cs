using Presto.Testing;

namespace Presto.Samples;

/// <summary>The fluent client (docs/fluent-client.md, README.md): records streamed with a parameter and a cancellation token.</summary>
internal static class FluentClientSample
{
    public static async Task RunAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        var connectionString = $"Server={server.BaseAddress};User=alice;Catalog=tpch;Schema=tiny";
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        await StreamOrdersAsync(connectionString, timeout.Token);
        await StreamNationsAsync(connectionString);

        var served = server.Queries.Select(q => q.RowsServed).ToList();
        Console.WriteLine($"rows served: {string.Join(", ", served)}");
        SampleCheck.Expect(served.Count == 2 && served[0] > 0 && served[1] == 5, "customer 370 has orders; region 1 (America) has five nations");
    }

    private static async Task StreamOrdersAsync(string connectionString, CancellationToken cancellationToken)
    {
        // <snippet:fluent-client-stream>
        await using var client = new PrestoClient(connectionString);   // "Server=https://trino.example.com;User=alice;Catalog=tpch;Schema=tiny"

        // Stream rows into records (constant memory; leaving the loop cancels the query on the server).
        await foreach (var order in client.Query("SELECT orderkey, totalprice, orderdate FROM orders WHERE custkey = @customer")
                                          .WithParameter("customer", 370)
                                          .StreamAsync<Order>(cancellationToken))
        {
            Console.WriteLine($"{order.OrderKey}: {order.TotalPrice} on {order.OrderDate}");
        }
        // </snippet:fluent-client-stream>
    }

    private static async Task StreamNationsAsync(string connectionString)
    {
        // <snippet:readme-fluent-client>
        await using var client = new PrestoClient(connectionString);   // "Server=https://trino.example.com;User=alice;Catalog=tpch;Schema=tiny"
        await foreach (var nation in client.Query("SELECT nationkey, name FROM nation WHERE regionkey = @region")
                                           .WithParameter("region", 1).StreamAsync<Nation>())
        {
            Console.WriteLine(nation.Name);
        }
        // </snippet:readme-fluent-client>
    }

    // <snippet:fluent-client-order>
    private sealed record Order(long OrderKey, double TotalPrice, DateOnly OrderDate);   // by name, case and underscores ignored
    // </snippet:fluent-client-order>

    private sealed record Nation(long NationKey, string Name);
}
