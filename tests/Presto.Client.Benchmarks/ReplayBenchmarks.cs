using BenchmarkDotNet.Attributes;

namespace Presto.Benchmarks;

/// <summary>
/// A benchmark class over one <see cref="ReplayFixture"/>: set-up records and replays the result <see cref="StartAsync"/> gives,
/// and the raw floor on the same pages is the baseline of every comparison.
/// </summary>
public abstract class ReplayBenchmarks
{
    private ReplayFixture? _fixture;

    internal ReplayFixture Fixture => _fixture ?? throw new InvalidOperationException("GlobalSetup has not run.");

    [GlobalSetup]
    public async Task SetupAsync() => _fixture = await StartAsync().ConfigureAwait(false);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_fixture is not null)
        {
            await _fixture.DisposeAsync().ConfigureAwait(false);
        }

        _fixture = null;
    }

    /// <summary>The floor (see <see cref="ReplayFixture.RawFloorAsync"/>).</summary>
    [Benchmark(Baseline = true)]
    public Task<long> RawFloor() => Fixture.RawFloorAsync();

    internal abstract Task<ReplayFixture> StartAsync();
}
