using System;
using Microsoft.Extensions.Logging;

namespace Presto.Resilience;

/// <summary>Log messages of query resubmission. Never given SQL text or credentials: rule ids, decisions, query ids, servers.</summary>
internal static partial class RetryLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Query {QueryId} on {Server} failed (attempt {Attempt}, {Phase}, rule {RuleId}: {Decision}); resubmitting in {DelayMs} ms: {Reason}")]
    public static partial void Resubmitting(ILogger logger, string? queryId, string server, int attempt, PrestoQueryPhase phase, string? ruleId, PrestoRetryDecision decision, long delayMs, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Query {QueryId} on {Server} failed (attempt {Attempt}, {Phase}, rule {RuleId}: {Decision}); not resubmitted: {StopReason}")]
    public static partial void GaveUp(ILogger logger, string? queryId, string server, int attempt, PrestoQueryPhase phase, string? ruleId, PrestoRetryDecision decision, PrestoRetryStopReason stopReason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Query {QueryId} failed with a retryable error (rule {RuleId}) but the client-wide retry budget is spent; not resubmitted")]
    public static partial void BudgetExhausted(ILogger logger, string? queryId, string? ruleId);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Resilience event {EventName} ({Strategy}, attempt {Attempt})")]
    public static partial void PollyEvent(ILogger logger, string eventName, string? strategy, int attempt, Exception? exception);
}
