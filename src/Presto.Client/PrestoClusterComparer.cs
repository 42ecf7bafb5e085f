using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Presto.Protocol;
using Presto.Shadowing;

namespace Presto;

/// <summary>
/// Compares two clusters (or two versions behind two endpoints) before a switch: runs every query a number of rounds on
/// both, after warm-up rounds, and reports per query the median and 95th percentile latency, the rows and bytes the servers
/// processed, failures, and whether the results agree (row count and order-insensitive checksum). Each run is one
/// submission, read to the end and discarded; nothing is retried. In every round the two endpoints take turns going first.
/// See docs/shadowing.md.
/// </summary>
/// <example>
/// <code>
/// var options = new PrestoComparisonOptions { BaselineConnectionString = "Server=https://blue…;User=ops", CandidateConnectionString = "Server=https://green…;User=ops" };
/// options.Queries.Add(new PrestoComparisonQuery("q01", "SELECT count(*) FROM orders"));
/// var report = await new PrestoClusterComparer(options).RunAsync();
/// report.WriteCsv(Console.Out);
/// </code>
/// </example>
public sealed class PrestoClusterComparer
{
    private readonly PrestoComparisonOptions _options;

    /// <summary>Creates a comparer.</summary>
    /// <exception cref="ArgumentException">A connection string is missing or invalid, or there is no query.</exception>
    public PrestoClusterComparer(PrestoComparisonOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (string.IsNullOrWhiteSpace(options.BaselineConnectionString) || string.IsNullOrWhiteSpace(options.CandidateConnectionString))
        {
            throw new ArgumentException("A comparison needs a baseline and a candidate connection string.", nameof(options));
        }

        if (options.Queries.Count == 0)
        {
            throw new ArgumentException("A comparison needs at least one query.", nameof(options));
        }
    }

    /// <summary>Runs the comparison.</summary>
    /// <param name="progress">Told the query, the endpoint's name and the round of each run as it starts (warm-up rounds are negative).</param>
    /// <param name="cancellationToken">Stops the run (the query in flight is cancelled on its server).</param>
    public async Task<PrestoComparisonReport> RunAsync(IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var baseline = await Endpoint.OpenAsync(_options.BaselineName, _options.BaselineConnectionString, _options, cancellationToken).ConfigureAwait(false);
        using var candidate = await Endpoint.OpenAsync(_options.CandidateName, _options.CandidateConnectionString, _options, cancellationToken).ConfigureAwait(false);
        var queries = _options.Queries;
        var samples = new (ComparisonSamples Baseline, ComparisonSamples Candidate)[queries.Count];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (new ComparisonSamples(), new ComparisonSamples());
        }

        for (var round = -_options.WarmupRepetitions; round < _options.Repetitions; round++)
        {
            for (var i = 0; i < queries.Count; i++)
            {
                var (first, firstSamples, second, secondSamples) = (round & 1) == 0
                    ? (baseline, samples[i].Baseline, candidate, samples[i].Candidate)
                    : (candidate, samples[i].Candidate, baseline, samples[i].Baseline);
                await MeasureAsync(first, queries[i], round, round >= 0 ? firstSamples : null, progress, cancellationToken).ConfigureAwait(false);
                await MeasureAsync(second, queries[i], round, round >= 0 ? secondSamples : null, progress, cancellationToken).ConfigureAwait(false);
            }
        }

        var results = new PrestoQueryComparison[queries.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new PrestoQueryComparison(queries[i], samples[i].Baseline.Summarize(), samples[i].Candidate.Summarize());
        }

        return new PrestoComparisonReport(
            baseline.Name, baseline.Server, candidate.Name, candidate.Server, _options.Repetitions, _options.WarmupRepetitions, started, clock.Elapsed, results);
    }

    private async Task MeasureAsync(Endpoint endpoint, PrestoComparisonQuery query, int round, ComparisonSamples? samples, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(FormattableString.Invariant($"{query.Name} on {endpoint.Name}, round {round}"));
        var result = await endpoint.RunAsync(query.Sql, _options.QueryTimeout, cancellationToken).ConfigureAwait(false);
        if (result.Failure is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        samples?.Add(result);
    }

    /// <summary>One side: an engine over its connection string, measuring its first server.</summary>
    private sealed class Endpoint : IDisposable
    {
        private readonly ClientEngine _engine;
        private readonly PrestoCluster _cluster;
        private readonly ProtocolTransport _transport;

        private Endpoint(string name, ClientEngine engine, PrestoCluster cluster, ProtocolTransport transport)
        {
            Name = name;
            _engine = engine;
            _cluster = cluster;
            _transport = transport;
        }

        public string Name { get; }

        public Uri Server => _cluster.BaseUri;

        public static async Task<Endpoint> OpenAsync(string name, string connectionString, PrestoComparisonOptions options, CancellationToken cancellationToken)
        {
            var engine = new ClientEngine(new EngineOptions(connectionString, new PrestoRetryOptions(), new PrestoRoutingOptions { HealthCheckInterval = TimeSpan.Zero })
            {
                LoggerFactory = options.LoggerFactory,
            });
            try
            {
                var cluster = engine.Router.Clusters[0];
                var transport = await engine.Router.TransportAsync(cluster, async: true, cancellationToken).ConfigureAwait(false);
                return new Endpoint(name, engine, cluster, transport);
            }
            catch
            {
                engine.Dispose();
                throw;
            }
        }

        public Task<DrainResult> RunAsync(string sql, TimeSpan timeout, CancellationToken cancellationToken) =>
            QueryDrain.RunAsync(_transport, _engine.Settings, new ClientSession(_engine.Settings), _cluster.BaseUri, sql, null, timeout, _engine.Logger, cancellationToken);

        public void Dispose() => _engine.Dispose();
    }
}
