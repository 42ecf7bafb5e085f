using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;

namespace Presto;

/// <summary>
/// Routing across several clusters (see docs/routing.md). The connection string's <c>Server</c> list,
/// <c>RoutingStrategy</c> and <c>HealthCheckInterval</c> cover the common case; names, weights, groups, rules, a custom
/// strategy, the circuit breaker and hedging are set here (<c>PrestoDataSourceBuilder.ConfigureRouting</c>).
/// </summary>
public sealed class PrestoRoutingOptions
{
    private int _unhealthyAfter = 2;

    /// <summary>The clusters, in failover order. When empty, the connection string's servers (named by host and port).</summary>
    public IList<PrestoClusterOptions> Clusters { get; } = new List<PrestoClusterOptions>();

    /// <summary>The strategy; <see langword="null"/> takes the connection string's <c>RoutingStrategy</c>.</summary>
    public PrestoRoutingStrategy? Strategy { get; set; }

    /// <summary>A custom strategy; overrides <see cref="Strategy"/>.</summary>
    public IPrestoClusterSelector? Selector { get; set; }

    /// <summary>Time between health probes (randomised by ±20%); <see cref="TimeSpan.Zero"/> turns them off; <see langword="null"/> takes the connection string's <c>HealthCheckInterval</c> (10 s).</summary>
    public TimeSpan? HealthCheckInterval { get; set; }

    /// <summary>Consecutive failed probes after which a cluster is unhealthy (a refused connection counts at once). Default 2.</summary>
    public int UnhealthyAfterFailedProbes
    {
        get => _unhealthyAfter;
        set => _unhealthyAfter = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "At least 1.");
    }

    /// <summary>The group of queries that name none, and of clusters that list none. Default <c>default</c>.</summary>
    public string DefaultGroup { get; set; } = "default";

    /// <summary>When set, a query whose group has no available cluster fails instead of falling back to the default group.</summary>
    public bool StrictGroupIsolation { get; set; }

    /// <summary>
    /// Rules that choose a query's routing group from the request (user, source, client tags, catalog, statement kind),
    /// tried in order when the command names no group; the first non-null answer wins. A client tag that names a
    /// configured group is the next choice, then <see cref="DefaultGroup"/>.
    /// </summary>
    public IList<Func<PrestoRoutingRequest, string?>> GroupRules { get; } = new List<Func<PrestoRoutingRequest, string?>>();

    /// <summary>The per-cluster circuit breaker.</summary>
    public PrestoCircuitBreakerOptions CircuitBreaker { get; } = new();

    /// <summary>
    /// Hedged reads: when a read-only query has produced no rows after this delay, the same query starts on a second
    /// cluster; the first to deliver rows wins and the other is cancelled. <see langword="null"/> (the default) turns
    /// hedging off. Never used for writes, pinned connections or synchronous calls.
    /// </summary>
    public TimeSpan? HedgeDelay { get; set; }

    /// <summary>Mirroring of read-only queries to shadow clusters (<see cref="PrestoClusterOptions.ShadowOf"/>): concurrency cap, timeout, sampling seed, the comparison callback.</summary>
    public PrestoShadowOptions Shadowing { get; } = new();

    /// <summary>The clock of probes, circuit breakers and cool-downs.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Applies a configuration section: <c>Strategy</c>, <c>HealthCheckInterval</c>, <c>HedgeDelay</c> (time spans such as
    /// <c>00:00:10</c>), <c>StrictGroupIsolation</c>, <c>DefaultGroup</c> and <c>Clusters</c> (each with <c>Name</c>, <c>Uri</c>,
    /// <c>Weight</c>, <c>Groups</c>, <c>IsGateway</c>, <c>ShadowOf</c>, <c>ShadowFraction</c>), and <c>Shadowing</c> (<c>MaxConcurrency</c>,
    /// <c>Timeout</c>, <c>Seed</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A value cannot be read; the message names its configuration path.</exception>
    public PrestoRoutingOptions Bind(IConfiguration section)
    {
        Routing.RoutingConfiguration.Apply(this, section ?? throw new ArgumentNullException(nameof(section)));
        return this;
    }
}
