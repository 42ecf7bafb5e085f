using System.Diagnostics;
using System.Globalization;
using Presto.Testing;

namespace Presto.Benchmarks;

/// <summary>
/// P3, <c>--memory [--small N] [--large N]</c>: the benchmark result (8 columns) of a small and of a large row count read
/// through the typed getters from the embedded server (which generates rows while it pages, so it holds no result either),
/// with the process's working set and the GC heap sampled every 20 ms. Target: the large run's peak within 10% of the small
/// run's. Not a BenchmarkDotNet benchmark: one run of each, peaks of the whole process (client and in-process server).
/// </summary>
internal static class MemoryFlatness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int small = Option(args, "--small", 100_000);
        int large = Option(args, "--large", 10_000_000);
        await using var server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { RecordRequests = false }).ConfigureAwait(false);
        string connectionString = string.Create(CultureInfo.InvariantCulture, $"Server={server.BaseAddress};User=bench;Dialect=Trino");

        Console.WriteLine($"{"Rows",12} {"seconds",8} {"peak working set MB",20} {"peak GC heap MB",16}");
        var peaks = new List<long>();
        foreach (int rows in new[] { small, large })
        {
            using var script = server.Script(BenchmarkResult.Sql, BenchmarkResult.Create(rows));
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var sampler = new PeakSampler();
            var watch = Stopwatch.StartNew();
            long read;
            await using (var connection = new PrestoConnection(connectionString))
            {
                await connection.OpenAsync().ConfigureAwait(false);
                await using var command = new PrestoCommand(BenchmarkResult.Sql, connection);
                await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
                (read, _) = await TypedRow.ReadAllAsync(reader, includeVarchar: true).ConfigureAwait(false);
            }

            watch.Stop();
            sampler.Stop();
            if (read != rows)
            {
                Console.WriteLine($"read {read} rows, expected {rows}");
                return 1;
            }

            peaks.Add(sampler.PeakWorkingSet);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rows,12:N0} {watch.Elapsed.TotalSeconds,8:F1} {sampler.PeakWorkingSet / 1e6,20:F1} {sampler.PeakHeap / 1e6,16:F1}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Large / small peak working set: {(double)peaks[1] / peaks[0]:F2} (target <= 1.10)"));
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Samples the process's working set and the GC heap size every 20 ms and keeps the largest of each.</summary>
    private sealed class PeakSampler
    {
        private readonly Timer _timer;
        private readonly Process _process = Process.GetCurrentProcess();

        public PeakSampler() => _timer = new Timer(_ => Sample(), null, 0, 20);

        public long PeakWorkingSet { get; private set; }

        public long PeakHeap { get; private set; }

        public void Stop()
        {
            _timer.Dispose();
            Sample();
            _process.Dispose();
        }

        private void Sample()
        {
            lock (_timer)
            {
                _process.Refresh();
                PeakWorkingSet = Math.Max(PeakWorkingSet, _process.WorkingSet64);
                PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(forceFullCollection: false));
            }
        }
    }
}
