// HostedSample: the client in a generic host (Host.CreateApplicationBuilder): a fluent client configured from
// appsettings.json (AddPrestoClient), a keyed one (AddKeyedPrestoClient) and a data source for ADO.NET code
// (AddPrestoDataSource); logging through the host's console logger; the client's metrics (meter "Presto.Client") printed
// after the queries. By default it starts two embedded Trino coordinators and routes across them; one of them fails the
// first query with a lost worker, which the client moves to the other (a Warning in the log, a retry in the metrics).
//   dotnet run --project samples/HostedSample
//   dotnet run --project samples/HostedSample -- --server https://host:8443     (a real cluster; PRESTO_TOKEN for a token)
using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Presto;
using Presto.HostedSample;
using Presto.Testing;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
var server = builder.Configuration["server"];
var embedded = new List<PrestoTestServer>();
if (server is null)
{
    for (var i = 0; i < 2; i++)
    {
        embedded.Add(await PrestoTestServer.StartAsync(ServerDialect.Trino));
    }

    embedded[0].Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR" });
    server = string.Join(",", embedded.Select(s => s.BaseAddress));
}

// appsettings.json holds the session and the retry and routing settings; the servers and a token come from the command line.
var token = Environment.GetEnvironmentVariable("PRESTO_TOKEN");
var credentials = token is null ? string.Empty : $";AccessToken={token}";
builder.Configuration.AddInMemoryCollection(
[
    new("Presto:ConnectionString", $"Server={server};{builder.Configuration["Presto:ConnectionString"]}{credentials}"),
]);
var etlConnectionString = $"Server={server};User=etl;Catalog=tpch;Schema=tiny{credentials}";
var appConnectionString = $"Server={server};User=app;Catalog=tpch;Schema=tiny{credentials}";

// <snippet:fluent-client-di>
builder.Services.AddPrestoClient(builder.Configuration.GetSection("Presto"));   // or (connectionString, options => …)
builder.Services.AddKeyedPrestoClient("etl", etlConnectionString);              // e.g. "Server=https://etl.example.com;User=etl"
builder.Services.AddPrestoDataSource(appConnectionString);                      // PrestoDataSource, DbDataSource, PrestoConnection, DbConnection (+ PrestoClient)
// </snippet:fluent-client-di>

using var metrics = new PrestoMetricsListener();
using var host = builder.Build();
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HostedSample");
try
{
    var client = host.Services.GetRequiredService<PrestoClient>();
    var result = await client.Query("SELECT regionkey, name FROM region ORDER BY regionkey").ExecuteQueryAsync<Region>();
    foreach (var region in result.Rows)
    {
        Console.WriteLine($"{region.RegionKey,3}  {region.Name}");
    }

    logger.LogInformation("Query {QueryId} returned {Rows} rows ({State}); clusters: {Clusters}", result.QueryId, result.Rows.Count, result.Stats.State, string.Join("; ", client.Router.Clusters));

    var etl = host.Services.GetRequiredKeyedService<PrestoClient>("etl");
    var orders = await etl.Query("SELECT count(*) FROM orders").ScalarAsync<long>();
    logger.LogInformation("The etl client counted {Orders} orders", orders);

    var dataSource = host.Services.GetRequiredService<DbDataSource>();
    await using var command = dataSource.CreateCommand("SELECT count(*) FROM nation");
    var nations = (long)(await command.ExecuteScalarAsync())!;
    logger.LogInformation("The data source counted {Nations} nations", nations);

    Console.WriteLine("Metrics (meter Presto.Client):");
    metrics.Print(Console.Out);
    var ok = result.Rows.Count == 5 && orders == 15_000 && nations == 25 && metrics.Count("presto.client.query.duration") == 3;
    if (embedded.Count > 0)
    {
        ok &= metrics.Count("presto.client.query.retries") == 1;   // the lost worker on the first coordinator
    }

    return ok ? 0 : 1;
}
finally
{
    foreach (var s in embedded)
    {
        await s.DisposeAsync();
    }
}

internal sealed record Region(long RegionKey, string Name);
