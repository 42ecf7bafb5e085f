// ClusterCompare: the comparison operators run before an upgrade (blue/green). Runs a set of queries several rounds on two
// endpoints after warm-up, then prints per query the median and p95 latency, the rows and bytes the servers processed,
// failures and whether the results agree, and writes the same report as CSV and JSON (PrestoClusterComparer).
// By default it starts two embedded Trino coordinators and slows the candidate down with an injected delay.
//   dotnet run --project samples/ClusterCompare
//   dotnet run --project samples/ClusterCompare -- --baseline "Server=https://blue:8443;User=ops" --candidate "Server=https://green:8443;User=ops" --queries upgrade.sql --repetitions 10 --out ./compare
using System.CommandLine;
using System.Globalization;
using Presto;
using Presto.Testing;
using Spectre.Console;

var baselineOption = new Option<string?>("--baseline") { Description = "Connection string of the baseline (default: an embedded server)." };
var candidateOption = new Option<string?>("--candidate") { Description = "Connection string of the candidate (default: an embedded server with an injected delay)." };
var queriesOption = new Option<FileInfo?>("--queries") { Description = "A file of statements separated by ';' (default: a built-in tpch set)." };
var repetitionsOption = new Option<int>("--repetitions") { Description = "Measured rounds.", DefaultValueFactory = _ => 5 };
var warmupOption = new Option<int>("--warmup") { Description = "Warm-up rounds (not measured).", DefaultValueFactory = _ => 1 };
var delayOption = new Option<int>("--delay-ms") { Description = "Delay injected into every statement request of the embedded candidate.", DefaultValueFactory = _ => 40 };
var outOption = new Option<DirectoryInfo>("--out") { Description = "Where report.csv and report.json go.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Path.GetTempPath(), "ClusterCompare")) };
var root = new RootCommand("Compares query latency and results between two Presto/Trino endpoints.")
{
    baselineOption, candidateOption, queriesOption, repetitionsOption, warmupOption, delayOption, outOption,
};
root.SetAction((parse, cancellationToken) => RunAsync(
    parse.GetValue(baselineOption),
    parse.GetValue(candidateOption),
    parse.GetValue(queriesOption),
    parse.GetValue(repetitionsOption),
    parse.GetValue(warmupOption),
    parse.GetValue(delayOption),
    parse.GetValue(outOption)!,
    cancellationToken));
return await root.Parse(args).InvokeAsync();

static async Task<int> RunAsync(string? baseline, string? candidate, FileInfo? queries, int repetitions, int warmup, int delayMs, DirectoryInfo output, CancellationToken cancellationToken)
{
    var embedded = new List<PrestoTestServer>();
    try
    {
        if (baseline is null || candidate is null)
        {
            var blue = await PrestoTestServer.StartAsync(ServerDialect.Trino, cancellationToken);
            var green = await PrestoTestServer.StartAsync(ServerDialect.Trino, cancellationToken);
            embedded.AddRange([blue, green]);
            green.Faults.Http(new HttpFault { Kind = HttpFaultKind.Delay, On = RequestKind.Post, Delay = TimeSpan.FromMilliseconds(delayMs), Times = -1 });
            green.Faults.Http(new HttpFault { Kind = HttpFaultKind.Delay, On = RequestKind.Get, Delay = TimeSpan.FromMilliseconds(delayMs), Times = -1 });
            baseline ??= $"Server={blue.BaseAddress};User=compare;Dialect=Trino";
            candidate ??= $"Server={green.BaseAddress};User=compare;Dialect=Trino";
            AnsiConsole.MarkupLine($"[grey]Embedded servers: baseline {blue.BaseAddress}, candidate {green.BaseAddress} (+{delayMs} ms per statement request)[/]");
        }

        var options = new PrestoComparisonOptions
        {
            BaselineConnectionString = baseline,
            CandidateConnectionString = candidate,
            Repetitions = repetitions,
            WarmupRepetitions = warmup,
        };
        foreach (var query in queries is null ? DefaultQueries() : ReadQueries(queries))
        {
            options.Queries.Add(query);
        }

        var comparer = new PrestoClusterComparer(options);
        PrestoComparisonReport report;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            report = await AnsiConsole.Status().StartAsync("Comparing…", status =>
                comparer.RunAsync(new Progress<string>(step => status.Status(Markup.Escape(step))), cancellationToken));
        }
        else
        {
            // Redirected (CI logs): no spinner, and room for the whole table.
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 150);
            report = await comparer.RunAsync(null, cancellationToken);
        }

        AnsiConsole.Write(Table(report));
        output.Create();
        var csv = Path.Combine(output.FullName, "report.csv");
        var json = Path.Combine(output.FullName, "report.json");
        await using (var writer = new StreamWriter(csv))
        {
            report.WriteCsv(writer);
        }

        await using (var stream = File.Create(json))
        {
            await report.WriteJsonAsync(stream, cancellationToken);
        }

        var agree = report.Queries.Count(q => q.ResultsAgree);
        AnsiConsole.MarkupLine($"{agree} of {report.Queries.Count} queries agree; {report.Repetitions} rounds after {report.WarmupRepetitions} warm-up, {report.Elapsed.TotalSeconds:0.0} s.");
        AnsiConsole.MarkupLine($"CSV:  {Markup.Escape(csv)}");
        AnsiConsole.MarkupLine($"JSON: {Markup.Escape(json)}");
        return 0;
    }
    finally
    {
        foreach (var server in embedded)
        {
            await server.DisposeAsync();
        }
    }
}

static Table Table(PrestoComparisonReport report)
{
    var table = new Table().Border(TableBorder.Rounded)
        .Title($"{Markup.Escape(report.BaselineName)} ({report.BaselineServer.Authority}) vs {Markup.Escape(report.CandidateName)} ({report.CandidateServer.Authority})");
    table.AddColumn("Query");
    table.AddColumn(new TableColumn("Median ms\nbaseline").RightAligned());
    table.AddColumn(new TableColumn("p95 ms\nbaseline").RightAligned());
    table.AddColumn(new TableColumn("Median ms\ncandidate").RightAligned());
    table.AddColumn(new TableColumn("p95 ms\ncandidate").RightAligned());
    table.AddColumn(new TableColumn("Ratio").RightAligned());
    table.AddColumn(new TableColumn("Rows").RightAligned());
    table.AddColumn(new TableColumn("Processed rows\nbaseline / candidate").RightAligned());
    table.AddColumn(new TableColumn("Processed bytes\nbaseline / candidate").RightAligned());
    table.AddColumn(new TableColumn("Failures").RightAligned());
    table.AddColumn("Results");
    foreach (var q in report.Queries)
    {
        var ratio = q.MedianRatio is { } r ? (r > 1.2 ? $"[red]{r:0.00}x[/]" : r < 0.8 ? $"[green]{r:0.00}x[/]" : $"{r:0.00}x") : "–";
        table.AddRow(
            Markup.Escape(q.Query.Name),
            Ms(q.Baseline.Median),
            Ms(q.Baseline.P95),
            Ms(q.Candidate.Median),
            Ms(q.Candidate.P95),
            ratio,
            q.Baseline.RowCount.ToString(CultureInfo.InvariantCulture),
            $"{q.Baseline.ProcessedRows:N0} / {q.Candidate.ProcessedRows:N0}",
            $"{q.Baseline.ProcessedBytes:N0} / {q.Candidate.ProcessedBytes:N0}",
            $"{q.Baseline.Failures} / {q.Candidate.Failures}",
            q.ResultsAgree ? "[green]agree[/]" : $"[red]differ[/] {Markup.Escape(string.Join(" ", q.Baseline.ErrorNames.Concat(q.Candidate.ErrorNames).Distinct()))}");
    }

    return table;
}

static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

static IEnumerable<PrestoComparisonQuery> DefaultQueries() =>
[
    new("nations", "SELECT n.name, r.name AS region FROM tpch.tiny.nation n JOIN tpch.tiny.region r ON n.regionkey = r.regionkey"),
    new("orders_by_priority", "SELECT orderpriority, count(*) AS orders, sum(totalprice) AS total FROM tpch.tiny.orders GROUP BY orderpriority"),
    new("top_customers", "SELECT custkey, sum(totalprice) AS spent FROM tpch.tiny.orders GROUP BY custkey ORDER BY spent DESC LIMIT 20"),
    new("lineitem_scan", "SELECT orderkey, linenumber, quantity, extendedprice FROM tpch.tiny.lineitem WHERE shipdate < DATE '1992-04-01'"),
    new("parts", "SELECT partkey, name, retailprice FROM tpch.tiny.part WHERE size > 40"),
];

static IEnumerable<PrestoComparisonQuery> ReadQueries(FileInfo file)
{
    var index = 0;
    foreach (var statement in File.ReadAllText(file.FullName).Split(';'))
    {
        if (!string.IsNullOrWhiteSpace(statement))
        {
            yield return new PrestoComparisonQuery($"q{++index:00}", statement.Trim());
        }
    }
}
