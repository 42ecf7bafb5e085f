using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Presto.Testing;

namespace Presto.Benchmarks;

/// <summary>
/// P4: time to the first row of <c>SELECT 1</c> on the embedded server (target: at most 1 ms above raw HttpClient doing the
/// POST and the GETs to the row), and <c>Open()</c>, which must not touch the network (checked at set-up: the server's request
/// log holds no statement request; the router's background health probe, GET /v1/info, is not awaited by Open).
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class LatencyBenchmarks
{
    private const string Sql = "SELECT 1";

    private PrestoTestServer _server = null!;
    private HttpClient _http = null!;
    private PrestoConnection _open = null!;
    private string _connectionString = null!;
    private readonly byte[] _sql = Encoding.UTF8.GetBytes(Sql);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { RecordRequests = true });
        _connectionString = string.Create(CultureInfo.InvariantCulture, $"Server={_server.BaseAddress};User=bench;Dialect=Trino");
        _http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, AllowAutoRedirect = false, UseCookies = false });

        await using (var connection = new PrestoConnection(_connectionString))
        {
            await connection.OpenAsync();
            Console.WriteLine($"// Open(): {_server.Requests.Count} request(s) to the server (expected: no statement request; a background health probe is not awaited) {string.Join(", ", _server.Requests.Select(r => r.Method + " " + r.PathAndQuery))}");
        }

        _open = new PrestoConnection(_connectionString);
        await _open.OpenAsync();
        _server.ClearRequests();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        Console.WriteLine($"// requests seen by the server during the run: {_server.Requests.Count}");
        await _open.DisposeAsync();
        _http.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>Raw HttpClient: POST, then GET nextUri until a page holds the row (then DELETE the rest, as our reader does when disposed early).</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> Raw_PostGet_FirstRow()
    {
        _server.ClearRequests();
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseAddress, "/v1/statement"));
        post.Content = new ByteArrayContent(_sql);
        post.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        post.Headers.Add("X-Trino-User", "bench");
        var (next, rows) = await SendAsync(post);
        while (rows == 0 && next is not null)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, next);
            get.Headers.Add("X-Trino-User", "bench");
            (next, rows) = await SendAsync(get);
        }

        if (next is not null)
        {
            using var delete = new HttpRequestMessage(HttpMethod.Delete, next);
            delete.Headers.Add("X-Trino-User", "bench");
            using var _ = await _http.SendAsync(delete);
        }

        return rows;
    }

    /// <summary>Our reader on an open connection: ExecuteReader, the first Read, dispose.</summary>
    [Benchmark]
    public async Task<long> PrestoDataReader_FirstRow()
    {
        _server.ClearRequests();
        await using var command = new PrestoCommand(Sql, _open);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? reader.GetInt32(0) : 0;
    }

    /// <summary>A new connection opened and closed (no round trip: <c>Dialect=Trino</c> and no validation asked for).</summary>
    [Benchmark]
    public async Task<long> Connection_Open()
    {
        await using var connection = new PrestoConnection(_connectionString);
        await connection.OpenAsync();
        return 1;
    }

    private async Task<(string? Next, long Rows)> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync();
        return ReplayFixture.Tokenise(body);
    }
}
