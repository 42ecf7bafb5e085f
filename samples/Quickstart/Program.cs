// Quickstart: runs a query through the ADO.NET provider and prints the rows.
//   dotnet run --project samples/Quickstart                           (starts the embedded server)
//   dotnet run --project samples/Quickstart -- --server https://host:8443 [--user alice] [--sql "SELECT ..."]
// Against a real cluster, --server is a normal connection-string Server value; add credentials with
// the PRESTO_PASSWORD or PRESTO_TOKEN environment variables (never on the command line).
using System.Globalization;
using Presto;
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
        Source = "presto-client-quickstart",
        Password = Environment.GetEnvironmentVariable("PRESTO_PASSWORD"),
        AccessToken = Environment.GetEnvironmentVariable("PRESTO_TOKEN"),
    };
    await using var connection = new PrestoConnection(builder.ConnectionString);
    await connection.OpenAsync();
    Console.WriteLine($"Connected ({connection.Dialect} dialect)");

    await using var command = new PrestoCommand(sql, connection);
    await using var reader = await command.ExecuteReaderAsync();
    Console.WriteLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)} ({reader.GetDataTypeName(i)})")));
    var rows = 0;
    var values = new object[reader.FieldCount];
    while (await reader.ReadAsync())
    {
        reader.GetValues(values);
        Console.WriteLine(string.Join(" | ", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        rows++;
    }

    Console.WriteLine(reader.UpdateType is null
        ? $"{rows} rows, query {reader.QueryId}"
        : $"{reader.UpdateType}: {reader.RecordsAffected} rows affected, query {reader.QueryId}");
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
    if (embedded is not null)
    {
        await embedded.DisposeAsync();
    }
}
