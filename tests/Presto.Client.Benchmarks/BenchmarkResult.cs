using Presto.Testing;

namespace Presto.Benchmarks;

/// <summary>The scripted result every benchmark reads: <c>rowCount</c> rows of eight mixed columns.</summary>
internal static class BenchmarkResult
{
    public const string Sql = "SELECT * FROM bench.mixed";

    public const int ColumnCount = 8;

    public const int VarcharOrdinal = 3;

    /// <summary>The nullable <c>integer</c> column (null in every tenth row).</summary>
    public const int NullableOrdinal = 1;

    private static readonly DateOnly s_epochDay = new(2020, 1, 1);

    private static readonly DateTime s_epochTime = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public static IReadOnlyList<ResultColumn> Columns { get; } =
    [
        new("id", "bigint"),
        new("qty", "integer"),
        new("score", "double"),
        new("name", "varchar"),
        new("active", "boolean"),
        new("price", "decimal(12,2)"),
        new("day", "date"),
        new("created", "timestamp(3)"),
    ];

    public static ScriptedResult Create(int rowCount) => ScriptedResult.Generated(Columns, rowCount, Row);

    private static object?[] Row(long i) =>
    [
        i * 7919,                                               // bigint
        i % 10 == 9 ? null : (int)(i % 100_000),                // integer, null in every tenth row
        (i % 1000) * 0.25 + 0.125,                              // double
        "name-" + (i % 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture), // varchar
        i % 3 == 0,                                             // boolean
        (i % 1_000_000) / 100m + 0.01m,                         // decimal(12,2)
        s_epochDay.AddDays((int)(i % 3650)),                    // date
        s_epochTime.AddMilliseconds(i * 1_001),                 // timestamp(3)
    ];
}

/// <summary>A benchmark row as the fluent client maps it (by column name).</summary>
public sealed record BenchmarkRecord(long Id, int? Qty, double Score, string Name, bool Active, decimal Price, DateOnly Day, DateTime Created);
