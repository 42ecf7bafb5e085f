using System.Diagnostics;
using System.Globalization;

namespace Presto.Benchmarks;

/// <summary>Runs every benchmark method once and prints rows, time, throughput and allocations: a check that runs in seconds.</summary>
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

        var benchmarks = new ReaderBenchmarks { Rows = rows };
        var setup = Stopwatch.StartNew();
        await benchmarks.SetupAsync().ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Setup: {setup.Elapsed.TotalSeconds:F1} s; {rows:N0} rows x {BenchmarkResult.ColumnCount} columns, {benchmarks.PagesPerQuery} pages, {benchmarks.BytesPerQuery / 1e6:F1} MB per query; typed getters {(benchmarks.TypedGettersAvailable ? "available" : "NOT available (stub decoders: reading every cell with GetString)")}"));
        Console.WriteLine("Allocations: 'total' is GC.GetTotalAllocatedBytes(precise) for the whole process (it includes the in-process replay server,");
        Console.WriteLine("a few hundred bytes per page); 'thread' is the GC.GetAllocatedBytesForCurrentThread delta, only meaningful when the run ended on the thread it began on.");
        Console.WriteLine();
        Console.WriteLine($"{"Benchmark",-36} {"Rows",10} {"ms",9} {"Rows/s",13} {"Ratio",6} {"Total B",15} {"B/row",8} {"Thread B",15}");

        var methods = new (string Name, Func<Task<long>> Run)[]
        {
            (nameof(ReaderBenchmarks.RawFloor), benchmarks.RawFloor),
            (nameof(ReaderBenchmarks.Layer_TransportOnly), benchmarks.Layer_TransportOnly),
            (nameof(ReaderBenchmarks.Layer_TransportAndDecode), benchmarks.Layer_TransportAndDecode),
            (nameof(ReaderBenchmarks.Layer_ReaderRowsOnly), benchmarks.Layer_ReaderRowsOnly),
            (nameof(ReaderBenchmarks.PrestoDataReader_TypedGetters), benchmarks.PrestoDataReader_TypedGetters),
            (nameof(ReaderBenchmarks.PrestoDataReader_NonStringColumns), benchmarks.PrestoDataReader_NonStringColumns),
            (nameof(ReaderBenchmarks.PrestoDataReader_GetValue), benchmarks.PrestoDataReader_GetValue),
        };
        methods = methods.Where(m => only is null || m.Name == nameof(ReaderBenchmarks.RawFloor) || m.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToArray();

        int failures = 0;
        double floorSeconds = double.NaN;
        var warm = methods.ToDictionary(m => m.Name, _ => new List<(double Ms, double BytesPerRow)>());
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
                long total = GC.GetTotalAllocatedBytes(precise: true) - totalBefore;
                string thread = Environment.CurrentManagedThreadId == threadId
                    ? (GC.GetAllocatedBytesForCurrentThread() - threadBefore).ToString("N0", CultureInfo.InvariantCulture)
                    : "n/a (hopped)";
                double seconds = watch.Elapsed.TotalSeconds;
                if (name == nameof(ReaderBenchmarks.RawFloor))
                {
                    floorSeconds = seconds;
                }

                if (read != rows)
                {
                    failures++;
                }

                if (round > 1)
                {
                    warm[name].Add((watch.Elapsed.TotalMilliseconds, (double)total / rows));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-36} {read,10:N0} {watch.Elapsed.TotalMilliseconds,9:F0} {read / seconds,13:N0} {floorSeconds / seconds,6:F2} {total,15:N0} {(double)total / rows,8:F1} {thread,15}{(read != rows ? "  ROW COUNT MISMATCH" : "")}"));
            }
        }
        finally
        {
            await benchmarks.CleanupAsync().ConfigureAwait(false);
        }

        Console.WriteLine();
        Console.WriteLine("Ratio = floor time / benchmark time (throughput relative to RawFloor; the target is >= 0.8). Single cold runs: JIT included.");
        if (repeat > 1)
        {
            // Medians of the warm rounds (all but the first): steadier than any single round on a shared machine.
            double floorMedian = Median(warm[nameof(ReaderBenchmarks.RawFloor)].Select(w => w.Ms));
            Console.WriteLine();
            Console.WriteLine($"Warm rounds 2..{repeat}: {"median ms",10} {"min ms",8} {"x floor",8} {"B/row",7}");
            foreach (var (name, samples) in warm.Where(w => w.Value.Count > 0))
            {
                double median = Median(samples.Select(w => w.Ms));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-36} {median,10:F0} {samples.Min(w => w.Ms),8:F0} {floorMedian / median,8:F2} {Median(samples.Select(w => w.BytesPerRow)),7:F1}"));
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
