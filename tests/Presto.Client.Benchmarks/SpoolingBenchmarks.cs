using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Presto.Testing;

namespace Presto.Benchmarks;

/// <summary>
/// The Trino spooling protocol against the direct protocol, end to end with the embedded server (server-side encoding and
/// compression included, so the spooled figures carry the server's LZ4 compressor too): one result of <see cref="Rows"/>
/// rows (bigint, varchar, double, date) read through <see cref="PrestoDataReader"/> with typed getters. Spooled runs use
/// segments of 10,000 rows, 4 per response, downloaded 4 at a time. <c>--spooling [--rows N]</c> runs each once and prints
/// the peak managed heap as well (memory bounded whatever the result size).
/// </summary>
[Config(typeof(InProcessConfig))]
public class SpoolingBenchmarks
{
    private const string Sql = "SELECT * FROM spooling_bench";

    private PrestoTestServer _server = null!;
    private string _direct = null!;
    private string _json = null!;
    private string _lz4 = null!;

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions
        {
            RecordRequests = false,
            Spooling = new SpoolingOptions { RowsPerSegment = 10_000, SegmentsPerResponse = 4 },
        });
        var day = new DateOnly(2020, 1, 1);
        _server.Script(Sql, ScriptedResult.Generated(
            [new ResultColumn("id", "bigint"), new ResultColumn("name", "varchar"), new ResultColumn("price", "double"), new ResultColumn("day", "date")],
            Rows,
            i => [i, "customer#" + (i % 10_000).ToString(CultureInfo.InvariantCulture), i * 0.25, day.AddDays((int)(i % 3_000))]));
        var baseString = $"Server={_server.BaseAddress};User=bench;Dialect=Trino";
        _direct = baseString;
        _json = baseString + ";SpoolingEncodings=json";
        _lz4 = baseString + ";SpoolingEncodings=json+lz4";
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _server.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task<long> Direct() => ReadAsync(_direct);

    [Benchmark]
    public Task<long> Spooled_Json() => ReadAsync(_json);

    [Benchmark]
    public Task<long> Spooled_Lz4() => ReadAsync(_lz4);

    /// <summary><c>--spooling [--rows N] [--only MODE]</c>: each mode once (after one warm-up round), with elapsed time, rows/s and peak managed heap.</summary>
    public static async Task<int> RunOnceAsync(string[] args)
    {
        var rows = 1_000_000;
        var index = Array.IndexOf(args, "--rows");
        if (index >= 0 && index + 1 < args.Length)
        {
            rows = int.Parse(args[index + 1], CultureInfo.InvariantCulture);
        }

        // --only NAME: just that mode, one cold round (for a 10M-row memory check).
        index = Array.IndexOf(args, "--only");
        var only = index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        var benchmarks = new SpoolingBenchmarks { Rows = rows };
        await benchmarks.SetupAsync().ConfigureAwait(false);
        try
        {
            var modes = new (string Name, string ConnectionString)[] { ("Direct", benchmarks._direct), ("Spooled_Json", benchmarks._json), ("Spooled_Lz4", benchmarks._lz4) };
            Console.WriteLine($"{"Mode",-14} {"Rows",12} {"ms",9} {"Rows/s",12} {"Peak heap MB",13}");
            var rounds = only is null ? 2 : 1;
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (name, connectionString) in modes)
                {
                    if (only is not null && name != only)
                    {
                        continue;
                    }

                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    var baseline = GC.GetTotalMemory(forceFullCollection: true);
                    long peak = 0;
                    using var stop = new CancellationTokenSource();
                    var sampler = Task.Run(async () =>
                    {
                        while (!stop.IsCancellationRequested)
                        {
                            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false) - baseline);
                            await Task.Delay(10).ConfigureAwait(false);
                        }
                    });
                    var clock = Stopwatch.StartNew();
                    var count = await ReadAsync(connectionString).ConfigureAwait(false);
                    clock.Stop();
                    await stop.CancelAsync().ConfigureAwait(false);
                    await sampler.ConfigureAwait(false);
                    if (round == rounds - 1)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{name,-14} {count,12:N0} {clock.Elapsed.TotalMilliseconds,9:F0} {count / clock.Elapsed.TotalSeconds,12:N0} {peak / 1e6,13:F1}"));
                    }
                }
            }
        }
        finally
        {
            await benchmarks.CleanupAsync().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>The short job of <see cref="BenchmarkConfig"/>, in process: the embedded server runs in the benchmark process anyway, and no boilerplate project is built.</summary>
    public sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig()
        {
            AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(8).WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortInProcess"));
            AddDiagnoser(MemoryDiagnoser.Default);
            AddColumn(PerRowColumn.RowsPerSecond, PerRowColumn.AllocatedPerRow);
            AddColumn(StatisticColumn.Min, StatisticColumn.Max);
        }
    }

    private static async Task<long> ReadAsync(string connectionString)
    {
        await using var connection = new PrestoConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new PrestoCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        long rows = 0;
        double sum = 0;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows += reader.GetInt64(0) >= 0 ? 1 : 0;
            sum += reader.GetString(1).Length + reader.GetDouble(2) + reader.GetFieldValue<DateOnly>(3).Day;
        }

        return sum > 0 ? rows : -rows;
    }
}
