// DapperSample: Dapper over the ADO.NET provider — records, a parameter and an IN list.
//   dotnet run --project samples/DapperSample                              (starts the embedded server)
//   dotnet run --project samples/DapperSample -- --server https://host:8443 [--user alice]
// Against a real cluster, --server is a normal connection-string Server value (the cluster needs the tpch catalog);
// add credentials with the PRESTO_PASSWORD or PRESTO_TOKEN environment variables (never on the command line).
using Dapper;
using Presto;
using Presto.Testing;

string? serverUrl = null;
var user = Environment.UserName;
for (var i = 0; i < args.Length; i += 2)
{
    if (i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"Option {args[i]} needs a value. Usage: DapperSample [--server URL] [--user NAME]");
        return 2;
    }

    switch (args[i])
    {
        case "--server": serverUrl = args[i + 1]; break;
        case "--user": user = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}. Usage: DapperSample [--server URL] [--user NAME]");
            return 2;
    }
}

PrestoTestServer? embedded = null;
if (serverUrl is null)
{
    embedded = await PrestoTestServer.StartAsync(ServerDialect.Trino);
    serverUrl = embedded.BaseAddress.ToString();
    Console.WriteLine($"Started the embedded Trino coordinator at {serverUrl}");
}

try
{
    var builder = new PrestoConnectionStringBuilder
    {
        Server = serverUrl,
        User = user,
        Catalog = "tpch",
        Schema = "tiny",
        Source = "presto-client-dapper-sample",
        Password = Environment.GetEnvironmentVariable("PRESTO_PASSWORD"),
        AccessToken = Environment.GetEnvironmentVariable("PRESTO_TOKEN"),
    };

    // Dapper opens and closes the connection itself when it is closed.
    await using var connection = new PrestoConnection(builder.ConnectionString);

    // A parameter: sent as a typed literal of a server-side prepared statement, never pasted into the SQL.
    var europe = (await connection.QueryAsync<Nation>(
        "SELECT nationkey, name, regionkey FROM nation WHERE regionkey = @region ORDER BY nationkey",
        new { region = 3L })).ToList();
    Console.WriteLine($"{europe.Count} nations in region 3: {string.Join(", ", europe.Select(n => n.Name))}");

    // An IN list: Dapper expands @ids into (@ids1, @ids2, @ids3).
    var chosen = await connection.QueryAsync<Nation>(
        "SELECT nationkey, name, regionkey FROM nation WHERE nationkey IN @ids ORDER BY nationkey",
        new { ids = new[] { 3, 7, 24 } });
    foreach (var nation in chosen)
    {
        Console.WriteLine($"  {nation.NationKey,2} {nation.Name} (region {nation.RegionKey})");
    }

    // A scalar and a record with a decimal and a date.
    var orders = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM orders WHERE orderstatus = @status", new { status = "F" });
    var first = await connection.QueryFirstAsync<Order>(
        "SELECT orderkey, totalprice, orderdate FROM orders WHERE orderdate >= @from ORDER BY orderdate, orderkey",
        new { from = new DateOnly(1995, 1, 1) });
    Console.WriteLine($"{orders} finished orders; first order from 1995: #{first.OrderKey}, {first.TotalPrice:F2} on {first.OrderDate:yyyy-MM-dd}");

    return europe.Count > 0 && chosen.Count() == 3 ? 0 : 1;
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
    if (embedded is not null)
    {
        await embedded.DisposeAsync();
    }
}

/// <summary>A row of tpch.tiny.nation. Dapper fills a positional record through its constructor: names match
/// case-insensitively, and each column's type (bigint → long, varchar → string) must equal the parameter's.</summary>
internal sealed record Nation(long NationKey, string Name, long RegionKey);

/// <summary>double → double, date → DateOnly (Dapper 2.1 also maps date to a DateTime property).</summary>
internal sealed record Order(long OrderKey, double TotalPrice, DateOnly OrderDate);
