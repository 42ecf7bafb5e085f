using System.Net;
using System.Text.Json;
using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

public sealed class ProtocolFlowTests
{
    private static readonly ResultColumn[] s_longAndText = [new("n", "bigint"), new("s", "varchar")];

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Post_only_registers_the_query_until_the_first_poll(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("SELECT 1", ScriptedResult.FromRows([new("_col0", "integer")], [[1]]));
        using var client = new ProtocolClient(server);

        var posted = await client.PostAsync("SELECT 1");

        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var json = posted.Json;
        Assert.Equal("QUEUED", json.GetProperty("stats").GetProperty("state").GetString());
        Assert.False(json.TryGetProperty("columns", out _));
        Assert.False(json.TryGetProperty("data", out _));
        Assert.Contains("/v1/statement/queued/", json.GetProperty("nextUri").GetString());
        Assert.Equal("QUEUED", Assert.Single(server.Queries).State);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task A_query_goes_through_queued_planning_running_finished_and_returns_every_row_once(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 200);
        server.Script("SELECT * FROM t", ScriptedResult.Generated(s_longAndText, 100, i => [i, "row " + i]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("SELECT * FROM t");

        Assert.Equal(["QUEUED", "PLANNING"], run.States.Take(2));
        Assert.Contains("RUNNING", run.States);
        Assert.Equal("FINISHED", run.States.Last());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), run.Rows.Select(r => r[0].GetInt64()));
        Assert.True(run.Exchanges.Count(e => e.Json.TryGetProperty("data", out _)) > 5, "small target size must split rows over pages");
        Assert.False(run.Last.TryGetProperty("nextUri", out _));
        Assert.Equal(100, run.Last.GetProperty("stats").GetProperty("processedRows").GetInt64());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Columns_appear_once_known_and_are_repeated_and_no_empty_data_is_sent(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 100);
        server.Script("q", ScriptedResult.Generated(s_longAndText, 20, i => [i, "x"]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("q");

        var withColumns = run.Exchanges.Select(e => e.Json.TryGetProperty("columns", out _)).ToList();
        int first = withColumns.IndexOf(true);
        Assert.True(first >= 2, "no columns while queued or planning");
        Assert.All(withColumns.Skip(first), Assert.True);
        Assert.All(run.Exchanges, e =>
        {
            if (e.Json.TryGetProperty("data", out var data))
            {
                Assert.NotEqual(0, data.GetArrayLength());
            }
        });
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Pages_close_near_the_target_size(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 10_000);
        server.Script("big", ScriptedResult.Generated(s_longAndText, 5_000, i => [i, new string('a', 50)]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("big");

        var pages = run.Exchanges.Where(e => e.Json.TryGetProperty("data", out _)).Select(e => e.Json.GetProperty("data").GetRawText().Length).ToList();
        Assert.True(pages.Count > 10);
        Assert.All(pages.SkipLast(1), size => Assert.InRange(size, 10_000, 10_200));
        Assert.Equal(5_000, run.Rows.Count);
    }

    [Fact]
    public async Task The_default_page_target_is_about_one_megabyte()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        server.Script("big", ScriptedResult.Generated(s_longAndText, 40_000, i => [i, new string('a', 40)]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("big");

        var firstPage = run.Exchanges.First(e => e.Json.TryGetProperty("data", out _)).Json.GetProperty("data").GetRawText();
        Assert.InRange(firstPage.Length, 1_000_000, 1_001_000);
        Assert.Equal(40_000, run.Rows.Count);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Same_token_returns_the_cached_response_older_is_gone_and_unknown_is_not_found(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 50);
        server.Script("q", ScriptedResult.Generated(s_longAndText, 30, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var posted = await client.PostAsync("q");
        var queued = await client.GetAsync(posted.Json.GetProperty("nextUri").GetString()!);
        string firstExecuting = queued.Json.GetProperty("nextUri").GetString()!;
        var page1 = await client.GetAsync(firstExecuting);
        string secondExecuting = page1.Json.GetProperty("nextUri").GetString()!;

        var again = await client.GetAsync(firstExecuting);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(page1.Body, again.Body);

        var page2 = await client.GetAsync(secondExecuting);
        Assert.Equal(HttpStatusCode.OK, page2.Status);
        Assert.NotEqual(page1.Json.GetProperty("data")[0][0].GetInt64(), page2.Json.GetProperty("data")[0][0].GetInt64());

        var older = await client.GetAsync(firstExecuting);
        Assert.Equal(HttpStatusCode.Gone, older.Status);

        string skipAhead = Retoken(page2.Json.GetProperty("nextUri").GetString()!, +5);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(skipAhead)).Status);

        string wrongSlug = dialect == ServerDialect.Trino
            ? ReplaceSlug(secondExecuting)
            : secondExecuting[..secondExecuting.IndexOf("slug=", StringComparison.Ordinal)] + "slug=x00";
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(wrongSlug)).Status);

        var unknown = await client.GetAsync(secondExecuting.Replace(posted.Json.GetProperty("id").GetString()!, "20200101_000000_00000_zzzzz", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("Query not found", unknown.Body);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Uri_layout_follows_the_dialect(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("q", ScriptedResult.FromRows(s_longAndText, [[1L, "a"]]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("q");

        string id = run.Last.GetProperty("id").GetString()!;
        Assert.Matches(@"^\d{8}_\d{6}_\d{5}_[a-z0-9]{5}$", id);
        foreach (var uri in run.Exchanges.Select(e => e.Json).Where(j => j.TryGetProperty("nextUri", out _)).Select(j => j.GetProperty("nextUri").GetString()!))
        {
            if (dialect == ServerDialect.Trino)
            {
                Assert.Matches($@"/v1/statement/(queued|executing)/{id}/y[0-9a-f]+/\d+$", uri);
            }
            else
            {
                Assert.Matches($@"/v1/statement/(queued|executing)/{id}/\d+\?slug=x[0-9a-f]{{32}}$", uri);
            }
        }

        Assert.EndsWith("/ui/query.html?" + id, run.Last.GetProperty("infoUri").GetString());
    }

    [Fact]
    public async Task Finished_queries_are_forgotten_after_the_retention_period()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino, o => o.QueryRetention = TimeSpan.FromMilliseconds(100));
        server.Script("q", ScriptedResult.FromRows(s_longAndText, [[1L, "a"]]));
        using var client = new ProtocolClient(server);
        var run = await client.RunAsync("q");
        string lastUri = run.Exchanges[^2].Json.GetProperty("nextUri").GetString()!;
        Assert.Single(server.Queries);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (server.Queries.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Empty(server.Queries);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(lastUri)).Status);
    }

    [Fact]
    public async Task Query_ids_are_unique_across_servers_started_with_the_same_seed()
    {
        await using var a = await Servers.StartAsync(ServerDialect.Trino);
        await using var b = await Servers.StartAsync(ServerDialect.Trino);
        using var ca = new ProtocolClient(a);
        using var cb = new ProtocolClient(b);

        string idA = (await ca.PostAsync("SELECT 1")).Json.GetProperty("id").GetString()!;
        string idB = (await cb.PostAsync("SELECT 1")).Json.GetProperty("id").GetString()!;

        Assert.NotEqual(idA, idB);
    }

    [Fact]
    public async Task Trino_always_sends_warnings_and_scripted_warnings_are_reported()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        server.Script("q", ScriptedResult.FromRows(s_longAndText, [[1L, "a"]]).WithWarnings("careful"));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("q");

        Assert.All(run.Exchanges, e => Assert.Equal(JsonValueKind.Array, e.Json.GetProperty("warnings").ValueKind));
        var warning = Assert.Single(run.Last.GetProperty("warnings").EnumerateArray());
        Assert.Equal("careful", warning.GetProperty("message").GetString());
        Assert.Equal("TESTING_WARNING", warning.GetProperty("warningCode").GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Stats_carry_the_full_field_set_of_the_dialect(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 100);
        server.Script("q", ScriptedResult.Generated(s_longAndText, 50, i => [i, "v"]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("q");

        var running = run.Exchanges.Select(e => e.Json.GetProperty("stats")).First(s => s.GetProperty("state").GetString() == "RUNNING");
        string[] common =
        [
            "state", "queued", "scheduled", "nodes", "totalSplits", "queuedSplits", "runningSplits", "completedSplits", "cpuTimeMillis",
            "wallTimeMillis", "queuedTimeMillis", "elapsedTimeMillis", "processedRows", "processedBytes", "peakMemoryBytes", "rootStage",
            "progressPercentage",
        ];
        foreach (string field in common)
        {
            Assert.True(running.TryGetProperty(field, out _), field);
        }

        string[] trinoOnly = ["runningPercentage", "physicalInputBytes", "planningTimeMillis", "analysisTimeMillis", "finishingTimeMillis"];
        string[] prestoOnly = ["waitingForPrerequisites", "waitingForPrerequisitesTimeMillis", "peakTotalMemoryBytes", "peakTaskTotalMemoryBytes"];
        foreach (string field in trinoOnly)
        {
            Assert.Equal(dialect == ServerDialect.Trino, running.TryGetProperty(field, out _));
        }

        foreach (string field in prestoOnly)
        {
            Assert.Equal(dialect == ServerDialect.Presto, running.TryGetProperty(field, out _));
        }

        var stage = running.GetProperty("rootStage");
        Assert.Equal("0", stage.GetProperty("stageId").GetString());
        Assert.Equal("1", stage.GetProperty("subStages")[0].GetProperty("stageId").GetString());
        Assert.Equal(dialect == ServerDialect.Trino, stage.TryGetProperty("coordinatorOnly", out _));

        var final = run.Last.GetProperty("stats");
        Assert.Equal(100.0, final.GetProperty("progressPercentage").GetDouble());
        Assert.Equal(final.GetProperty("totalSplits").GetInt32(), final.GetProperty("completedSplits").GetInt32());
        Assert.True(final.GetProperty("rootStage").GetProperty("done").GetBoolean());
        var progress = run.Exchanges.Select(e => e.Json.GetProperty("stats"))
            .Where(s => s.TryGetProperty("progressPercentage", out _)).Select(s => s.GetProperty("progressPercentage").GetDouble()).ToList();
        Assert.Equal(progress.Order(), progress);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Queued_polls_keep_the_query_queued_before_dispatch(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.QueuedPolls = 3);
        server.Script("q", ScriptedResult.FromRows(s_longAndText, [[1L, "a"]]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("q");

        Assert.Equal(["QUEUED", "QUEUED", "QUEUED", "QUEUED", "PLANNING"], run.States.Take(5));
        Assert.Single(run.Rows);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task A_generated_result_is_pulled_lazily_as_pages_are_served(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 1_000);
        long produced = 0;
        server.Script("lazy", ScriptedResult.Generated(s_longAndText, 1_000_000, i =>
        {
            Interlocked.Increment(ref produced);
            return [i, "v"];
        }));
        using var client = new ProtocolClient(server);
        var posted = await client.PostAsync("lazy");
        var queued = await client.GetAsync(posted.Json.GetProperty("nextUri").GetString()!);
        var page = await client.GetAsync(queued.Json.GetProperty("nextUri").GetString()!);

        Assert.InRange(Interlocked.Read(ref produced), 1, 200);
        await client.DeleteAsync(page.Json.GetProperty("nextUri").GetString()!);
    }

    private static string Retoken(string uri, int delta)
    {
        if (uri.Contains("?slug=", StringComparison.Ordinal))
        {
            int q = uri.IndexOf('?', StringComparison.Ordinal);
            string path = uri[..q];
            int slash = path.LastIndexOf('/');
            return path[..(slash + 1)] + (long.Parse(path[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture) + delta) + uri[q..];
        }

        int last = uri.LastIndexOf('/');
        return uri[..(last + 1)] + (long.Parse(uri[(last + 1)..], System.Globalization.CultureInfo.InvariantCulture) + delta);
    }

    private static string ReplaceSlug(string uri)
    {
        var parts = uri.Split('/');
        parts[^2] = "y0000000000000000";
        return string.Join('/', parts);
    }
}
