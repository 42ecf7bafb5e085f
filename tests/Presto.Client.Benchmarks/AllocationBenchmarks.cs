using BenchmarkDotNet.Attributes;

namespace Presto.Benchmarks;

/// <summary>
/// P2: what the reader allocates, at two result sizes. A cost per cell grows with the rows; a cost per query (page buffer,
/// column buffers, request objects) does not, so bytes per row fall as the rows grow. Strings are allocated once per cell
/// (the varchar column: <c>name-1234</c>, 42 bytes each); non-string cells must allocate nothing.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class AllocationBenchmarks
{
    private ReplayFixture? _fixture;

    [Params(10_000, 200_000)]
    public int Rows { get; set; } = 10_000;

    [GlobalSetup]
    public async Task SetupAsync() =>
        _fixture = await ReplayFixture.StartAsync(BenchmarkResult.Sql, BenchmarkResult.Create(Rows), Rows).ConfigureAwait(false);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_fixture is not null)
        {
            await _fixture.DisposeAsync().ConfigureAwait(false);
        }
    }

    [Benchmark(Baseline = true)]
    public Task<long> RawFloor() => _fixture!.RawFloorAsync();

    /// <summary>The seven non-string columns through their typed getters (target: 0 B per cell).</summary>
    [Benchmark]
    public Task<long> TypedGetters_NonString() => _fixture!.ReadTypedAsync(includeVarchar: false);

    /// <summary>All eight columns: one string per row on top.</summary>
    [Benchmark]
    public Task<long> TypedGetters_All() => _fixture!.ReadTypedAsync(includeVarchar: true);
}
