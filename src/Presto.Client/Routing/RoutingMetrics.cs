using System.Collections.Generic;
using System.Diagnostics.Metrics;
using Presto.Resilience;

namespace Presto.Routing;

/// <summary>Counters of the <c>Presto.Client</c> meter for routing: decisions by cluster and group, moves, health changes, hedges.</summary>
internal static class RoutingMetrics
{
    private static readonly Counter<long> s_routed = RetryMetrics.Meter.CreateCounter<long>(
        "presto.client.routing.decisions", "{query}", "Statements routed, by cluster and group; moved=true when a failure moved the statement from another cluster.");

    private static readonly Counter<long> s_health = RetryMetrics.Meter.CreateCounter<long>(
        "presto.client.routing.health_changes", "{change}", "Cluster health changes seen by probes, by cluster and new health.");

    private static readonly Counter<long> s_hedges = RetryMetrics.Meter.CreateCounter<long>(
        "presto.client.routing.hedges", "{query}", "Hedged second submissions, by the cluster that delivered first.");

    public static void Routed(string cluster, string group, string? from) =>
        s_routed.Add(
            1,
            new KeyValuePair<string, object?>("presto.cluster", cluster),
            new KeyValuePair<string, object?>("presto.routing.group", group),
            new KeyValuePair<string, object?>("presto.routing.moved", from is not null));

    public static void HealthChanged(string cluster, PrestoClusterHealth health) =>
        s_health.Add(1, new KeyValuePair<string, object?>("presto.cluster", cluster), new KeyValuePair<string, object?>("presto.cluster.health", health.ToString()));

    public static void Hedged(string winner) => s_hedges.Add(1, new KeyValuePair<string, object?>("presto.cluster", winner));
}
