using System.Globalization;
using BenchmarkDotNet.Attributes;
using Presto.Testing;

namespace Presto.Benchmarks;

/// <summary>The result shapes of P1 beyond the 8 mixed columns.</summary>
public enum ResultShape
{
    /// <summary>50 columns: bigint, double, varchar, boolean and nullable integer, ten of each.</summary>
    Wide,

    /// <summary><c>array(bigint)</c>, <c>map(varchar, double)</c> and <c>row(id bigint, name varchar, tags array(varchar))</c>.</summary>
    Nested,
}

/// <summary>
/// P1, the other shapes: a wide result (50 columns) and a nested one (array, map, row), each read through the typed getters
/// (<c>GetFieldValue</c> of the natural type for the nested columns) and through <c>GetValue</c>, against the raw floor on the
/// same pages.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ShapeBenchmarks : ReplayBenchmarks
{
    private const string Sql = "SELECT * FROM bench.shape";


    [Params(ResultShape.Wide, ResultShape.Nested)]
    public ResultShape Shape { get; set; }

    /// <summary>Rows in the result.</summary>
    [Params(100_000)]
    public int Rows { get; set; } = 100_000;

    public double Checksum { get; private set; }

    internal override Task<ReplayFixture> StartAsync() => ReplayFixture.StartAsync(Sql, Shape == ResultShape.Wide ? Wide(Rows) : Nested(Rows), Rows);

    [Benchmark]
    public async Task<long> PrestoDataReader_TypedGetters()
    {
        await using var query = await Fixture.OpenQueryAsync().ConfigureAwait(false);
        var reader = query.Reader;
        long rows = 0;
        double sum = 0;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows++;
            sum += Shape == ResultShape.Wide ? ReadWide(reader) : ReadNested(reader);
        }

        Checksum = sum;
        return rows;
    }

    [Benchmark]
    public Task<long> PrestoDataReader_GetValue() => Fixture.ReadAllValuesAsync();

    private static double ReadWide(PrestoDataReader reader)
    {
        double sum = 0;
        for (int i = 0; i < 50; i += 5)
        {
            sum += reader.GetInt64(i) + reader.GetDouble(i + 1) + reader.GetString(i + 2).Length + (reader.GetBoolean(i + 3) ? 1 : 0);
            if (!reader.IsDBNull(i + 4))
            {
                sum += reader.GetInt32(i + 4);
            }
        }

        return sum;
    }

    private static double ReadNested(PrestoDataReader reader)
    {
        var numbers = reader.GetFieldValue<long?[]>(0);
        var map = reader.GetFieldValue<Dictionary<string, double?>>(1);
        var row = reader.GetFieldValue<PrestoRow>(2);
        return numbers.Length + map.Count + (long)row[0]!;
    }

    private static ScriptedResult Wide(int rows)
    {
        var columns = new List<ResultColumn>();
        for (int i = 0; i < 10; i++)
        {
            columns.Add(new($"id{i}", "bigint"));
            columns.Add(new($"score{i}", "double"));
            columns.Add(new($"name{i}", "varchar"));
            columns.Add(new($"flag{i}", "boolean"));
            columns.Add(new($"qty{i}", "integer"));
        }

        return ScriptedResult.Generated(columns, rows, r =>
        {
            var values = new object?[50];
            for (int i = 0; i < 50; i += 5)
            {
                values[i] = r * 31 + i;
                values[i + 1] = (r % 1000) * 0.5 + i;
                values[i + 2] = "v-" + ((r + i) % 5000).ToString(CultureInfo.InvariantCulture);
                values[i + 3] = (r + i) % 2 == 0;
                values[i + 4] = (r + i) % 10 == 0 ? null : (int)(r % 100_000);
            }

            return values;
        });
    }

    private static ScriptedResult Nested(int rows) =>
        ScriptedResult.FromRawRows(
            [new("numbers", "array(bigint)"), new("scores", "map(varchar,double)"), new("item", "row(id bigint,name varchar,tags array(varchar))")],
            Enumerable.Range(0, rows).Select(r => string.Create(CultureInfo.InvariantCulture,
                $"[[{r},{r + 1},{r + 2},{r + 3}],{{\"a\":{r % 100}.5,\"b\":{r % 7}.25,\"c\":null}},[{r},\"item-{r % 1000}\",[\"x\",\"y{r % 10}\"]]]")));
}
