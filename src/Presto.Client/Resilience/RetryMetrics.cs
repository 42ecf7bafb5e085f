using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Presto.Resilience;

/// <summary>
/// Counters of the <c>Presto.Client</c> meter for query resubmission: every submission, resubmissions by rule, give-ups
/// by reason, budget rejections. Listen with OpenTelemetry (<c>AddMeter("Presto.Client")</c>) or dotnet-counters.
/// </summary>
internal static class RetryMetrics
{
    public const string MeterName = "Presto.Client";

    private static readonly Meter s_meter = new(MeterName, typeof(RetryMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>The library's one meter, shared with the routing counters.</summary>
    internal static Meter Meter => s_meter;

    private static readonly Counter<long> s_attempts = s_meter.CreateCounter<long>(
        "presto.client.query.attempts", "{attempt}", "Query submissions, first submissions and resubmissions alike.");

    private static readonly Counter<long> s_retries = s_meter.CreateCounter<long>(
        "presto.client.query.retries", "{retry}", "Query resubmissions, by the rule that matched the failure.");

    private static readonly Counter<long> s_giveUps = s_meter.CreateCounter<long>(
        "presto.client.query.retry_give_ups", "{failure}", "Failed queries not resubmitted although their rule allowed it, by reason.");

    private static readonly Counter<long> s_budgetRejections = s_meter.CreateCounter<long>(
        "presto.client.query.retry_budget_rejections", "{retry}", "Resubmissions refused because the client-wide retry budget was spent.");

    public static void Attempt(bool resubmission) => s_attempts.Add(1, new KeyValuePair<string, object?>("presto.attempt.kind", resubmission ? "retry" : "first"));

    public static void Retry(string? ruleId, PrestoRetryDecision decision) =>
        s_retries.Add(1, new KeyValuePair<string, object?>("presto.retry.rule", ruleId), new KeyValuePair<string, object?>("presto.retry.decision", decision.ToString()));

    public static void GiveUp(string? ruleId, PrestoRetryStopReason reason) =>
        s_giveUps.Add(1, new KeyValuePair<string, object?>("presto.retry.rule", ruleId), new KeyValuePair<string, object?>("presto.retry.stop_reason", reason.ToString()));

    public static void BudgetRejected(string? ruleId) => s_budgetRejections.Add(1, new KeyValuePair<string, object?>("presto.retry.rule", ruleId));
}
