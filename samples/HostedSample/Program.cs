// HostedSample: the fluent client in a generic host (Host.CreateApplicationBuilder), registered with AddPrestoClient and
// configured from appsettings.json, logging through the host. By default it starts two embedded Trino coordinators and
// routes across them; one of them fails the first query with a lost worker, which the client moves to the other.
//   dotnet run --project samples/HostedSample
//   dotnet run --project samples/HostedSample -- --server https://host:8443     (a real cluster; PRESTO_TOKEN for a token)
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Presto;
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

var section = builder.Configuration.GetSection("Presto");
builder.Services.AddPrestoClient((_, options) =>
{
    options.Bind(section);
    var token = Environment.GetEnvironmentVariable("PRESTO_TOKEN");
    options.ConnectionString = $"Server={server};{options.ConnectionString}" + (token is null ? string.Empty : $";AccessToken={token}");
});

using var host = builder.Build();
var client = host.Services.GetRequiredService<PrestoClient>();
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HostedSample");
try
{
    var result = await client.Query("SELECT regionkey, name FROM region ORDER BY regionkey").ExecuteQueryAsync<Region>();
    foreach (var region in result.Rows)
    {
        Console.WriteLine($"{region.RegionKey,3}  {region.Name}");
    }

    logger.LogInformation("Query {QueryId} returned {Rows} rows ({State}); clusters: {Clusters}", result.QueryId, result.Rows.Count, result.Stats.State, string.Join("; ", client.Router.Clusters));
    return result.Rows.Count == 5 ? 0 : 1;
}
finally
{
    foreach (var s in embedded)
    {
        await s.DisposeAsync();
    }
}

internal sealed record Region(long RegionKey, string Name);
