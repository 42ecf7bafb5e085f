using System;
using System.Collections.Generic;

namespace Presto;

/// <summary>
/// One row of the failure classification table: what a failed query attempt must look like (every property that is
/// set must match; a list matches when any of its items does) and what to do then. Rules are evaluated top-down and the
/// first match wins; a failure no rule matches is not retried. See docs/retry.md for the default table.
/// </summary>
/// <remarks>
/// Error numbers collide between Trino and PrestoDB, so a rule with <see cref="ErrorCodes"/> must name its
/// <see cref="Dialect"/>; error names are the stable key and match in either dialect unless a dialect is given.
/// </remarks>
public sealed class PrestoRetryRule
{
    /// <summary>Creates a rule.</summary>
    /// <param name="id">A short unique name, reported in exceptions, logs and metrics (e.g. <c>worker-failure</c>).</param>
    /// <param name="decision">What to do with a failure that matches.</param>
    public PrestoRetryRule(string id, PrestoRetryDecision decision)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException("A retry rule needs a non-empty id.", nameof(id));
        }

        Id = id.Trim();
        Decision = decision;
    }

    /// <summary>The rule's name.</summary>
    public string Id { get; }

    /// <summary>What to do with a failure that matches.</summary>
    public PrestoRetryDecision Decision { get; }

    /// <summary>Server error names (<c>errorName</c>), e.g. <c>REMOTE_TASK_ERROR</c>; compared case-sensitively.</summary>
    public IReadOnlyCollection<string>? ErrorNames { get; init; }

    /// <summary>Server error numbers (<c>errorCode</c>); only together with <see cref="Dialect"/>.</summary>
    public IReadOnlyCollection<int>? ErrorCodes { get; init; }

    /// <summary>The dialect the rule applies to; <see cref="PrestoDialect.Auto"/> (the default) means both.</summary>
    public PrestoDialect Dialect { get; init; }

    /// <summary>Server error categories (<c>errorType</c>).</summary>
    public IReadOnlyCollection<PrestoErrorType>? ErrorTypes { get; init; }

    /// <summary>
    /// A regular expression searched for in the server's error message (or, for failures without one, the exception
    /// message). Compiled once, culture-invariant, with a match timeout; use <c>(?i)</c> for case-insensitive matching.
    /// </summary>
    public string? MessagePattern { get; init; }

    /// <summary>Where in the query's life the failure happened.</summary>
    public IReadOnlyCollection<PrestoQueryPhase>? Phases { get; init; }

    /// <summary>HTTP statuses of the failed request (after the request-level retries gave up). 200 stands for a body that was empty or not JSON.</summary>
    public IReadOnlyCollection<int>? HttpStatuses { get; init; }

    /// <summary>A failure below HTTP: <see cref="PrestoTransportFailure.Any"/> or one kind of it.</summary>
    public PrestoTransportFailure? TransportFailure { get; init; }

    /// <summary>Matches only read-only statements, or only writes.</summary>
    public PrestoStatementKind? StatementKind { get; init; }

    /// <summary>PrestoDB's <c>retriable</c> flag of the error (Trino does not send it).</summary>
    public bool? Retriable { get; init; }

    /// <summary>
    /// The failure proves the statement never started executing (e.g. a full queue, a refused connection), so a
    /// write may be resubmitted too, as long as no response showed the query past the queue (phase
    /// <see cref="PrestoQueryPhase.Submit"/> or <see cref="PrestoQueryPhase.Queued"/>). Without it, only read-only
    /// statements are resubmitted.
    /// </summary>
    public bool ProvesNotExecuted { get; init; }

    /// <summary>Total submissions allowed when this rule matched, capped by <c>MaxQueryAttempts</c>; 0 (the default) means no extra cap.</summary>
    public int MaxAttempts { get; init; }

    /// <summary>The first delay as a multiple of the base delay (<c>RetryDelayMs</c>). Default 1.</summary>
    public double DelayFactor { get; init; } = 1;

    /// <summary>How the delay grows with each retry. Default <see cref="PrestoRetryBackoff.Exponential"/>.</summary>
    public PrestoRetryBackoff Backoff { get; init; } = PrestoRetryBackoff.Exponential;

    /// <summary>Waits as long as the server's <c>Retry-After</c> asked, when it did, instead of the computed delay. Default true.</summary>
    public bool HonorRetryAfter { get; init; } = true;

    /// <inheritdoc />
    public override string ToString() => Id + " → " + Decision;
}
