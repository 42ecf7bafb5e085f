// Quickstart: one query through each face of the client (ADO.NET, Dapper, the fluent client); then, on two embedded
// clusters, a lost worker that the client survives by resubmitting the query on the other cluster, and a progress bar
// while a long query runs.
//   dotnet run --project samples/Quickstart                           (starts embedded coordinators)
//   dotnet run --project samples/Quickstart -- --server https://host:8443 [--user alice] [--sql "SELECT ..."]
// Against a real cluster, --server is a normal connection-string Server value and only the first part runs; add
// credentials with the PRESTO_PASSWORD or PRESTO_TOKEN environment variables (never on the command line).
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Presto;
using Presto.Quickstart;
using Presto.Testing;

string? serverUrl = null;
var user = Environment.UserName;
var sql = "SELECT nationkey, name, regionkey FROM tpch.tiny.nation ORDER BY nationkey";
for (var i = 0; i < args.Length; i += 2)
{
    if (i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"Option {args[i]} needs a value. Usage: Quickstart [--server URL] [--user NAME] [--sql SQL]");
        return 2;
    }

    switch (args[i])
    {
        case "--server": serverUrl = args[i + 1]; break;
        case "--user": user = args[i + 1]; break;
        case "--sql": sql = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}. Usage: Quickstart [--server URL] [--user NAME] [--sql SQL]");
            return 2;
    }
}

var embedded = new List<PrestoTestServer>();
try
{
    if (serverUrl is null)
    {
        embedded.Add(await PrestoTestServer.StartAsync(ServerDialect.Trino));
        embedded.Add(await PrestoTestServer.StartAsync(ServerDialect.Trino));
        serverUrl = embedded[0].BaseAddress.ToString();
        Console.WriteLine($"Started two embedded Trino coordinators: {embedded[0].BaseAddress} and {embedded[1].BaseAddress}");
    }

    var builder = new PrestoConnectionStringBuilder
    {
        Server = serverUrl,
        User = user,
        Source = "presto-client-quickstart",
        Password = Environment.GetEnvironmentVariable("PRESTO_PASSWORD"),
        AccessToken = Environment.GetEnvironmentVariable("PRESTO_TOKEN"),
    };

    Console.WriteLine();
    Console.WriteLine("1. ADO.NET");
    await using (var connection = new PrestoConnection(builder.ConnectionString))
    {
        await connection.OpenAsync();
        Console.WriteLine($"Connected ({connection.Dialect} dialect, server {connection.ServerVersion})");
        await using var command = new PrestoCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)} ({reader.GetDataTypeName(i)})")));
        var rows = 0;
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            if (rows++ < 5)
            {
                Console.WriteLine(string.Join(" | ", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
            }
        }

        Console.WriteLine(reader.UpdateType is null
            ? $"{rows} rows (first 5 shown), query {reader.QueryId}"
            : $"{reader.UpdateType}: {reader.RecordsAffected} rows affected, query {reader.QueryId}");
    }

    Console.WriteLine();
    Console.WriteLine("2. Dapper");
    await using (var connection = new PrestoConnection(builder.ConnectionString))
    {
        var regions = await connection.QueryAsync<Region>(
            "SELECT regionkey, name FROM tpch.tiny.region WHERE regionkey < @limit ORDER BY regionkey", new { limit = 3L });
        Console.WriteLine(string.Join(", ", regions.Select(r => $"{r.RegionKey} {r.Name}")));
    }

    Console.WriteLine();
    Console.WriteLine("3. The fluent client");
    await using (var client = new PrestoClient(builder.ConnectionString))
    {
        await foreach (var nation in client.Query("SELECT nationkey, name FROM tpch.tiny.nation WHERE regionkey = @region ORDER BY name")
                           .WithParameter("region", 2L)
                           .StreamAsync<Nation>())
        {
            Console.WriteLine($"{nation.NationKey,3} {nation.Name}");
        }
    }

    if (embedded.Count == 0)
    {
        return 0;
    }

    Console.WriteLine();
    Console.WriteLine("4. A lost worker on cluster east: the query moves to cluster west");
    embedded[0].Faults.FailQuery(new QueryFault
    {
        ErrorName = "REMOTE_TASK_ERROR",
        Message = "Could not communicate with the remote task. The node may have crashed or be under too much load.",
    });
    foreach (var server in embedded)
    {
        server.ClearRequests();
    }

    using var events = new EventPrinter();
    var attempts = 0;
    using var spans = new ActivityListener
    {
        ShouldListenTo = source => source.Name == "Presto.Client",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        ActivityStopped = activity => attempts = Convert.ToInt32(activity.GetTagItem("presto.attempts"), CultureInfo.InvariantCulture),
    };
    ActivitySource.AddActivityListener(spans);
    var options = new PrestoClientOptions
    {
        ConnectionString = $"Server={embedded[0].BaseAddress};User={user};Catalog=tpch;Schema=tiny;RetryDelayMs=100",
        LoggerFactory = events,
    };
    options.Routing.Strategy = PrestoRoutingStrategy.Failover;
    options.Routing.Clusters.Add(new PrestoClusterOptions("east", embedded[0].BaseAddress));
    options.Routing.Clusters.Add(new PrestoClusterOptions("west", embedded[1].BaseAddress));
    await using (var client = new PrestoClient(options))
    {
        var result = await client.Query("SELECT count(*) AS orders, sum(totalprice) AS revenue FROM orders").ExecuteQueryAsync<Totals>();
        var totals = result.Rows[0];
        Console.WriteLine($"{totals.Orders:N0} orders, revenue {totals.Revenue:N2}: query {result.QueryId} succeeded after {attempts} attempts");
        Console.WriteLine($"east ran {embedded[0].Submissions.Count} submission(s) ({embedded[0].Queries[^1].ErrorName}), west ran {embedded[1].Submissions.Count}");
        if (attempts != 2 || embedded[1].Submissions.Count != 1)
        {
            Console.Error.WriteLine("Expected one failed attempt on east and a successful one on west.");
            return 1;
        }

        Console.WriteLine();
        Console.WriteLine("5. Progress of a long query");
        foreach (var server in embedded)
        {
            server.Script("SELECT * FROM clicks", ScriptedResult.Generated(
                [new ResultColumn("id", "bigint"), new ResultColumn("url", "varchar")], rowCount: 200_000, row: i => [i, "https://example.com/" + i]));
            server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromMilliseconds(40), Times = 20 });
        }

        var bar = new ProgressBar();
        long clicks = 0;
        await foreach (var row in client.Query("SELECT * FROM clicks").WithProgress(bar).StreamRowsAsync())
        {
            clicks++;
        }

        bar.Finish();
        Console.WriteLine($"{clicks:N0} rows");
    }

    return 0;
}
catch (PrestoQueryException ex)
{
    Console.Error.WriteLine($"Query {ex.QueryId} failed: {ex.Message}");
    return 1;
}
catch (PrestoException ex)
{
    Console.Error.WriteLine($"Could not run the query: {ex.Message}");
    return 1;
}
finally
{
    foreach (var server in embedded)
    {
        await server.DisposeAsync();
    }
}

/// <summary>A row of tpch.tiny.nation.</summary>
internal sealed record Nation(long NationKey, string Name);

/// <summary>A row of tpch.tiny.region (Dapper fills it through its constructor).</summary>
internal sealed record Region(long RegionKey, string Name);

/// <summary>The aggregate of the failover query.</summary>
internal sealed record Totals(long Orders, double Revenue);
