using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Presto.Benchmarks;

/// <summary>
/// One routing decision (target: under 5 µs): resolve the statement's group, filter the available clusters and let the
/// strategy pick, for four clusters (one draining), as every statement does before its submission. No network.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class RoutingBenchmarks
{
    private static readonly PrestoRoutingRequest Request = NewRequest();

    private PrestoRouter _router = null!;

    [Params(PrestoRoutingStrategy.Failover, PrestoRoutingStrategy.Weighted, PrestoRoutingStrategy.LeastLoaded, PrestoRoutingStrategy.RoundRobin)]
    public PrestoRoutingStrategy Strategy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var settings = new PrestoConnectionStringBuilder("Server=http://a:8080,http://b:8080,http://c:8080,http://d:8080;User=bench;HealthCheckInterval=0").ToSettings();
        var options = new PrestoRoutingOptions { Strategy = Strategy };
        options.GroupRules.Add(r => r.Source == "airflow" ? "etl" : null);
        _router = new PrestoRouter(settings, options, new HttpMessageInvoker(new SocketsHttpHandler()), NullLogger.Instance, stopWhenIdle: false);
        _router.Drain("c:8080");
    }

    [GlobalCleanup]
    public void Cleanup() => _router.Dispose();

    [Benchmark]
    public PrestoCluster Decide() => _router.Plan(Request, null).Next(otherCluster: false);

    private static PrestoRoutingRequest NewRequest() =>
        new(null, "bench", "dashboard", ["team-a"], "hive", "web", PrestoStatementKind.ReadOnly);
}
