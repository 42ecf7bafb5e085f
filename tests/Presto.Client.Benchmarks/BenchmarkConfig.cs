using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Presto.Benchmarks;

/// <summary>A short job for manual runs (no CI): 2 warm-up and 8 measured iterations, allocations, rows/s and bytes/row.</summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(8).WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(PerRowColumn.RowsPerSecond, PerRowColumn.AllocatedPerRow);
        AddColumn(StatisticColumn.Min, StatisticColumn.Max);
    }
}
