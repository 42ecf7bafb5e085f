using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Presto.Testing.Tests.Support;

/// <summary>One HTTP exchange of a protocol run: status, response headers and the parsed body (when it was JSON).</summary>
public sealed record Exchange(string Method, string Uri, HttpStatusCode Status, HttpResponseHeaders Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public IEnumerable<string> HeaderValues(string name) => Headers.TryGetValues(name, out var values) ? values : [];
}

/// <summary>The whole run of one statement: every response, the concatenated rows and the final response.</summary>
public sealed class QueryRun
{
    public List<Exchange> Exchanges { get; } = [];

    public List<JsonElement> Rows { get; } = [];

    public JsonElement Last => Exchanges[^1].Json;

    public JsonElement? Columns => Exchanges.Select(e => e.Json).LastOrDefault(j => j.TryGetProperty("columns", out _)) is { ValueKind: JsonValueKind.Object } j
        ? j.GetProperty("columns")
        : null;

    public JsonElement? Error => Last.TryGetProperty("error", out var e) ? e : null;

    public IEnumerable<string> States => Exchanges.Select(e => e.Json.GetProperty("stats").GetProperty("state").GetString()!);

    /// <summary>All values of a response header over the run (response headers of every poll).</summary>
    public IEnumerable<string> Header(string name) => Exchanges.SelectMany(e => e.HeaderValues(name));
}

/// <summary>
/// A deliberately plain protocol client for the server's own tests: POST the SQL, follow <c>nextUri</c> until it is absent,
/// collect every response. It follows the wire rules only, so the tests see exactly what any client would see.
/// </summary>
public sealed class ProtocolClient : IDisposable
{
    private readonly HttpClient _http;

    public ProtocolClient(PrestoTestServer server, bool gzip = false)
    {
        Server = server;
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = gzip ? DecompressionMethods.GZip : DecompressionMethods.None,
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public PrestoTestServer Server { get; }

    public HttpClient Http => _http;

    public string Prefix => Server.Dialect == ServerDialect.Trino ? "X-Trino-" : "X-Presto-";

    /// <summary>Headers sent with every POST: the user, plus any given.</summary>
    public Dictionary<string, string> SessionHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    public async Task<Exchange> PostAsync(string sql, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/statement")
        {
            Content = new StringContent(sql, Encoding.UTF8, "text/plain"),
        };
        request.Headers.TryAddWithoutValidation(Prefix + "User", "test");
        foreach (var (name, value) in SessionHeaders)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await SendAsync(request);
    }

    public Task<Exchange> GetAsync(string uri) => SendAsync(new HttpRequestMessage(HttpMethod.Get, uri));

    public Task<Exchange> DeleteAsync(string uri) => SendAsync(new HttpRequestMessage(HttpMethod.Delete, uri));

    public Task<Exchange> HeadAsync(string uri) => SendAsync(new HttpRequestMessage(HttpMethod.Head, uri));

    public async Task<Exchange> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            return new Exchange(request.Method.Method, request.RequestUri!.ToString(), response.StatusCode, response.Headers, body);
        }
    }

    /// <summary>Runs a statement to its end and returns every response; fails the test on a non-200 answer.</summary>
    public async Task<QueryRun> RunAsync(string sql, IDictionary<string, string>? headers = null, int maxPolls = 100_000)
    {
        var run = new QueryRun();
        var exchange = await PostAsync(sql, headers);
        while (true)
        {
            Assert.True(exchange.Status == HttpStatusCode.OK, $"{exchange.Method} {exchange.Uri} answered {(int)exchange.Status}: {exchange.Body}");
            run.Exchanges.Add(exchange);
            var json = exchange.Json;
            if (json.TryGetProperty("data", out var data))
            {
                Assert.True(json.TryGetProperty("columns", out _), "data sent without columns");
                run.Rows.AddRange(data.EnumerateArray().Select(r => r.Clone()));
            }

            if (!json.TryGetProperty("nextUri", out var next))
            {
                return run;
            }

            Assert.True(--maxPolls > 0, "nextUri loop did not end");
            exchange = await GetAsync(next.GetString()!);
        }
    }

    public void Dispose() => _http.Dispose();
}
