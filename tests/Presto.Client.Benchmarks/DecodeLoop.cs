using System.Diagnostics;
using System.Globalization;
using Presto.Protocol;
using Presto.Types;

namespace Presto.Benchmarks;

/// <summary>
/// <c>--decode [--rows N] [--repeat N]</c>: the CPU side alone, with no sockets and no server. The recorded pages are held in
/// memory and, once per round, tokenised the way <see cref="ReaderBenchmarks.RawFloor"/> does, parsed whole by the page
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
        var recording = await RecordedQuery.RecordAsync(BenchmarkResult.Sql, rows).ConfigureAwait(false);
        var pages = recording.Pages.Select(p => p.Body).ToArray();
        double cells = (double)rows * BenchmarkResult.ColumnCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows x {BenchmarkResult.ColumnCount} columns, {pages.Length} pages, {pages.Sum(p => (long)p.Length) / 1e6:F1} MB; best of {repeat} rounds"));

        var steps = new (string Name, Func<byte[][], long> Run)[]
        {
            ("Tokenise (floor)", Tokenise),
            ("Parse whole pages", p => Parse(p, Chunk, consume: false, whole: true)),
            ("Parse in 64 KB chunks", p => Parse(p, Chunk, consume: false, whole: false)),
            ("Parse in chunks + read non-strings", p => Parse(p, Chunk, consume: true, whole: false, strings: false)),
            ("Parse in chunks + read cells", p => Parse(p, Chunk, consume: true, whole: false)),
        };
        var best = new double[steps.Length];
        Array.Fill(best, double.MaxValue);
        for (int round = 0; round < repeat; round++)
        {
            for (int i = 0; i < steps.Length; i++)
            {
                GC.Collect();
                var watch = Stopwatch.StartNew();
                long read = steps[i].Run(pages);
                watch.Stop();
                if (read != rows)
                {
                    Console.WriteLine($"{steps[i].Name}: read {read} rows, expected {rows}");
                    return 1;
                }

                best[i] = Math.Min(best[i], watch.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine($"{"Step",-36} {"ms",8} {"ns/cell",8} {"x floor",8} {"+ns/cell",9}");
        for (int i = 0; i < steps.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{steps[i].Name,-36} {best[i],8:F1} {best[i] * 1e6 / cells,8:F1} {best[0] / best[i],8:F2} {(best[i] - best[0]) * 1e6 / cells,9:F1}"));
        }

        return 0;
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
            rows += ReaderBenchmarks.Tokenise(page).Rows;
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
