using System;
using System.Collections.Generic;

namespace Presto;

/// <summary>The measurements of one query on one endpoint over the measured rounds (see <see cref="PrestoQueryComparison"/>).</summary>
public sealed class PrestoComparisonSide
{
    internal PrestoComparisonSide(
        int runs,
        int failures,
        IReadOnlyList<string> errorNames,
        TimeSpan median,
        TimeSpan p95,
        TimeSpan min,
        TimeSpan max,
        long rowCount,
        ulong? checksum,
        bool consistent,
        long processedRows,
        long processedBytes)
    {
        Runs = runs;
        Failures = failures;
        ErrorNames = errorNames;
        Median = median;
        P95 = p95;
        Min = min;
        Max = max;
        RowCount = rowCount;
        Checksum = checksum;
        ResultsConsistent = consistent;
        ProcessedRows = processedRows;
        ProcessedBytes = processedBytes;
    }

    /// <summary>Measured runs.</summary>
    public int Runs { get; }

    /// <summary>Runs that failed (an error, a refused connection, the timeout).</summary>
    public int Failures { get; }

    /// <summary>The distinct failures' names (the server's error name, else the client-side failure).</summary>
    public IReadOnlyList<string> ErrorNames { get; }

    /// <summary>The median latency of the successful runs (submission to last row), zero when none succeeded.</summary>
    public TimeSpan Median { get; }

    /// <summary>The 95th percentile latency (nearest rank) of the successful runs.</summary>
    public TimeSpan P95 { get; }

    /// <summary>The fastest successful run.</summary>
    public TimeSpan Min { get; }

    /// <summary>The slowest successful run.</summary>
    public TimeSpan Max { get; }

    /// <summary>Rows returned by the last successful run.</summary>
    public long RowCount { get; }

    /// <summary>The order-insensitive row checksum of the last successful run (see <see cref="PrestoShadowSide.Checksum"/>), or <see langword="null"/> when none succeeded.</summary>
    public ulong? Checksum { get; }

    /// <summary>Whether every successful run returned the same rows.</summary>
    public bool ResultsConsistent { get; }

    /// <summary>Rows the server processed (its final statistics), median over the successful runs.</summary>
    public long ProcessedRows { get; }

    /// <summary>Bytes the server processed (its final statistics), median over the successful runs.</summary>
    public long ProcessedBytes { get; }
}
