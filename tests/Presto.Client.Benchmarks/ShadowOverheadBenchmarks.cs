using BenchmarkDotNet.Attributes;
using Presto.Protocol;
using Presto.Shadowing;
using Presto.Testing;

namespace Presto.Benchmarks;

/// <summary>
/// What shadow traffic costs the primary. CPU: parsing the recorded pages of a 10,000-row, 8-column result alone, and with
/// the row checksum a mirrored statement computes over the pages its reader gets. End to end against the embedded server:
/// a 100-row query with no shadow cluster, and with a shadow cluster that the sampling picks for every query but that
/// takes none (drained: the decision and the drop are the whole cost).
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ShadowOverheadBenchmarks
{
    private const string Sql = "SELECT x FROM small WHERE x >= 0";
    private const int Rows = 10_000;

    private byte[][] _pages = null!;
    private PrestoTestServer _server = null!;
    private PrestoTestServer _shadow = null!;
    private PrestoClient _plain = null!;
    private PrestoClient _shadowed = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var recording = await RecordedQuery.RecordAsync(BenchmarkResult.Sql, Rows);
        _pages = recording.Pages.Select(p => p.Body).ToArray();
        _server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { RecordRequests = false });
        _shadow = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { RecordRequests = false });
        _server.Script(Sql, ScriptedResult.Generated([new Presto.Testing.ResultColumn("x", "bigint")], 100, i => [i]));
        _plain = Client(null);
        _shadowed = Client(_shadow);
        _shadowed.Router.Drain("shadow");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _plain.DisposeAsync();
        await _shadowed.DisposeAsync();
        await _server.DisposeAsync();
        await _shadow.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public long ParsePages() => Parse(null);

    [Benchmark]
    public long ParsePages_WithRowChecksum() => Parse(new RowChecksum());

    [Benchmark]
    public Task<long> SmallQuery_NoShadow() => ReadAsync(_plain);

    [Benchmark]
    public Task<long> SmallQuery_ShadowSampledAndDropped() => ReadAsync(_shadowed);

    private long Parse(RowChecksum? checksum)
    {
        var body = new PageBuffer();
        var response = new QueryResponse();
        long rows = 0;
        foreach (var page in _pages)
        {
            body.Observer = null;
            body.Restart();
            body.EnsureFree(page.Length);
            page.CopyTo(body.Array, 0);
            body.Length = page.Length;
            QueryResultsParser.Parse(body, response, ProtocolDialect.Trino);
            rows += response.RowCount;
            checksum?.Add(response);
        }

        return checksum is null ? rows : rows + (long)(checksum.Value & 1);
    }

    private static async Task<long> ReadAsync(PrestoClient client)
    {
        long count = 0;
        await foreach (var _ in client.Query(Sql).StreamRowsAsync())
        {
            count++;
        }

        return count;
    }

    private PrestoClient Client(PrestoTestServer? shadow)
    {
        var options = new PrestoClientOptions { ConnectionString = $"Server={_server.BaseAddress};User=bench;Dialect=Trino;HealthCheckInterval=0" };
        options.Routing.HealthCheckInterval = TimeSpan.Zero;
        options.Routing.Clusters.Add(new PrestoClusterOptions("primary", _server.BaseAddress));
        if (shadow is not null)
        {
            options.Routing.Clusters.Add(new PrestoClusterOptions("shadow", shadow.BaseAddress) { ShadowOf = "default" });
        }

        return new PrestoClient(options);
    }
}
