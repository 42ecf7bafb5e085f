using System.Net;
using System.Text;
using System.Text.Json;
using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

public sealed class CancelHeartbeatAbandonTests
{
    private static readonly ResultColumn[] s_columns = [new("n", "bigint"), new("s", "varchar")];

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Delete_of_the_executing_next_uri_cancels_and_the_next_get_reports_user_canceled(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 50, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (_, page) = await Steps.FirstDataPageAsync(client, "q");
        string next = Steps.Next(page);

        var deleted = await client.DeleteAsync(next);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(string.Empty, deleted.Body);
        Assert.Equal(("FAILED", "USER_CANCELED"), (server.Queries[0].State, server.Queries[0].ErrorName));
        var final = await client.GetAsync(next);
        Assert.Equal(HttpStatusCode.OK, final.Status);
        Assert.False(final.Json.TryGetProperty("nextUri", out _));
        Assert.False(final.Json.TryGetProperty("data", out _));
        Assert.False(final.Json.TryGetProperty("partialCancelUri", out _));
        Assert.Equal("FAILED", final.Json.GetProperty("stats").GetProperty("state").GetString());
        var error = final.Json.GetProperty("error");
        Assert.Equal(("USER_CANCELED", 3, "USER_ERROR"), FaultInjectionTests.ErrorTriple(error));
        Assert.Equal("Query was canceled", error.GetProperty("message").GetString());
        Assert.True(server.Queries[0].Ended);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Delete_of_a_queued_uri_cancels_before_dispatch(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.QueuedPolls = 2);
        server.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);
        var posted = await client.PostAsync("q");
        var queued = await client.GetAsync(Steps.Next(posted));
        string next = Steps.Next(queued);
        Assert.Contains("/v1/statement/queued/", next, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(next)).Status);

        var final = await client.GetAsync(next);
        Assert.False(final.Json.TryGetProperty("nextUri", out _));
        Assert.False(final.Json.TryGetProperty("columns", out _));
        Assert.Equal("USER_CANCELED", final.Json.GetProperty("error").GetProperty("errorName").GetString());
        Assert.Equal(new ServerLoad(0, 0), server.Load);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Delete_with_a_wrong_slug_is_not_found_and_does_not_cancel(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 50, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (_, page) = await Steps.FirstDataPageAsync(client, "q");
        string next = Steps.Next(page);
        string wrong = dialect == ServerDialect.Trino
            ? ReplaceTrinoSlug(next, "y0000000000000000")
            : next[..(next.IndexOf("slug=", StringComparison.Ordinal) + 5)] + "x00";

        var deleted = await client.DeleteAsync(wrong);

        Assert.Equal(HttpStatusCode.NotFound, deleted.Status);
        Assert.Equal("RUNNING", Assert.Single(server.Queries).State);
        Assert.Null((await client.GetAsync(next)).Json.TryGetProperty("error", out var e) ? e : (JsonElement?)null);
    }

    [Fact]
    public async Task Trino_head_on_an_executing_uri_is_a_heartbeat_that_keeps_the_query_alive()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino, o =>
        {
            o.TargetResultSizeBytes = 60;
            o.AbandonedQueryTimeout = TimeSpan.FromMilliseconds(1500);
        });
        server.Script("q", ScriptedResult.Generated(s_columns, 40, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (rows, page) = await Steps.FirstDataPageAsync(client, "q");
        string next = Steps.Next(page);
        long served = server.Queries[0].RowsServed;

        // Heartbeats every 250 ms for twice the abandon timeout: generous margins, so a loaded machine cannot flake it.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 12; i++)
        {
            var head = await client.HeadAsync(next);
            Assert.Equal(HttpStatusCode.OK, head.Status);
            await Task.Delay(250);
        }

        Assert.True(clock.Elapsed > TimeSpan.FromMilliseconds(1500), "the heartbeats must outlast the abandon timeout");

        var info = Assert.Single(server.Queries);
        Assert.Equal(("RUNNING", null, served), (info.State, info.ErrorName, info.RowsServed));
        var resumed = await client.GetAsync(next);
        Assert.Equal(HttpStatusCode.OK, resumed.Status);
        Assert.False(resumed.Json.TryGetProperty("error", out _));
        rows.AddRange(Steps.Data(resumed));
        rows.AddRange(await Steps.DrainAsync(client, resumed));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), rows.Select(r => r[0].GetInt64()));
    }

    [Fact]
    public async Task Trino_head_on_a_queued_uri_or_with_a_wrong_slug_is_refused()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 40, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var posted = await client.PostAsync("q");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.HeadAsync(Steps.Next(posted))).Status);

        var queued = await client.GetAsync(Steps.Next(posted));
        string executing = Steps.Next(queued);
        Assert.Equal(HttpStatusCode.NotFound, (await client.HeadAsync(ReplaceTrinoSlug(executing, "y0000000000000000"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.HeadAsync(executing)).Status);
        Assert.Equal("PLANNING", Assert.Single(server.Queries).State);
    }

    [Fact]
    public async Task Presto_has_no_heartbeat()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Presto, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 40, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (_, page) = await Steps.FirstDataPageAsync(client, "q");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.HeadAsync(Steps.Next(page))).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.HeadAsync("/v1/statement")).Status);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task A_query_nobody_polls_is_abandoned(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o =>
        {
            o.TargetResultSizeBytes = 60;
            o.AbandonedQueryTimeout = TimeSpan.FromMilliseconds(300);
        });
        server.Script("q", ScriptedResult.Generated(s_columns, 40, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (_, page) = await Steps.FirstDataPageAsync(client, "q");
        Assert.Equal("RUNNING", server.Queries[0].State);

        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (server.Queries[0].State != "FAILED" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var info = Assert.Single(server.Queries);
        Assert.Equal(("FAILED", "ABANDONED_QUERY", false), (info.State, info.ErrorName, info.Ended));
        Assert.Equal(new ServerLoad(0, 0), server.Load);
        var final = await client.GetAsync(Steps.Next(page));
        Assert.Equal(HttpStatusCode.OK, final.Status);
        Assert.False(final.Json.TryGetProperty("nextUri", out _));
        var error = final.Json.GetProperty("error");
        Assert.Equal(("ABANDONED_QUERY", 2, "USER_ERROR"), FaultInjectionTests.ErrorTriple(error));
        Assert.Contains("was abandoned by the client", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(server.Queries[0].Ended);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task A_query_polled_within_the_timeout_is_not_abandoned(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o =>
        {
            o.TargetResultSizeBytes = 30;
            o.AbandonedQueryTimeout = TimeSpan.FromMilliseconds(3000);
        });
        server.Script("q", ScriptedResult.Generated(s_columns, 40, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (rows, page) = await Steps.FirstDataPageAsync(client, "q");

        var current = page;
        while (current.Json.TryGetProperty("nextUri", out var next))
        {
            await Task.Delay(600);
            current = await client.GetAsync(next.GetString()!);
            rows.AddRange(Steps.Data(current));
        }

        Assert.True(clock.Elapsed > TimeSpan.FromMilliseconds(3000), "the polling must outlast the abandon timeout");
        Assert.False(current.Json.TryGetProperty("error", out _));
        Assert.Equal(40, rows.Count);
        Assert.Equal("FINISHED", server.Queries[0].State);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Partial_cancel_stops_reading_and_the_query_finishes_with_fewer_rows(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 100, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (rows, page) = await Steps.FirstDataPageAsync(client, "q");
        string partial = page.Json.GetProperty("partialCancelUri").GetString()!;
        string id = page.Json.GetProperty("id").GetString()!;
        if (dialect == ServerDialect.Trino)
        {
            Assert.Matches($@"/v1/statement/executing/partialCancel/{id}/1/y[0-9a-f]+/\d+$", partial);
        }
        else
        {
            Assert.EndsWith($"/v1/stage/{id}.1", partial, StringComparison.Ordinal);
        }

        var deleted = await client.DeleteAsync(partial);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        rows.AddRange(await Steps.DrainAsync(client, page));
        Assert.InRange(rows.Count, 1, 99);
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => (long)i), rows.Select(r => r[0].GetInt64()));
        var info = Assert.Single(server.Queries);
        Assert.Equal(("FINISHED", null, (long)rows.Count), (info.State, info.ErrorName, info.RowsServed));
    }

    [Fact]
    public async Task Partial_cancel_with_get_or_a_wrong_slug_is_refused()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 100, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (rows, page) = await Steps.FirstDataPageAsync(client, "q");
        string partial = page.Json.GetProperty("partialCancelUri").GetString()!;

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.GetAsync(partial)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(ReplaceTrinoSlug(partial, "y0000000000000000"))).Status);

        rows.AddRange(await Steps.DrainAsync(client, page));
        Assert.Equal(100, rows.Count);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Head_v1_statement_is_a_trino_connection_check(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        using var client = new ProtocolClient(server);

        var head = await client.HeadAsync("/v1/statement");

        Assert.Equal(dialect == ServerDialect.Trino ? HttpStatusCode.OK : HttpStatusCode.MethodNotAllowed, head.Status);
        Assert.Empty(server.Queries);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Bad_submissions_answer_400_with_the_servers_message(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        using var client = new ProtocolClient(server);
        string p = client.Prefix;

        await AssertBadRequestAsync(client, await client.PostAsync(string.Empty), "SQL statement is empty");
        await AssertBadRequestAsync(client, await PostRawAsync(client, "SELECT 1", []), "User must be set");
        await AssertBadRequestAsync(client, await PostRawAsync(client, "SELECT 1", [(p + "User", "   ")]), "User must be set");
        await AssertBadRequestAsync(client, await client.PostAsync("SELECT 1", new Dictionary<string, string> { [p + "Schema"] = "tiny" }), "Schema is set but catalog is not");
        await AssertBadRequestAsync(client, await client.PostAsync("SELECT 1", new Dictionary<string, string> { [p + "Session"] = "a" }), $"Invalid {p}Session header");
        await AssertBadRequestAsync(client, await client.PostAsync("SELECT 1", new Dictionary<string, string> { [p + "Resource-Estimate"] = "FOO=1" }), "Unsupported resource name FOO");
        Assert.Empty(server.Queries);
    }

    [Fact]
    public async Task Trino_rejects_a_session_property_with_two_equals_signs()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        using var client = new ProtocolClient(server);

        var response = await client.PostAsync("SELECT 1", new Dictionary<string, string> { ["X-Trino-Session"] = "a=b=c" });

        await AssertBadRequestAsync(client, response, "Invalid X-Trino-Session header");
    }

    [Fact]
    public async Task Trino_with_alternate_header_name_presto_accepts_presto_headers_but_not_both()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino, o => o.AlternateHeaderName = "Presto");
        server.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);

        var accepted = await PostRawAsync(client, "q", [("X-Presto-User", "prestouser")]);
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal("prestouser", Assert.Single(server.Queries).User);

        var both = await PostRawAsync(client, "q", [("X-Presto-User", "a"), ("X-Trino-Source", "b")]);
        await AssertBadRequestAsync(client, both, "Both Trino and Presto headers detected");

        var trino = await PostRawAsync(client, "q", [("X-Trino-User", "trinouser")]);
        Assert.Equal(HttpStatusCode.OK, trino.Status);
        Assert.Equal(["prestouser", "trinouser"], server.Queries.Select(q => q.User));
    }

    [Fact]
    public async Task Trino_with_alternate_header_name_answers_session_changes_with_the_request_prefix()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino, o => o.AlternateHeaderName = "Presto");
        using var client = new ProtocolClient(server);
        var posted = await PostRawAsync(client, "SET SESSION query_max_run_time = '1h'", [("X-Presto-User", "u")]);
        Assert.Equal(HttpStatusCode.OK, posted.Status);

        var headers = new List<string>();
        var current = posted;
        while (current.Json.TryGetProperty("nextUri", out var next))
        {
            current = await client.GetAsync(next.GetString()!);
            headers.AddRange(current.HeaderValues("X-Presto-Set-Session"));
            Assert.Empty(current.HeaderValues("X-Trino-Set-Session"));
        }

        Assert.False(current.Json.TryGetProperty("error", out var error), error.ToString());
        Assert.Equal(["query_max_run_time=1h"], headers);
    }

    [Fact]
    public async Task Trino_without_alternate_header_name_ignores_presto_headers()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        using var client = new ProtocolClient(server);

        var response = await PostRawAsync(client, "q", [("X-Presto-User", "prestouser")]);

        await AssertBadRequestAsync(client, response, "User must be set");
        Assert.Empty(server.Queries);
    }

    private static async Task AssertBadRequestAsync(ProtocolClient client, Exchange response, string message)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(message, response.Body);
        Assert.Equal(400, client.Server.Requests[^1].StatusCode);
        await Task.CompletedTask;
    }

    private static Task<Exchange> PostRawAsync(ProtocolClient client, string sql, (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/statement")
        {
            Content = new StringContent(sql, Encoding.UTF8, "text/plain"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return client.SendAsync(request);
    }

    private static string ReplaceTrinoSlug(string uri, string slug)
    {
        var parts = uri.Split('/');
        parts[^2] = slug;
        return string.Join('/', parts);
    }
}
