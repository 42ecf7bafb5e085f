<Query Kind="Program">
  <NuGetReference>Presto.Client</NuGetReference>
  <NuGetReference>Presto.Client.Testing</NuGetReference>
  <Namespace>Presto</Namespace>
  <Namespace>Presto.Testing</Namespace>
</Query>

// Retry and routing: two embedded clusters; the first loses a worker, the client resubmits the query on the second.
async Task Main()
{
    await using var east = await PrestoTestServer.StartAsync(ServerDialect.Trino);
    await using var west = await PrestoTestServer.StartAsync(ServerDialect.Trino);
    east.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", Message = "Remote host gone" });

    // <snippet:linqpad-failover>
    var options = new PrestoClientOptions { ConnectionString = $"Server={east.BaseAddress};User=linqpad;Catalog=tpch;Schema=tiny;RetryDelayMs=100" };
    options.Routing.Strategy = PrestoRoutingStrategy.Failover;
    options.Routing.Clusters.Add(new PrestoClusterOptions("east", east.BaseAddress));
    options.Routing.Clusters.Add(new PrestoClusterOptions("west", west.BaseAddress));
    await using var client = new PrestoClient(options);
    var regions = await client.Query("SELECT regionkey, name FROM region ORDER BY regionkey").ToListAsync<(long Key, string Name)>();
    // </snippet:linqpad-failover>

    regions.Dump("regions");
    new
    {
        East = east.Queries.Select(q => $"{q.QueryId} {q.State} {q.ErrorName}"),
        West = west.Queries.Select(q => $"{q.QueryId} {q.State}"),
        Clusters = client.Router.Clusters.Select(c => c.ToString()),
    }.Dump("what happened");
    if (regions.Count != 5 || west.Submissions.Count != 1)
    {
        throw new InvalidOperationException("The query should have moved to west and returned 5 regions.");
    }
}
