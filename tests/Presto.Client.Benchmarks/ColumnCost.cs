using System.Diagnostics;
using System.Globalization;
using System.Text;
using Presto.Protocol;

namespace Presto.Benchmarks;

/// <summary>
/// <c>--columns</c>: the CPU cost of each type on its own. For every type a page of 10,000 rows × 8 columns of that type is
/// built in memory, then tokenised the way <see cref="ReplayFixture.RawFloorAsync"/> does and parsed by the page parser (best of
/// 15 rounds of 40 pages), in ns per cell. Shows which types the row scan's fast paths cover and what each costs.
/// </summary>
internal static class ColumnCost
{
    private const int Rows = 10_000;
    private const int Pages = 40;

    private static readonly DateTime s_epoch = new(2024, 1, 1);

    public static void Run()
    {
        var cases = new (string Type, Func<int, string> Cell)[]
        {
            ("bigint", i => Inv((long)i * 7919)),
            ("integer", i => Inv(i % 100_000)),
            ("double", i => ((i % 1000) * 0.25 + 0.125).ToString("R", CultureInfo.InvariantCulture)),
            ("real", i => ((float)((i % 1000) * 0.25 + 0.125)).ToString("R", CultureInfo.InvariantCulture)),
            ("boolean", i => i % 3 == 0 ? "true" : "false"),
            ("decimal(12,2)", i => Quoted(Inv((i % 1_000_000) / 100m + 0.01m))),
            ("varchar", i => Quoted("name-" + Inv(i % 10_000))),
            ("varchar (escaped)", i => Quoted("caf\\u00e9 " + Inv(i))),
            ("date", i => Quoted(new DateOnly(2020, 1, 1).AddDays(i % 3650).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            ("timestamp(3)", i => Quoted(s_epoch.AddMilliseconds(i * 1001.0).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture))),
            ("timestamp(3) with time zone", i => Quoted(s_epoch.AddMilliseconds(i * 1001.0).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + " UTC")),
            ("time(3)", i => Quoted(s_epoch.AddMilliseconds(i * 1001.0).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture))),
            ("uuid", i => Quoted(new Guid(i, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10).ToString())),
            ("array(bigint)", i => "[" + Inv(i) + "," + Inv(i + 1) + "]"),
        };

        Console.WriteLine($"{"Type",-28} {"B/cell",6} {"tokenise ns",11} {"parse ns",9} {"x floor",8}");
        foreach (var (type, cell) in cases)
        {
            var columnType = type.Split(" (")[0];
            var columns = string.Join(",", Enumerable.Range(0, 8).Select(c => $"{{\"name\":\"c{c}\",\"type\":\"{columnType}\"}}"));
            var rows = string.Join(",", Enumerable.Range(0, Rows).Select(r => "[" + string.Join(",", Enumerable.Range(0, 8).Select(c => cell((r * 8) + c))) + "]"));
            var page = Encoding.UTF8.GetBytes("{\"id\":\"q\",\"columns\":[" + columns + "],\"data\":[" + rows + "]}");
            var body = new PageBuffer(page.Length);
            page.CopyTo(body.Array, 0);
            body.Length = page.Length;
            var response = new QueryResponse();
            double tokenise = double.MaxValue, parse = double.MaxValue;
            for (int round = 0; round < 15; round++)
            {
                var watch = Stopwatch.StartNew();
                for (int p = 0; p < Pages; p++)
                {
                    ReplayFixture.Tokenise(page);
                }

                tokenise = Math.Min(tokenise, watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                for (int p = 0; p < Pages; p++)
                {
                    QueryResultsParser.Parse(body, response, ProtocolDialect.Trino);
                }

                parse = Math.Min(parse, watch.Elapsed.TotalMilliseconds);
            }

            double cells = (double)Rows * 8 * Pages;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{type,-28} {page.Length / (Rows * 8.0),6:F1} {tokenise * 1e6 / cells,11:F1} {parse * 1e6 / cells,9:F1} {tokenise / parse,8:F2}"));
        }
    }

    private static string Inv(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Quoted(string text) => "\"" + text + "\"";
}
