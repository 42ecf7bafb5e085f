using System.Collections.Concurrent;
using Presto.Testing;

namespace Presto.Samples;

/// <summary>
/// Shadow clusters and cluster comparison (docs/shadowing.md): green shadows the default group and answers one query
/// differently, so the comparisons report a mismatch; then PrestoClusterComparer measures both clusters.
/// </summary>
internal static class ShadowingSample
{
    public static async Task RunAsync()
    {
        await using var blueServer = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        await using var greenServer = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        greenServer.Script("SELECT count(*) FROM nation", ScriptedResult.FromRows([new ResultColumn("_col0", "bigint")], [[24L]]));
        await ShadowAsync(blueServer.BaseAddress, greenServer.BaseAddress);
        await CompareAsync(blueServer.BaseAddress, greenServer.BaseAddress);
    }

    private static async Task ShadowAsync(Uri blueUri, Uri greenUri)
    {
        var comparisons = new ConcurrentQueue<PrestoShadowComparison>();

        // <snippet:shadowing-configure>
        var options = new PrestoClientOptions { ConnectionString = $"Server={blueUri};User=app;Catalog=tpch;Schema=tiny" };   // the clusters below replace Server
        options.Routing.Clusters.Add(new PrestoClusterOptions("blue", blueUri));              // https://trino-blue.example.com
        options.Routing.Clusters.Add(new PrestoClusterOptions("green", greenUri)              // https://trino-green.example.com
        {
            ShadowOf = "default",      // the routing group it shadows
            ShadowFraction = 0.1,      // 10% of that group's eligible queries
        });
        options.Routing.Shadowing.MaxConcurrency = 4;                     // shadow queries in flight at most
        options.Routing.Shadowing.Timeout = TimeSpan.FromMinutes(1);      // per shadow query
        options.Routing.Shadowing.Seed = 7;                               // the same queries are sampled every run
        options.Routing.Shadowing.OnComparison = c =>
        {
            if (c.Outcome == PrestoShadowOutcome.Mismatch)
            {
                Console.WriteLine($"{c.Statement}: {c.Primary.QueryId} on {c.Primary.Cluster} and {c.Shadow.QueryId} on {c.Shadow.Cluster} differ");
            }

            comparisons.Enqueue(c);   // here: kept for the checks below
        };
        await using var client = new PrestoClient(options);
        // </snippet:shadowing-configure>

        for (var i = 0; i < 40; i++)
        {
            var nations = await client.Query("SELECT count(*) FROM nation").ToListAsync<long>();   // read to the end: compared
            SampleCheck.Expect(nations.Single() == 25, "the caller always gets the primary's (blue's) answer");
        }

        // Comparisons arrive on the thread pool once both sides are done.
        for (var wait = 0; wait < 300 && comparisons.IsEmpty; wait++)
        {
            await Task.Delay(100);
        }

        Console.WriteLine($"{comparisons.Count} of 40 queries mirrored to green; outcomes: {string.Join(", ", comparisons.Select(c => c.Outcome).Distinct())}");
        SampleCheck.Expect(!comparisons.IsEmpty && comparisons.Count < 40 && comparisons.All(c => c.Outcome == PrestoShadowOutcome.Mismatch),
            "a sample of the queries is mirrored, and green's different count is a mismatch");
    }

    private static async Task CompareAsync(Uri blueUri, Uri greenUri)
    {
        var output = Directory.CreateTempSubdirectory("presto-compare-").FullName;
        try
        {
            // <snippet:shadowing-compare>
            var options = new PrestoComparisonOptions
            {
                BaselineConnectionString = $"Server={blueUri};User=ops;Catalog=tpch;Schema=tiny",    // "Server=https://trino-blue.example.com;User=ops;AccessToken=…"
                CandidateConnectionString = $"Server={greenUri};User=ops;Catalog=tpch;Schema=tiny",
                BaselineName = "blue (470)",
                CandidateName = "green (475)",
                Repetitions = 10,
                WarmupRepetitions = 2,
            };
            options.Queries.Add(new PrestoComparisonQuery("daily_revenue", "SELECT orderdate, sum(totalprice) FROM orders GROUP BY orderdate"));
            options.Queries.Add(new PrestoComparisonQuery("nations", "SELECT count(*) FROM nation"));
            var report = await new PrestoClusterComparer(options).RunAsync();

            foreach (var q in report.Queries)
            {
                Console.WriteLine($"{q.Query.Name}: {q.Baseline.Median.TotalMilliseconds:0} → {q.Candidate.Median.TotalMilliseconds:0} ms, agree={q.ResultsAgree}");
            }

            await using (var csv = File.CreateText(Path.Combine(output, "report.csv")))
            {
                report.WriteCsv(csv);
            }

            await using (var json = File.Create(Path.Combine(output, "report.json")))
            {
                await report.WriteJsonAsync(json);
            }
            // </snippet:shadowing-compare>

            SampleCheck.Expect(report.Queries.Count == 2 && report.Queries[0].ResultsAgree && !report.Queries[1].ResultsAgree, "daily_revenue agrees, nations does not");
            SampleCheck.Expect(new FileInfo(Path.Combine(output, "report.csv")).Length > 0 && new FileInfo(Path.Combine(output, "report.json")).Length > 0, "both reports are written");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
