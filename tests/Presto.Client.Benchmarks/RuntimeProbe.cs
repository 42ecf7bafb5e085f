using System.Diagnostics;
using System.Globalization;

namespace Presto.Benchmarks;

/// <summary>
/// What the runtime did during one measured run, printed when disposed: collections per generation, GC pause time, lock
/// contentions, thread-pool work items and threads, and the process CPU time (set <c>PRESTO_BENCH_PROBE=1</c> to print).
/// </summary>
internal sealed class RuntimeProbe : IDisposable
{
    private static readonly bool s_enabled = Environment.GetEnvironmentVariable("PRESTO_BENCH_PROBE") == "1";

    private readonly string _label;
    private readonly int _gen0 = GC.CollectionCount(0);
    private readonly int _gen1 = GC.CollectionCount(1);
    private readonly int _gen2 = GC.CollectionCount(2);
    private readonly TimeSpan _pause = GC.GetTotalPauseDuration();
    private readonly long _contentions = Monitor.LockContentionCount;
    private readonly long _workItems = ThreadPool.CompletedWorkItemCount;
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    private RuntimeProbe(string label) => _label = label;

    public static RuntimeProbe? Start(string label) => s_enabled ? new RuntimeProbe(label) : null;

    public void Dispose()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {_label}: {_watch.Elapsed.TotalMilliseconds:F0} ms wall, {(Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalMilliseconds:F0} ms CPU; " +
            $"GC {GC.CollectionCount(0) - _gen0}/{GC.CollectionCount(1) - _gen1}/{GC.CollectionCount(2) - _gen2} (gen0/1/2), " +
            $"paused {(GC.GetTotalPauseDuration() - _pause).TotalMilliseconds:F0} ms, heap {info.HeapSizeBytes / 1048576.0:F0} MB; " +
            $"{Monitor.LockContentionCount - _contentions} lock contentions, {ThreadPool.CompletedWorkItemCount - _workItems} work items, {ThreadPool.ThreadCount} threads"));
    }
}
