using BenchmarkDotNet.Attributes;

namespace Presto.Benchmarks;

/// <summary>
/// P2: what the reader allocates, at two result sizes. A cost per cell grows with the rows; a cost per query (page buffer,
/// column buffers, request objects) does not, so bytes per row fall as the rows grow. Strings are allocated once per cell
/// (the varchar column: <c>name-1234</c>, 42 bytes each); non-string cells must allocate nothing.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class AllocationBenchmarks : ReplayBenchmarks
{

    [Params(10_000, 200_000)]
    public int Rows { get; set; } = 10_000;

    internal override Task<ReplayFixture> StartAsync() => ReplayFixture.StartAsync(BenchmarkResult.Sql, BenchmarkResult.Create(Rows), Rows);

    /// <summary>The seven non-string columns through their typed getters (target: 0 B per cell).</summary>
    [Benchmark]
    public Task<long> TypedGetters_NonString() => Fixture.ReadTypedAsync(includeVarchar: false);

    /// <summary>All eight columns: one string per row on top.</summary>
    [Benchmark]
    public Task<long> TypedGetters_All() => Fixture.ReadTypedAsync(includeVarchar: true);
}
