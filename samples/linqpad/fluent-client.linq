<Query Kind="Program">
  <NuGetReference>Presto.Client</NuGetReference>
  <NuGetReference>Presto.Client.Testing</NuGetReference>
  <Namespace>Presto</Namespace>
  <Namespace>Presto.Testing</Namespace>
</Query>

// The fluent client: records streamed from a query, with its progress.
// Set ConnectionString to your cluster; left empty, the script starts the embedded coordinator of Presto.Client.Testing.
const string ConnectionString = "";

async Task Main()
{
    await using var server = ConnectionString.Length == 0 ? await PrestoTestServer.StartAsync(ServerDialect.Trino) : null;
    var connectionString = server is null ? ConnectionString : $"Server={server.BaseAddress};User=linqpad;Catalog=tpch;Schema=tiny";

    await using var client = new PrestoClient(connectionString);
    var progress = new List<PrestoQueryProgress>();
    var orders = new List<Order>();
    await foreach (var order in client.Query("SELECT orderkey, orderstatus, totalprice, orderdate FROM orders WHERE orderdate >= @from ORDER BY orderdate LIMIT 20")
                                      .WithParameter("from", new DateOnly(1998, 1, 1))
                                      .WithProgress(new Collector(progress))
                                      .StreamAsync<Order>())
    {
        orders.Add(order);
    }

    orders.Dump("orders");
    progress.Select(p => p.ToString()).Dump("progress");
    if (server is not null && orders.Count != 20)
    {
        throw new InvalidOperationException($"Expected 20 orders, got {orders.Count}.");
    }
}

record Order(long OrderKey, string OrderStatus, double TotalPrice, DateOnly OrderDate);

sealed class Collector(List<PrestoQueryProgress> into) : IProgress<PrestoQueryProgress>
{
    public void Report(PrestoQueryProgress value) => into.Add(value);
}
