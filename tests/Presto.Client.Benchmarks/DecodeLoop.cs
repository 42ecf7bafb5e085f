using System.Diagnostics;
using System.Globalization;
using Presto.Protocol;
using Presto.Types;

namespace Presto.Benchmarks;

/// <summary>
/// <c>--decode [--rows N] [--repeat N]</c>: the CPU side alone, with no sockets and no server. The recorded pages are held in
/// memory and, once per round, tokenised the way <see cref="ReplayFixture.RawFloorAsync"/> does, parsed whole by the page
/// parser, parsed in 64 KB chunks as the transport feeds it, and parsed in chunks then read cell by cell through the
/// column buffers (what the typed getters do, minus the reader). One thread does everything, so the figures are steadier
/// than the end-to-end ones; the best round of each is reported in ns per cell.
/// </summary>
internal static class DecodeLoop
{
    private const int Chunk = 64 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        int rows = Option(args, "--rows", 1_000_000);
        int repeat = Option(args, "--repeat", 8);
        int index = Array.IndexOf(args, "--only");
        string? only = index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        var recording = await RecordedQuery.RecordAsync(BenchmarkResult.Sql, rows).ConfigureAwait(false);
        var pages = recording.Pages.Select(p => p.Body).ToArray();
        using var handler = new InMemoryPages(recording);
        await using var dataSource = new PrestoDataSourceBuilder(
                string.Create(CultureInfo.InvariantCulture, $"Server={InMemoryPages.BaseAddress.GetLeftPart(UriPartial.Authority)};User=bench;Dialect=Trino"))
            .UseHttpMessageHandler(handler)
            .Build();
        using var http = new HttpClient(handler, disposeHandler: false);
        await using var client = new PrestoClient(new PrestoClientOptions
        {
            ConnectionString = string.Create(CultureInfo.InvariantCulture, $"Server={InMemoryPages.BaseAddress.GetLeftPart(UriPartial.Authority)};User=bench;Dialect=Trino"),
            HttpClient = http,
        });
        double cells = (double)rows * BenchmarkResult.ColumnCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows x {BenchmarkResult.ColumnCount} columns, {pages.Length} pages, {pages.Sum(p => (long)p.Length) / 1e6:F1} MB; best of {repeat} rounds"));

        var steps = new (string Name, Func<long> Run)[]
        {
            ("Tokenise (floor)", () => Tokenise(pages)),
            ("Parse whole pages", () => Parse(pages, Chunk, consume: false, whole: true)),
            ("Parse in 64 KB chunks", () => Parse(pages, Chunk, consume: false, whole: false)),
            ("Parse in chunks + read non-strings", () => Parse(pages, Chunk, consume: true, whole: false, strings: false)),
            ("Parse in chunks + read cells", () => Parse(pages, Chunk, consume: true, whole: false)),
            ("Reader rows only", () => ReadRows(dataSource, Getters.None)),
            ("Reader typed getters", () => ReadRows(dataSource, Getters.Typed)),
            ("Reader GetValue", () => ReadRows(dataSource, Getters.GetValue)),
            ("Fluent client, record", () => StreamRecordsAsync(client).GetAwaiter().GetResult()),
        };
        steps = steps.Where((step, i) => i == 0 || only is null || step.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToArray();

        // Wall time and the process's CPU time, best round of each: on a machine shared with other work the CPU time is the
        // steadier of the two (it leaves out the time other processes held the cores).
        var best = new double[steps.Length];
        var bestCpu = new double[steps.Length];
        var times = new double[steps.Length][];
        for (int i = 0; i < steps.Length; i++)
        {
            times[i] = new double[repeat];
        }

        Array.Fill(best, double.MaxValue);
        Array.Fill(bestCpu, double.MaxValue);
        using var process = Process.GetCurrentProcess();
        for (int round = 0; round < repeat; round++)
        {
            for (int i = 0; i < steps.Length; i++)
            {
                GC.Collect();
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                long read = steps[i].Run();
                watch.Stop();
                process.Refresh();
                if (read != rows)
                {
                    Console.WriteLine($"{steps[i].Name}: read {read} rows, expected {rows}");
                    return 1;
                }

                times[i][round] = watch.Elapsed.TotalMilliseconds;
                best[i] = Math.Min(best[i], watch.Elapsed.TotalMilliseconds);
                bestCpu[i] = Math.Min(bestCpu[i], (process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            }
        }

        // "paired": the median over rounds of the floor's time in a round divided by the step's time in the same round (rounds
        // after the first half, warm): on a machine whose speed drifts (other tenants), a ratio of neighbours moves less than
        // a ratio of two bests taken at different moments.
        Console.WriteLine($"{"Step",-36} {"ms",8} {"ns/cell",8} {"x floor",8} {"+ns/cell",9} {"CPU ms",8} {"x floor",8} {"paired",8}");
        for (int i = 0; i < steps.Length; i++)
        {
            var paired = Enumerable.Range(repeat / 2, repeat - (repeat / 2)).Select(r => times[0][r] / times[i][r]).Order().ToArray();
            double median = paired.Length % 2 == 1 ? paired[paired.Length / 2] : (paired[(paired.Length / 2) - 1] + paired[paired.Length / 2]) / 2;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{steps[i].Name,-36} {best[i],8:F1} {best[i] * 1e6 / cells,8:F1} {best[0] / best[i],8:F2} {(best[i] - best[0]) * 1e6 / cells,9:F1} {bestCpu[i],8:F1} {bestCpu[0] / bestCpu[i],8:F2} {median,8:F2}"));
        }

        return 0;
    }

    /// <summary>The whole query through the fluent client, every row mapped to a <see cref="BenchmarkRecord"/>.</summary>
    private static async Task<long> StreamRecordsAsync(PrestoClient client)
    {
        long rows = 0;
        long sum = 0;
        await foreach (var record in client.Query(BenchmarkResult.Sql).StreamAsync<BenchmarkRecord>().ConfigureAwait(false))
        {
            rows++;
            sum += record.Id + record.Name.Length;
        }

        GC.KeepAlive(sum);
        return rows;
    }

    private enum Getters
    {
        None,
        Typed,
        GetValue,
    }

    /// <summary>The whole query through <see cref="PrestoDataReader"/> (synchronous API, in-memory pages): one thread does all.</summary>
    private static long ReadRows(PrestoDataSource dataSource, Getters getters)
    {
        using var connection = dataSource.OpenConnection();
        using var command = new PrestoCommand(BenchmarkResult.Sql, connection);
        using var reader = command.ExecuteReader();
        long rows = 0;
        var typed = default(TypedRow);
        long nulls = 0;
        int fields = reader.FieldCount;
        while (reader.Read())
        {
            rows++;
            switch (getters)
            {
                case Getters.Typed:
                    typed.Add(reader, includeVarchar: true);
                    break;
                case Getters.GetValue:
                    for (int i = 0; i < fields; i++)
                    {
                        if (reader.GetValue(i) is DBNull)
                        {
                            nulls++;
                        }
                    }

                    break;
            }
        }

        GC.KeepAlive(typed.Checksum + nulls);
        return rows;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static long Tokenise(byte[][] pages)
    {
        long rows = 0;
        foreach (var page in pages)
        {
            rows += ReplayFixture.Tokenise(page).Rows;
        }

        return rows;
    }

    private static long Parse(byte[][] pages, int chunk, bool consume, bool whole, bool strings = true)
    {
        var body = new PageBuffer();
        var response = new QueryResponse();
        var parser = new PageParser(response, ProtocolDialect.Trino);
        long rows = 0;
        double checksum = 0;
        foreach (var page in pages)
        {
            if (whole)
            {
                body.Observer = null;
                body.Restart();
                body.EnsureFree(page.Length);
                page.CopyTo(body.Array, 0);
                body.Length = page.Length;
                QueryResultsParser.Parse(body, response, ProtocolDialect.Trino);
            }
            else
            {
                body.Observer = parser;
                body.Restart();
                body.EnsureFree(page.Length + 1);
                for (int offset = 0; offset < page.Length; offset += chunk)
                {
                    int n = Math.Min(chunk, page.Length - offset);
                    Buffer.BlockCopy(page, offset, body.Array, offset, n);
                    body.Append(n);
                }

                parser.Finish(body);
            }

            rows += response.RowCount;
            if (consume && response.RowCount > 0)
            {
                checksum += Consume(response, strings);
            }
        }

        GC.KeepAlive(checksum);
        return rows;
    }

    /// <summary>Every cell read through its buffer's typed accessor, as the typed getters do.</summary>
    private static double Consume(QueryResponse response, bool strings)
    {
        var b = response.Buffers;
        var c0 = (ColumnBuffer<long>)b[0];
        var c1 = (ColumnBuffer<int>)b[1];
        var c2 = (ColumnBuffer<double>)b[2];
        var c3 = (ColumnBuffer<string>)b[3];
        var c4 = (ColumnBuffer<bool>)b[4];
        var c5 = (ColumnBuffer<decimal>)b[5];
        var c6 = (ColumnBuffer<DateOnly>)b[6];
        var c7 = (ColumnBuffer<DateTime>)b[7];
        double sum = 0;
        decimal decimals = 0;
        for (int row = 0; row < response.RowCount; row++)
        {
            sum += c0.GetTyped(row) + c1.GetTyped(row) + c2.GetTyped(row) + (strings ? c3.GetTyped(row).Length : 0) + (c4.GetTyped(row) ? 1 : 0)
                + c6.GetTyped(row).DayNumber + (c7.GetTyped(row).Ticks & 0xFFFF);
            decimals += c5.GetTyped(row);
        }

        return sum + (double)decimals;
    }
}
