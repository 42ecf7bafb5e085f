using System.Diagnostics;
using System.Globalization;
using Presto.Testing;

namespace Presto.Benchmarks;

/// <summary>
/// P3, <c>--memory [--small N] [--large N] [--in-process]</c>: the benchmark result (8 columns) of a small and of a large
/// row count read through the typed getters from the embedded server (which generates rows while it pages, so it holds no
/// result either). The client runs in a fresh child process per size (the large one first), so its figures are the
/// client's alone: peak working set and GC heap sampled every 20 ms, and the kernel's peak resident set (<c>VmHWM</c>).
/// <c>--in-process</c> measures as before, client and server in this process one after the other. <c>PRESTO_BENCH_PROBE=1|alloc</c>
/// prints each run's GC counts (and the types allocated). Target: the large run's peak within 10% of the small run's. Not a
/// BenchmarkDotNet benchmark: one run of each.
/// </summary>
internal static class MemoryFlatness
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (OptionText(args, "--client") is { } serverAddress)
        {
            return await RunClientAsync(serverAddress, Option(args, "--rows", 0)).ConfigureAwait(false);
        }

        int small = Option(args, "--small", 100_000);
        int large = Option(args, "--large", 10_000_000);
        bool inProcess = args.Contains("--in-process");
        await using var server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { RecordRequests = false }).ConfigureAwait(false);
        Console.WriteLine(inProcess
            ? "Client and server in this process (peaks of both)."
            : "Client in a fresh child process per size (its own peaks; the server stays in this process).");
        Console.WriteLine($"{"Rows",12} {"seconds",8} {"peak working set MB",20} {"peak GC heap MB",16} {"VmHWM MB",9}");
        var peaks = new List<long>();
        foreach (int rows in inProcess ? new[] { small, large } : new[] { large, small })
        {
            using var script = server.Script(BenchmarkResult.Sql, BenchmarkResult.Create(rows));
            Measurement? measured = inProcess ? await MeasureAsync(ConnectionString(server.BaseAddress.ToString()), rows).ConfigureAwait(false) : await RunChildAsync(server.BaseAddress.ToString(), rows).ConfigureAwait(false);
            if (measured is not { } m)
            {
                return 1;
            }

            peaks.Add(m.PeakWorkingSet);
            Console.WriteLine(m.Format(rows));
        }

        long largePeak = inProcess ? peaks[1] : peaks[0];
        long smallPeak = inProcess ? peaks[0] : peaks[1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Large / small peak working set: {(double)largePeak / smallPeak:F2} (target <= 1.10)"));
        return 0;
    }

    /// <summary>The child: reads the result once and prints its measurement as one line for the parent.</summary>
    private static async Task<int> RunClientAsync(string serverAddress, int rows)
    {
        if (await MeasureAsync(ConnectionString(serverAddress), rows).ConfigureAwait(false) is not { } m)
        {
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MEASURED {m.Seconds} {m.PeakWorkingSet} {m.PeakHeap} {m.HighWaterMark}"));
        return 0;
    }

    private static async Task<Measurement?> RunChildAsync(string serverAddress, int rows)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(MemoryFlatness).Assembly.Location);
        }

        foreach (var arg in new[] { "--memory", "--client", serverAddress, "--rows", rows.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        string output = await child.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await child.WaitForExitAsync().ConfigureAwait(false);
        foreach (var probeLine in output.Split('\n').Where(l => l.StartsWith("//", StringComparison.Ordinal)))
        {
            // PRESTO_BENCH_PROBE: the child's GC counts and allocated types.
            Console.WriteLine(probeLine.TrimEnd());
        }

        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("MEASURED ", StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            Console.WriteLine($"the client process failed (exit code {child.ExitCode}): {output}");
            return null;
        }

        var parts = line.Split(' ');
        return new Measurement(
            double.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture),
            long.Parse(parts[3], CultureInfo.InvariantCulture),
            long.Parse(parts[4], CultureInfo.InvariantCulture));
    }

    private static async Task<Measurement?> MeasureAsync(string connectionString, int rows)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var sampler = new PeakSampler();
        using var probe = RuntimeProbe.Start(string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows"));
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
            return null;
        }

        return new Measurement(watch.Elapsed.TotalSeconds, sampler.PeakWorkingSet, sampler.PeakHeap, ReadHighWaterMark());
    }

    private static string ConnectionString(string serverAddress) => string.Create(CultureInfo.InvariantCulture, $"Server={serverAddress};User=bench;Dialect=Trino");

    /// <summary>The kernel's peak resident set of this process (Linux <c>VmHWM</c>), 0 elsewhere.</summary>
    private static long ReadHighWaterMark()
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            return 0;
        }

        foreach (var line in File.ReadLines(Status))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = line.Substring(6).Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static string? OptionText(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>One run's figures (bytes; <see cref="HighWaterMark"/> is 0 where the kernel does not say).</summary>
    private readonly record struct Measurement(double Seconds, long PeakWorkingSet, long PeakHeap, long HighWaterMark)
    {
        public string Format(int rows) => string.Create(CultureInfo.InvariantCulture,
            $"{rows,12:N0} {Seconds,8:F1} {PeakWorkingSet / 1e6,20:F1} {PeakHeap / 1e6,16:F1} {HighWaterMark / 1e6,9:F1}");
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
