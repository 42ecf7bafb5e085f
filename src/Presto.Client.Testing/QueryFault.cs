using System;

namespace Presto.Testing;

/// <summary>Fails matching queries with a Presto error at a chosen point (see <see cref="FaultInjector.FailQuery(QueryFault)"/>).</summary>
public sealed class QueryFault
{
    /// <summary>Error name, e.g. <c>REMOTE_TASK_ERROR</c>. Standard names get their code and type from the dialect's table.</summary>
    public required string ErrorName { get; init; }

    /// <summary>Error message.</summary>
    /// <value>Default: a message in the server's style naming the error.</value>
    public string? Message { get; init; }

    /// <summary>Overrides the error code (for connector codes or deliberate mismatches).</summary>
    public int? ErrorCode { get; init; }

    /// <summary>Overrides the error type (<c>USER_ERROR</c>, <c>INTERNAL_ERROR</c>, <c>INSUFFICIENT_RESOURCES</c>, <c>EXTERNAL</c>).</summary>
    public string? ErrorType { get; init; }

    /// <summary>PrestoDB's <c>retriable</c> flag; <see langword="null"/> takes it from the standard table.</summary>
    public bool? Retriable { get; init; }

    /// <summary>When the query fails.</summary>
    public FaultPoint At { get; init; } = FaultPoint.BeforeFirstPage;

    /// <summary>For <see cref="FaultPoint.AfterPage"/>: how many data pages are served first.</summary>
    public int AfterPages { get; init; } = 1;

    /// <summary>Which SQL it applies to; <see langword="null"/> means every query.</summary>
    public Func<string, bool>? Match { get; init; }

    /// <summary>How many matching queries it fails; a negative value means every one.</summary>
    /// <value>Default 1.</value>
    public int Times { get; init; } = 1;

    /// <summary>Chance (0..1) that a matching query is hit, drawn from the server's seeded random source.</summary>
    /// <value>Default 1.</value>
    public double Probability { get; init; } = 1.0;
}
