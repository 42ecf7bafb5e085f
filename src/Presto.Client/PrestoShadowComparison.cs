namespace Presto;

/// <summary>
/// A read-only query that ran on its primary cluster and was mirrored to a shadow cluster: both sides' query ids, outcomes,
/// times, row counts and row checksums (see docs/shadowing.md). Delivered to <see cref="PrestoShadowOptions.OnComparison"/>.
/// </summary>
public sealed class PrestoShadowComparison
{
    internal PrestoShadowComparison(string statement, string routingGroup, PrestoShadowSide primary, PrestoShadowSide shadow, PrestoShadowOutcome outcome)
    {
        Statement = statement;
        RoutingGroup = routingGroup;
        Primary = primary;
        Shadow = shadow;
        Outcome = outcome;
    }

    /// <summary>The statement as sent (a parameterized one with its <c>?</c> markers: parameter values are never shown).</summary>
    public string Statement { get; }

    /// <summary>The routing group the primary ran in (the group the shadow cluster shadows).</summary>
    public string RoutingGroup { get; }

    /// <summary>The query the caller got.</summary>
    public PrestoShadowSide Primary { get; }

    /// <summary>The mirrored query, whose rows were read and discarded.</summary>
    public PrestoShadowSide Shadow { get; }

    /// <summary>How the two compared.</summary>
    public PrestoShadowOutcome Outcome { get; }

    /// <summary>Whether both sides returned the same rows (<see cref="PrestoShadowOutcome.Match"/>).</summary>
    public bool ResultsMatch => Outcome == PrestoShadowOutcome.Match;

    /// <inheritdoc />
    public override string ToString() => System.FormattableString.Invariant(
        $"{Outcome}: {Primary.Cluster} {Primary.QueryId} ({Primary.RowCount} rows, {Primary.Elapsed.TotalMilliseconds:0} ms) vs {Shadow.Cluster} {Shadow.QueryId} ({Shadow.RowCount} rows, {Shadow.Elapsed.TotalMilliseconds:0} ms)");
}
