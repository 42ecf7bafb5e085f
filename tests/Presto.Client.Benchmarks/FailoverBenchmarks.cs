using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Presto.Testing;

namespace Presto.Benchmarks;

/// <summary>
/// P5: two endpoints, the first one dead (a closed port on 127.0.0.1: connections are refused). The first query of a new data
/// source may pay one connect attempt to the dead endpoint, later queries none (the router marks it unhealthy). Connect
/// attempts are counted per port by the handler's <c>ConnectCallback</c> and printed at set-up; the timings compare a query
/// with the dead endpoint listed against one with only the live endpoint. The routing decision itself: <see cref="RoutingBenchmarks"/>.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class FailoverBenchmarks
{
    private const string Sql = "SELECT 1";

    private readonly Dictionary<int, int> _connects = [];
    private PrestoTestServer _server = null!;
    private int _deadPort;
    private PrestoDataSource _liveOnly = null!;
    private PrestoDataSource _withDead = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { RecordRequests = false });
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            _deadPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
        }

        _liveOnly = Create(includeDead: false);
        _withDead = Create(includeDead: true);

        // Connect attempts: the first query of a fresh data source, then ten more.
        await using var fresh = Create(includeDead: true);
        Reset();
        await QueryAsync(fresh);
        int first = DeadConnects();
        Reset();
        for (int i = 0; i < 10; i++)
        {
            await QueryAsync(fresh);
        }

        Console.WriteLine($"// connect attempts to the dead endpoint: first query {first}, next 10 queries {DeadConnects()}");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _liveOnly.DisposeAsync();
        await _withDead.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<long> Query_LiveEndpointOnly() => QueryAsync(_liveOnly);

    /// <summary>A query on a warm data source whose first endpoint is dead (after its first query).</summary>
    [Benchmark]
    public Task<long> Query_DeadEndpointListedFirst() => QueryAsync(_withDead);

    /// <summary>A new data source each time: its first query finds the dead endpoint.</summary>
    [Benchmark]
    public async Task<long> FirstQuery_NewDataSource_DeadEndpointListedFirst()
    {
        await using var dataSource = Create(includeDead: true);
        return await QueryAsync(dataSource);
    }

    private static async Task<long> QueryAsync(PrestoDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new PrestoCommand(Sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private PrestoDataSource Create(bool includeDead)
    {
        string live = _server.BaseAddress.GetLeftPart(UriPartial.Authority);
        string servers = includeDead ? $"http://127.0.0.1:{_deadPort},{live}" : live;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                lock (_connects)
                {
                    _connects[context.DnsEndPoint.Port] = _connects.GetValueOrDefault(context.DnsEndPoint.Port) + 1;
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new PrestoDataSourceBuilder($"Server={servers};User=bench;Dialect=Trino;HealthCheckInterval=0")
            .UseHttpMessageHandler(handler, disposeHandler: true)
            .Build();
    }

    private void Reset()
    {
        lock (_connects)
        {
            _connects.Clear();
        }
    }

    private int DeadConnects()
    {
        lock (_connects)
        {
            return _connects.GetValueOrDefault(_deadPort);
        }
    }
}
