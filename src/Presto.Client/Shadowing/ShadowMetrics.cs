using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using Presto.Resilience;

namespace Presto.Shadowing;

/// <summary>Instruments of the <c>Presto.Client</c> meter for shadow traffic: comparisons by outcome, mismatches, dropped mirrors, durations per side.</summary>
internal static class ShadowMetrics
{
    private static readonly Counter<long> s_queries = RetryMetrics.Meter.CreateCounter<long>(
        "presto.client.shadow.queries", "{query}", "Mirrored queries compared, by shadow cluster and outcome.");

    private static readonly Counter<long> s_mismatches = RetryMetrics.Meter.CreateCounter<long>(
        "presto.client.shadow.mismatches", "{query}", "Mirrored queries whose shadow returned other rows than the primary, by shadow cluster.");

    private static readonly Counter<long> s_dropped = RetryMetrics.Meter.CreateCounter<long>(
        "presto.client.shadow.dropped", "{query}", "Queries sampled for a shadow cluster but not mirrored, by shadow cluster and reason (concurrency, unavailable).");

    private static readonly Histogram<double> s_duration = RetryMetrics.Meter.CreateHistogram<double>(
        "presto.client.shadow.duration", "s", "Elapsed time of each side of a mirrored query, by cluster and side (primary, shadow).");

    public static void Compared(PrestoShadowComparison comparison)
    {
        var cluster = new KeyValuePair<string, object?>("presto.cluster", comparison.Shadow.Cluster);
        s_queries.Add(1, cluster, new KeyValuePair<string, object?>("presto.shadow.outcome", OutcomeName(comparison.Outcome)));
        if (comparison.Outcome == PrestoShadowOutcome.Mismatch)
        {
            s_mismatches.Add(1, cluster);
        }

        Duration(comparison.Primary, "primary");
        Duration(comparison.Shadow, "shadow");
    }

    public static void Dropped(string cluster, string reason) =>
        s_dropped.Add(1, new KeyValuePair<string, object?>("presto.cluster", cluster), new KeyValuePair<string, object?>("presto.shadow.reason", reason));

    private static void Duration(PrestoShadowSide side, string name) =>
        s_duration.Record(side.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("presto.cluster", side.Cluster), new KeyValuePair<string, object?>("presto.shadow.side", name));

    private static string OutcomeName(PrestoShadowOutcome outcome) => outcome switch
    {
        PrestoShadowOutcome.Match => "match",
        PrestoShadowOutcome.Mismatch => "mismatch",
        PrestoShadowOutcome.PrimaryIncomplete => "primary_incomplete",
        PrestoShadowOutcome.PrimaryFailed => "primary_failed",
        PrestoShadowOutcome.ShadowFailed => "shadow_failed",
        PrestoShadowOutcome.ShadowTimedOut => "shadow_timed_out",
        PrestoShadowOutcome.BothFailed => "both_failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}
