using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Presto.Benchmarks;

/// <summary>
/// Runs every benchmark method of one benchmark class (<c>--class NAME</c>, default <see cref="ReaderBenchmarks"/>) once per
/// round without BenchmarkDotNet and prints time, ratio to the class's baseline and allocations: a check that runs in seconds.
/// <c>[Params]</c> properties take their first value (<c>--rows N</c> sets a <c>Rows</c> property).
/// </summary>
internal static class Smoke
{
    public static async Task<int> RunAsync(string[] args)
    {
        int rows = 1_000_000;
        int index = Array.IndexOf(args, "--rows");
        if (index >= 0 && index + 1 < args.Length)
        {
            rows = int.Parse(args[index + 1], CultureInfo.InvariantCulture);
        }

        bool rowsGiven = index >= 0;

        // --repeat N: run the whole list N times (the later rounds are warm: JIT and tiering done).
        int repeat = 1;
        index = Array.IndexOf(args, "--repeat");
        if (index >= 0 && index + 1 < args.Length)
        {
            repeat = int.Parse(args[index + 1], CultureInfo.InvariantCulture);
        }

        // --only NAME: run just the benchmarks whose name contains NAME (and the floor, for the ratio), e.g. for a profiler.
        string? only = null;
        index = Array.IndexOf(args, "--only");
        if (index >= 0 && index + 1 < args.Length)
        {
            only = args[index + 1];
        }

        string className = Option(args, "--class") ?? nameof(ReaderBenchmarks);
        var type = typeof(Smoke).Assembly.GetTypes().SingleOrDefault(t => t.Name.Equals(className, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No benchmark class named {className}.");
        object benchmarks = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties())
        {
            if (property.GetCustomAttribute<ParamsAttribute>() is { } values)
            {
                // --param NAME=VALUE picks another value than the first.
                string? given = args.Where(a => a.StartsWith(property.Name + "=", StringComparison.OrdinalIgnoreCase)).Select(a => a[(property.Name.Length + 1)..]).LastOrDefault();
                object? value = given is null ? values.Values[0]
                    : property.PropertyType.IsEnum ? Enum.Parse(property.PropertyType, given, ignoreCase: true)
                    : Convert.ChangeType(given, property.PropertyType, CultureInfo.InvariantCulture);
                property.SetValue(benchmarks, property.Name == "Rows" && rowsGiven ? rows : value);
            }
        }

        bool checkRows = type.GetProperty("Rows") is not null;
        rows = checkRows ? (int)type.GetProperty("Rows")!.GetValue(benchmarks)! : 0;
        var all = type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).ToArray();
        var baseline = all.FirstOrDefault(m => m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline) ?? all[0];
        var setup = Stopwatch.StartNew();
        await InvokeAsync(type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null), benchmarks).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{type.Name}: setup {setup.Elapsed.TotalSeconds:F1} s{(checkRows ? $"; {rows:N0} rows" : "")}"));
        Console.WriteLine("Allocations: 'total' is GC.GetTotalAllocatedBytes(precise) for the whole process (it includes the in-process replay server,");
        Console.WriteLine("a few hundred bytes per page); 'thread' is the GC.GetAllocatedBytesForCurrentThread delta, only meaningful when the run ended on the thread it began on.");
        Console.WriteLine();
        Console.WriteLine($"{"Benchmark",-36} {"Result",10} {"ms",9} {"Rows/s",13} {"Ratio",6} {"Total B",15} {"B/row",8} {"Thread B",15}");

        var methods = new[] { baseline }.Concat(all.Where(m => m != baseline))
            .Select(m => (m.Name, Run: (Func<Task<long>>)(() => InvokeAsync(m, benchmarks))))
            .Where(m => only is null || m.Name == baseline.Name || m.Name.Contains(only, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        rows = Math.Max(rows, 1);

        int failures = 0;
        double floorSeconds = double.NaN;
        var warm = methods.ToDictionary(m => m.Name, _ => new List<(double Ms, double BytesPerRow, double CpuMs)>());
        using var process = Process.GetCurrentProcess();
        int round = 0;
        try
        {
            foreach (var (name, run) in Enumerable.Range(0, repeat).SelectMany(_ => methods))
            {
                if (name == methods[0].Name)
                {
                    round++;
                }

                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                long totalBefore = GC.GetTotalAllocatedBytes(precise: true);
                long threadBefore = GC.GetAllocatedBytesForCurrentThread();
                int threadId = Environment.CurrentManagedThreadId;
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                long read;
                try
                {
                    read = await run().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failures++;
                    Console.WriteLine($"{name,-36} FAILED: {ex.GetType().Name}: {ex.Message}");
                    continue;
                }

                watch.Stop();
                process.Refresh();
                double cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
                long total = GC.GetTotalAllocatedBytes(precise: true) - totalBefore;
                string thread = Environment.CurrentManagedThreadId == threadId
                    ? (GC.GetAllocatedBytesForCurrentThread() - threadBefore).ToString("N0", CultureInfo.InvariantCulture)
                    : "n/a (hopped)";
                double seconds = watch.Elapsed.TotalSeconds;
                if (name == baseline.Name)
                {
                    floorSeconds = seconds;
                }

                if (checkRows && read != rows)
                {
                    failures++;
                }

                if (round > 1)
                {
                    warm[name].Add((watch.Elapsed.TotalMilliseconds, (double)total / rows, cpuMs));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-36} {read,10:N0} {watch.Elapsed.TotalMilliseconds,9:F0} {read / seconds,13:N0} {floorSeconds / seconds,6:F2} {total,15:N0} {(double)total / rows,8:F1} {thread,15}{(checkRows && read != rows ? "  ROW COUNT MISMATCH" : "")}"));
            }
        }
        finally
        {
            await InvokeAsync(type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalCleanupAttribute>() is not null), benchmarks).ConfigureAwait(false);
        }

        Console.WriteLine();
        Console.WriteLine("Ratio = baseline time / benchmark time (throughput relative to the baseline, e.g. RawFloor). Single cold runs: JIT included.");
        if (repeat > 1)
        {
            // Medians of the warm rounds (all but the first): steadier than any single round on a shared machine.
            double floorMedian = Median(warm[baseline.Name].Select(w => w.Ms));
            Console.WriteLine();
            // CPU ms: the whole process's CPU time (client, the in-process replay server, the runtime's own threads), median.
            Console.WriteLine($"Warm rounds 2..{repeat}: {"median ms",10} {"min ms",8} {"x floor",8} {"B/row",7} {"CPU ms",8}");
            foreach (var (name, samples) in warm.Where(w => w.Value.Count > 0))
            {
                double median = Median(samples.Select(w => w.Ms));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-36} {median,10:F2} {samples.Min(w => w.Ms),8:F2} {floorMedian / median,8:F2} {Median(samples.Select(w => w.BytesPerRow)),7:F1} {Median(samples.Select(w => w.CpuMs)),8:F0}"));
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>Calls a benchmark, setup or cleanup method; a <see cref="long"/> result (or <c>Task&lt;long&gt;</c>) is returned, anything else as 0.</summary>
    private static async Task<long> InvokeAsync(MethodInfo? method, object target)
    {
        switch (method?.Invoke(target, null))
        {
            case Task<long> rows:
                return await rows.ConfigureAwait(false);
            case Task task:
                await task.ConfigureAwait(false);
                return 0;
            case long value:
                return value;
            default:
                return 0;
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
