using System.Text.Json;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Shadowing;

/// <summary>The comparison runner against two embedded servers, one of them slowed down by an injected delay.</summary>
public sealed class ClusterComparerTests
{
    private static readonly TimeSpan s_delay = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task The_report_shows_the_delayed_server_slower_the_results_agreeing_and_a_changed_result_disagreeing()
    {
        await using var baseline = await TestServers.StartAsync();
        await using var candidate = await TestServers.StartAsync();
        candidate.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.Delay, Delay = s_delay, Times = -1 });
        var columns = new[] { new ResultColumn("id", "bigint") };
        baseline.Script("SELECT id FROM drifted", ScriptedResult.FromRows(columns, [[1L], [2L]]));
        candidate.Script("SELECT id FROM drifted", ScriptedResult.FromRows(columns, [[1L], [3L]]));
        candidate.Faults.FailQuery(new QueryFault { ErrorName = "FUNCTION_NOT_FOUND", Match = sql => sql.Contains("broken", StringComparison.Ordinal), Times = -1 });
        var options = Options(baseline, candidate);

        var report = await new PrestoClusterComparer(options).RunAsync();

        Assert.Equal(["nations", "orders", "drifted", "broken"], report.Queries.Select(q => q.Query.Name));
        var nations = report.Queries[0];
        Assert.True(nations.ResultsAgree);
        Assert.Equal(3, nations.Baseline.Runs);
        Assert.Equal(0, nations.Baseline.Failures);
        Assert.Equal(25, nations.Baseline.RowCount);
        Assert.Equal(nations.Baseline.Checksum, nations.Candidate.Checksum);
        // The server's delay is a timer with millisecond ticks, which may fire up to a tick before a Stopwatch says it is due.
        Assert.True(nations.Candidate.Min >= s_delay - TimeSpan.FromMilliseconds(5), $"every candidate run waits {s_delay} for its POST (fastest {nations.Candidate.Min})");
        Assert.True(nations.Candidate.P95 >= nations.Candidate.Median && nations.Candidate.Median >= nations.Candidate.Min);
        Assert.True(report.Queries[1].Baseline.ProcessedRows > 0);
        Assert.False(report.Queries[2].ResultsAgree);
        var broken = report.Queries[3];
        Assert.Equal(3, broken.Candidate.Failures);
        Assert.Equal(["FUNCTION_NOT_FOUND"], broken.Candidate.ErrorNames);
        Assert.Null(broken.Candidate.Checksum);
        Assert.Null(broken.MedianRatio);
        Assert.False(broken.ResultsAgree);

        // 1 warm-up + 3 measured rounds of 4 queries on each server.
        Assert.Equal(16, baseline.Submissions.Count);
        Assert.Equal(16, candidate.Submissions.Count);
    }

    [Fact]
    public async Task The_report_writes_csv_and_json()
    {
        await using var baseline = await TestServers.StartAsync();
        await using var candidate = await TestServers.StartAsync();
        candidate.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.Delay, Delay = s_delay, Times = -1 });
        var options = Options(baseline, candidate);
        options.Queries.RemoveAt(3);
        options.Queries.RemoveAt(2);
        options.Queries.Add(new PrestoComparisonQuery("with, comma", "SELECT 'a\"b' AS quoted"));

        var report = await new PrestoClusterComparer(options).RunAsync();

        using var csv = new StringWriter();
        report.WriteCsv(csv);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("query,endpoint,server,runs,failures,median_ms,p95_ms", lines[0]);
        Assert.StartsWith("nations,blue," + baseline.BaseAddress.GetLeftPart(UriPartial.Authority) + ",3,0,", lines[1]);
        Assert.StartsWith("nations,green,", lines[2]);
        Assert.Contains(",25,", lines[2]);
        Assert.StartsWith("\"with, comma\",blue,", lines[5]);
        var candidateMedian = double.Parse(lines[2].Split(',')[5], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(candidateMedian >= s_delay.TotalMilliseconds);

        using var stream = new MemoryStream();
        await report.WriteJsonAsync(stream);
        using var json = JsonDocument.Parse(stream.ToArray());
        var root = json.RootElement;
        Assert.Equal("blue", root.GetProperty("baseline").GetProperty("name").GetString());
        Assert.Equal(3, root.GetProperty("repetitions").GetInt32());
        var queries = root.GetProperty("queries");
        Assert.Equal(3, queries.GetArrayLength());
        Assert.True(queries[0].GetProperty("resultsAgree").GetBoolean());
        Assert.True(queries[0].GetProperty("candidate").GetProperty("medianMs").GetDouble() >= s_delay.TotalMilliseconds);
        Assert.Equal(16, queries[0].GetProperty("candidate").GetProperty("checksum").GetString()!.Length);
    }

    [Fact]
    public void Options_without_queries_or_endpoints_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new PrestoClusterComparer(new PrestoComparisonOptions()));
        var options = new PrestoComparisonOptions { BaselineConnectionString = "Server=http://127.0.0.1:1;User=a", CandidateConnectionString = "Server=http://127.0.0.1:2;User=a" };
        Assert.Throws<ArgumentException>(() => new PrestoClusterComparer(options));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Repetitions = 0);
        Assert.Throws<ArgumentException>(() => new PrestoComparisonQuery("q", " "));
    }

    private static PrestoComparisonOptions Options(PrestoTestServer baseline, PrestoTestServer candidate)
    {
        var options = new PrestoComparisonOptions
        {
            BaselineConnectionString = TestServers.ConnectionString(baseline),
            CandidateConnectionString = TestServers.ConnectionString(candidate),
            BaselineName = "blue",
            CandidateName = "green",
            Repetitions = 3,
            WarmupRepetitions = 1,
        };
        options.Queries.Add(new PrestoComparisonQuery("nations", "SELECT nationkey, name FROM tpch.tiny.nation"));
        options.Queries.Add(new PrestoComparisonQuery("orders", "SELECT orderpriority, count(*) FROM tpch.tiny.orders GROUP BY orderpriority"));
        options.Queries.Add(new PrestoComparisonQuery("drifted", "SELECT id FROM drifted"));
        options.Queries.Add(new PrestoComparisonQuery("broken", "SELECT broken(1)"));
        return options;
    }
}
