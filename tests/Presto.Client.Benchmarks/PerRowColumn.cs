using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Presto.Benchmarks;

/// <summary>Throughput (rows per second, from the mean) and allocated bytes per row, using the <c>Rows</c> parameter.</summary>
internal sealed class PerRowColumn : IColumn
{
    public static readonly IColumn RowsPerSecond = new PerRowColumn("Rows/s", allocation: false);

    public static readonly IColumn AllocatedPerRow = new PerRowColumn("Alloc/row", allocation: true);

    private readonly bool _allocation;

    private PerRowColumn(string name, bool allocation)
    {
        ColumnName = name;
        _allocation = allocation;
    }

    public string Id => nameof(PerRowColumn) + "." + ColumnName;

    public string ColumnName { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => _allocation ? ColumnCategory.Metric : ColumnCategory.Custom;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _allocation
        ? "Managed bytes allocated per operation divided by the rows it read"
        : "Rows read per second (Rows / Mean)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var rowsParameter = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Rows");
        if (report is null || rowsParameter?.Value is not int rows || rows <= 0)
        {
            return "NA";
        }

        if (_allocation)
        {
            long? bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
            return bytes is long b ? ((double)b / rows).ToString("N1", CultureInfo.InvariantCulture) + " B" : "NA";
        }

        double? meanNs = report.ResultStatistics?.Mean;
        return meanNs is double ns && ns > 0
            ? (rows / (ns / 1e9)).ToString("N0", CultureInfo.InvariantCulture)
            : "NA";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
