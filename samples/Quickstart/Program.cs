// Quickstart: runs a query against a Presto/Trino coordinator and prints the rows.
//   dotnet run --project samples/Quickstart                          (starts the embedded server)
//   dotnet run --project samples/Quickstart -- --server http://host:8080 [--sql "SELECT ..."]
// Until the ADO.NET provider lands this sample speaks the statement protocol directly: POST the SQL, then follow nextUri.
using System.Text;
using System.Text.Json;
using Presto.Testing;

string? serverUrl = null;
string sql = "SELECT nationkey, name, regionkey FROM tpch.tiny.nation ORDER BY nationkey";
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--server": serverUrl = args[i + 1]; break;
        case "--sql": sql = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}. Usage: Quickstart [--server URL] [--sql SQL]");
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
    using var http = new HttpClient { BaseAddress = new Uri(serverUrl) };
    using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/statement") { Content = new StringContent(sql, Encoding.UTF8, "text/plain") };
    post.Headers.Add("X-Trino-User", Environment.UserName);
    post.Headers.Add("X-Trino-Source", "presto-client-quickstart");
    using var first = await http.SendAsync(post);
    first.EnsureSuccessStatusCode();
    var page = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
    bool headerPrinted = false;
    int rows = 0;
    while (true)
    {
        if (!headerPrinted && page.TryGetProperty("columns", out var columns) && columns.GetArrayLength() > 0)
        {
            Console.WriteLine(string.Join(" | ", columns.EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()} ({c.GetProperty("type").GetString()})")));
            headerPrinted = true;
        }

        if (page.TryGetProperty("data", out var data))
        {
            foreach (var row in data.EnumerateArray())
            {
                Console.WriteLine(string.Join(" | ", row.EnumerateArray().Select(v => v.ToString())));
                rows++;
            }
        }

        if (page.TryGetProperty("error", out var error))
        {
            Console.Error.WriteLine($"Query failed: {error.GetProperty("errorName").GetString()}: {error.GetProperty("message").GetString()}");
            return 1;
        }

        if (!page.TryGetProperty("nextUri", out var next))
        {
            break;
        }

        page = JsonDocument.Parse(await http.GetStringAsync(next.GetString())).RootElement;
    }

    Console.WriteLine($"{rows} rows, query {page.GetProperty("id").GetString()} {page.GetProperty("stats").GetProperty("state").GetString()}");
    return 0;
}
finally
{
    if (embedded is not null)
    {
        await embedded.DisposeAsync();
    }
}
