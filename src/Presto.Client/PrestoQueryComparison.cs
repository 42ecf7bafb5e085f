namespace Presto;

/// <summary>One query measured on both endpoints (see <see cref="PrestoComparisonReport"/>).</summary>
public sealed class PrestoQueryComparison
{
    internal PrestoQueryComparison(PrestoComparisonQuery query, PrestoComparisonSide baseline, PrestoComparisonSide candidate)
    {
        Query = query;
        Baseline = baseline;
        Candidate = candidate;
    }

    /// <summary>The query.</summary>
    public PrestoComparisonQuery Query { get; }

    /// <summary>Its measurements on the baseline.</summary>
    public PrestoComparisonSide Baseline { get; }

    /// <summary>Its measurements on the candidate.</summary>
    public PrestoComparisonSide Candidate { get; }

    /// <summary>
    /// Whether the results agree: both endpoints succeeded at least once, every successful run on each returned the same rows,
    /// and those rows (count and checksum) are the same on both.
    /// </summary>
    public bool ResultsAgree =>
        Baseline.Checksum is { } baseline && Candidate.Checksum is { } candidate && baseline == candidate &&
        Baseline.RowCount == Candidate.RowCount && Baseline.ResultsConsistent && Candidate.ResultsConsistent;

    /// <summary>The candidate's median latency over the baseline's (2.0: twice as slow), or <see langword="null"/> when either has no successful run.</summary>
    public double? MedianRatio =>
        Baseline.Median > System.TimeSpan.Zero && Candidate.Runs > Candidate.Failures
            ? Candidate.Median.TotalMilliseconds / Baseline.Median.TotalMilliseconds
            : null;
}
