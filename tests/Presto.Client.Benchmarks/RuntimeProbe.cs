using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Presto.Benchmarks;

/// <summary>
/// What the runtime did during one measured run, printed when disposed: collections per generation, GC pause time, lock
/// contentions, thread-pool work items and threads, and the process CPU time (set <c>PRESTO_BENCH_PROBE=1</c> to print;
/// <c>PRESTO_BENCH_PROBE=alloc</c> adds the types allocated, sampled by the runtime's allocation ticks, about one per 100 KB).
/// </summary>
internal sealed class RuntimeProbe : IDisposable
{
    private static readonly string? s_mode = Environment.GetEnvironmentVariable("PRESTO_BENCH_PROBE");
    private static readonly bool s_enabled = s_mode is "1" or "alloc";

    private readonly string _label;
    private readonly int _gen0 = GC.CollectionCount(0);
    private readonly int _gen1 = GC.CollectionCount(1);
    private readonly int _gen2 = GC.CollectionCount(2);
    private readonly TimeSpan _pause = GC.GetTotalPauseDuration();
    private readonly long _contentions = Monitor.LockContentionCount;
    private readonly long _workItems = ThreadPool.CompletedWorkItemCount;
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    private readonly AllocationTicks? _ticks = s_mode == "alloc" ? new AllocationTicks() : null;

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
        if (_ticks is not null)
        {
            _ticks.Dispose();
            foreach (var (type, bytes) in _ticks.Bytes.OrderByDescending(t => t.Value).Take(12))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"//   {bytes / 1024.0,10:F0} KB  {type}"));
            }
        }
    }

    /// <summary>GCAllocationTick events of the runtime (one per ≈ 100 KB allocated), summed by type.</summary>
    private sealed class AllocationTicks : EventListener
    {
        public ConcurrentDictionary<string, long> Bytes { get; } = new();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is not null && e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) && e.Payload is { } payload)
            {
                var type = payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
                var amount = Convert.ToInt64(payload[e.PayloadNames.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture);
                Bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
            }
        }
    }
}
