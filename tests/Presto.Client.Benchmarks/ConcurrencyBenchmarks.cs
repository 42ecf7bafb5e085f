using BenchmarkDotNet.Attributes;

namespace Presto.Benchmarks;

/// <summary>
/// P6: <see cref="Concurrency"/> queries at once from one <see cref="PrestoClient"/> (each 10,000 rows through the typed
/// getters), against the same number of concurrent raw floors on the same replay. Throughput should rise with concurrency
/// until the two cores saturate and then stay flat; the thread pool should not grow (no sync-over-async blocking its
/// threads): the largest thread count seen and the pool's queue are printed at clean-up.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ConcurrencyBenchmarks
{
    private const int RowsPerQuery = 10_000;

    private ReplayFixture? _fixture;
    private PrestoClient _client = null!;
    private Timer? _sampler;
    private int _maxThreads;
    private long _maxQueue;

    [Params(1, 10, 50, 200)]
    public int Concurrency { get; set; } = 1;

    public double Checksum { get; private set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _fixture = await ReplayFixture.StartAsync(BenchmarkResult.Sql, BenchmarkResult.Create(RowsPerQuery), RowsPerQuery).ConfigureAwait(false);
        _client = new PrestoClient(_fixture.ConnectionString);
        _sampler = new Timer(_ => Sample(), null, 0, 20);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _sampler?.Dispose();
        Console.WriteLine($"// Concurrency {Concurrency}: at most {_maxThreads} thread-pool threads, at most {_maxQueue} queued work items (2 cores)");
        await _client.DisposeAsync().ConfigureAwait(false);
        if (_fixture is not null)
        {
            await _fixture.DisposeAsync().ConfigureAwait(false);
        }
    }

    [Benchmark(Baseline = true)]
    public Task<long> RawFloor_Concurrent() => RunAsync(_fixture!.RawFloorAsync, "floor");

    [Benchmark]
    public Task<long> PrestoClient_Concurrent() => RunAsync(ReadOneAsync, "client");

    private async Task<long> RunAsync(Func<Task<long>> query, string label)
    {
        using var probe = RuntimeProbe.Start($"Concurrency {Concurrency}, {label}");
        var tasks = new Task<long>[Concurrency];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Task.Run(query);
        }

        long rows = 0;
        foreach (var rowsOfOne in await Task.WhenAll(tasks).ConfigureAwait(false))
        {
            rows += rowsOfOne;
        }

        return rows;
    }

    private async Task<long> ReadOneAsync()
    {
        await using var reader = await _client.Query(BenchmarkResult.Sql).ExecuteReaderAsync().ConfigureAwait(false);
        (long rows, Checksum) = await TypedRow.ReadAllAsync(reader, includeVarchar: true).ConfigureAwait(false);
        return rows;
    }

    private void Sample()
    {
        _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
        _maxQueue = Math.Max(_maxQueue, ThreadPool.PendingWorkItemCount);
    }
}
