using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Presto.Shadowing;

namespace Presto;

/// <summary>The result of a <see cref="PrestoClusterComparer"/> run: per query, latency, server statistics, failures and agreement on both endpoints.</summary>
public sealed class PrestoComparisonReport
{
    internal PrestoComparisonReport(string baselineName, Uri baselineServer, string candidateName, Uri candidateServer, int repetitions, int warmup, DateTimeOffset started, TimeSpan elapsed, IReadOnlyList<PrestoQueryComparison> queries)
    {
        BaselineName = baselineName;
        BaselineServer = baselineServer;
        CandidateName = candidateName;
        CandidateServer = candidateServer;
        Repetitions = repetitions;
        WarmupRepetitions = warmup;
        Started = started;
        Elapsed = elapsed;
        Queries = queries;
    }

    /// <summary>The baseline's name.</summary>
    public string BaselineName { get; }

    /// <summary>The baseline's coordinator.</summary>
    public Uri BaselineServer { get; }

    /// <summary>The candidate's name.</summary>
    public string CandidateName { get; }

    /// <summary>The candidate's coordinator.</summary>
    public Uri CandidateServer { get; }

    /// <summary>Measured rounds.</summary>
    public int Repetitions { get; }

    /// <summary>Warm-up rounds (not measured).</summary>
    public int WarmupRepetitions { get; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>How long the whole run took, warm-up included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The queries, in the order they ran.</summary>
    public IReadOnlyList<PrestoQueryComparison> Queries { get; }

    /// <summary>
    /// Writes the report as CSV (RFC 4180, invariant culture): one line per query and endpoint with <c>query, endpoint,
    /// server, runs, failures, median_ms, p95_ms, min_ms, max_ms, rows, checksum, processed_rows, processed_bytes,
    /// results_agree, median_ratio, errors</c>.
    /// </summary>
    public void WriteCsv(TextWriter writer) => ComparisonWriter.WriteCsv(this, writer ?? throw new ArgumentNullException(nameof(writer)));

    /// <summary>Writes the report as a JSON document (UTF-8).</summary>
    public Task WriteJsonAsync(Stream stream, CancellationToken cancellationToken = default) =>
        ComparisonWriter.WriteJsonAsync(this, stream ?? throw new ArgumentNullException(nameof(stream)), cancellationToken);
}
