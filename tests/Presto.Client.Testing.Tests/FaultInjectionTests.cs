using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

public sealed class FaultInjectionTests
{
    private static readonly ResultColumn[] s_columns = [new("n", "bigint"), new("s", "varchar")];

    public static IEnumerable<object[]> DialectsAndStatuses =>
        from dialect in new[] { ServerDialect.Trino, ServerDialect.Presto }
        from status in new[] { 429, 502, 503, 504 }
        select new object[] { dialect, status };

    [Theory]
    [MemberData(nameof(DialectsAndStatuses))]
    public async Task A_faulted_post_answers_the_status_K_times_registers_no_query_then_succeeds(ServerDialect dialect, int status)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);
        server.Faults.FailRequests(RequestKind.Post, status, times: 2, retryAfter: status == 429 ? TimeSpan.FromMilliseconds(1500) : null);

        for (int i = 0; i < 2; i++)
        {
            var faulted = await client.PostAsync("q");
            Assert.Equal(status, (int)faulted.Status);
            Assert.Equal(status == 429 ? ["2"] : [], faulted.HeaderValues("Retry-After"));
            Assert.Empty(server.Queries);
        }

        Assert.Equal(0, server.Faults.Pending);
        var run = await client.RunAsync("q");
        Assert.Equal("FINISHED", run.States.Last());
        Assert.Single(run.Rows);
        Assert.Single(server.Queries);
        Assert.Equal([status, status, 200], server.Submissions.Select(r => r.StatusCode));
    }

    [Theory]
    [MemberData(nameof(DialectsAndStatuses))]
    public async Task A_faulted_get_does_not_advance_the_query_and_a_retry_of_the_same_uri_continues(ServerDialect dialect, int status)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 30, i => [i, "v" + i]));
        using var client = new ProtocolClient(server);
        var (rows, page) = await Steps.FirstDataPageAsync(client, "q");
        long servedBefore = Assert.Single(server.Queries).RowsServed;
        string next = Steps.Next(page);

        server.Faults.FailRequests(RequestKind.Get, status, times: 3, retryAfter: status == 429 ? TimeSpan.FromSeconds(3) : null);
        for (int i = 0; i < 3; i++)
        {
            var faulted = await client.GetAsync(next);
            Assert.Equal(status, (int)faulted.Status);
            Assert.Equal(status == 429 ? ["3"] : [], faulted.HeaderValues("Retry-After"));
            Assert.Equal(servedBefore, Assert.Single(server.Queries).RowsServed);
        }

        var retried = await client.GetAsync(next);
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal(rows.Count, retried.Json.GetProperty("data")[0][0].GetInt64());
        rows.AddRange(Steps.Data(retried));
        rows.AddRange(await Steps.DrainAsync(client, retried));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), rows.Select(r => r[0].GetInt64()));
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task A_faulted_delete_does_not_cancel_and_the_retried_delete_does(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 30, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (_, page) = await Steps.FirstDataPageAsync(client, "q");
        string next = Steps.Next(page);
        server.Faults.FailRequests(RequestKind.Delete, 503);

        var faulted = await client.DeleteAsync(next);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.Status);
        Assert.Equal("RUNNING", Assert.Single(server.Queries).State);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(next)).Status);
        var final = await client.GetAsync(next);
        Assert.Equal("USER_CANCELED", final.Json.GetProperty("error").GetProperty("errorName").GetString());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task A_fault_only_hits_its_request_kind(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);
        server.Faults.FailRequests(RequestKind.Get, 502);

        var posted = await client.PostAsync("q");
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/info")).Status);
        Assert.Equal(1, server.Faults.Pending);

        var faulted = await client.GetAsync(Steps.Next(posted));
        Assert.Equal(HttpStatusCode.BadGateway, faulted.Status);
        Assert.Contains("502 Bad Gateway", faulted.Body, StringComparison.Ordinal);
        Assert.Equal(0, server.Faults.Pending);
        Assert.Equal("QUEUED", Assert.Single(server.Queries).State);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Reset_connection_throws_without_advancing_and_the_same_uri_works_afterwards(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 30, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (rows, page) = await Steps.FirstDataPageAsync(client, "q");
        string next = Steps.Next(page);
        long served = Assert.Single(server.Queries).RowsServed;
        server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.ResetConnection });

        // A fresh connection, so HttpClient cannot transparently retry the request on another connection.
        using (var fresh = new ProtocolClient(server))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync(next));
        }

        Assert.Equal(served, Assert.Single(server.Queries).RowsServed);
        var retried = await client.GetAsync(next);
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        rows.AddRange(Steps.Data(retried));
        rows.AddRange(await Steps.DrainAsync(client, retried));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), rows.Select(r => r[0].GetInt64()));
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Abort_mid_body_serves_the_page_and_a_retry_of_the_same_uri_returns_it_again(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 400);
        server.Script("q", ScriptedResult.Generated(s_columns, 100, i => [i, "value " + i]));
        using var client = new ProtocolClient(server);
        var (rows, page) = await Steps.FirstDataPageAsync(client, "q");
        string next = Steps.Next(page);
        long served = Assert.Single(server.Queries).RowsServed;
        server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.AbortMidBody });

        using (var fresh = new ProtocolClient(server))
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => fresh.GetAsync(next));
            Assert.True(ex is HttpRequestException or IOException, ex.ToString());
        }

        // The server handled the GET: the page was produced, so the query did advance.
        Assert.True(Assert.Single(server.Queries).RowsServed > served);
        var retried = await client.GetAsync(next);
        var again = await client.GetAsync(next);
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal(retried.Body, again.Body);
        Assert.Equal(served, retried.Json.GetProperty("data")[0][0].GetInt64());
        rows.AddRange(Steps.Data(retried));
        rows.AddRange(await Steps.DrainAsync(client, retried));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), rows.Select(r => r[0].GetInt64()));
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Truncated_body_is_a_200_with_a_prefix_of_the_response_a_retry_returns(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 200);
        server.Script("q", ScriptedResult.Generated(s_columns, 50, i => [i, "value " + i]));
        using var client = new ProtocolClient(server);
        var (rows, page) = await Steps.FirstDataPageAsync(client, "q");
        string next = Steps.Next(page);
        server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.TruncatedBody });

        var truncated = await client.GetAsync(next);
        Assert.Equal(HttpStatusCode.OK, truncated.Status);
        Assert.NotEmpty(truncated.Body);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(truncated.Body));

        var retried = await client.GetAsync(next);
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.StartsWith(truncated.Body, retried.Body, StringComparison.Ordinal);
        Assert.Equal(retried.Body.Length / 2, truncated.Body.Length);
        rows.AddRange(Steps.Data(retried));
        rows.AddRange(await Steps.DrainAsync(client, retried));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), rows.Select(r => r[0].GetInt64()));
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Non_json_and_empty_bodies_are_200s_that_do_not_advance_the_query(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 30, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (rows, page) = await Steps.FirstDataPageAsync(client, "q");
        string next = Steps.Next(page);
        long served = Assert.Single(server.Queries).RowsServed;
        server.Faults
            .Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.NonJsonBody })
            .Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.EmptyBody });

        using (var html = await client.Http.GetAsync(next))
        {
            Assert.Equal(HttpStatusCode.OK, html.StatusCode);
            Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("<html>", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var empty = await client.Http.GetAsync(next))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            Assert.Equal(string.Empty, await empty.Content.ReadAsStringAsync());
        }

        Assert.Equal(served, Assert.Single(server.Queries).RowsServed);
        var retried = await client.GetAsync(next);
        Assert.Equal(served, retried.Json.GetProperty("data")[0][0].GetInt64());
        rows.AddRange(Steps.Data(retried));
        rows.AddRange(await Steps.DrainAsync(client, retried));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), rows.Select(r => r[0].GetInt64()));
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Delay_holds_the_response_then_handles_the_request(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);
        var posted = await client.PostAsync("q");
        server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromMilliseconds(200) });

        var watch = Stopwatch.StartNew();
        var delayed = await client.GetAsync(Steps.Next(posted));
        watch.Stop();

        Assert.True(watch.ElapsedMilliseconds >= 195, $"took {watch.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, delayed.Status);
        Assert.Equal("PLANNING", delayed.Json.GetProperty("stats").GetProperty("state").GetString());
        Assert.Equal(0, server.Faults.Pending);
    }

    [Fact]
    public async Task Path_match_restricts_the_fault_to_matching_paths()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        using var client = new ProtocolClient(server);
        server.Faults.Http(new HttpFault
        {
            On = RequestKind.Any,
            StatusCode = 503,
            Times = 2,
            PathMatch = p => p.StartsWith("/v1/info", StringComparison.Ordinal),
        });

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/status")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/node")).Status);
        Assert.Equal(1, server.Faults.Pending);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/v1/info")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/v1/info/state")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/info")).Status);
        Assert.Equal(0, server.Faults.Pending);
    }

    [Fact]
    public async Task Probabilistic_faults_replay_with_the_same_seed_and_differ_with_another()
    {
        var first = await PatternAsync(seed: 7);
        var same = await PatternAsync(seed: 7);
        var other = await PatternAsync(seed: 8);

        Assert.Equal(first, same);
        Assert.Contains(true, first);
        Assert.Contains(false, first);
        Assert.NotEqual(first, other);

        static async Task<bool[]> PatternAsync(int seed)
        {
            await using var server = await Servers.StartAsync(ServerDialect.Trino, o => o.Seed = seed);
            using var client = new ProtocolClient(server);
            server.Faults.Http(new HttpFault { On = RequestKind.Other, StatusCode = 503, Times = -1, Probability = 0.5 });
            var hits = new bool[24];
            for (int i = 0; i < hits.Length; i++)
            {
                var response = await client.GetAsync("/v1/status");
                Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable);
                hits[i] = response.Status == HttpStatusCode.ServiceUnavailable;
            }

            Assert.Equal(1, server.Faults.Pending);
            return hits;
        }
    }

    [Fact]
    public async Task Clear_with_a_seed_replays_the_same_probabilistic_pattern()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Presto, o => o.Seed = 11);
        using var client = new ProtocolClient(server);

        async Task<bool[]> PatternAsync()
        {
            server.Faults.Http(new HttpFault { On = RequestKind.Other, StatusCode = 504, Times = -1, Probability = 0.3 });
            var hits = new bool[20];
            for (int i = 0; i < hits.Length; i++)
            {
                hits[i] = (await client.GetAsync("/v1/info")).Status == HttpStatusCode.GatewayTimeout;
            }

            return hits;
        }

        var first = await PatternAsync();
        server.Faults.Clear(seed: 11);
        Assert.Equal(0, server.Faults.Pending);
        var replay = await PatternAsync();
        Assert.Equal(first, replay);
        Assert.Contains(true, first);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Negative_times_hits_every_matching_request_until_cleared(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);
        server.Faults.Http(new HttpFault { On = RequestKind.Post, StatusCode = 503, Times = -1 });

        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostAsync("q")).Status);
        }

        Assert.Equal(1, server.Faults.Pending);
        Assert.Empty(server.Queries);
        server.Faults.Clear();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("q")).Status);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Zero_times_hits_nothing(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);
        server.Faults
            .FailRequests(RequestKind.Any, 503, times: 0)
            .FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", Times = 0 });

        Assert.Equal(0, server.Faults.Pending);
        var run = await client.RunAsync("q");
        Assert.Null(run.Error);
        Assert.Single(run.Rows);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/info")).Status);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Reset_connection_on_post_registers_no_query(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        server.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.ResetConnection });

        using (var fresh = new ProtocolClient(server))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => fresh.PostAsync("q"));
        }

        Assert.Empty(server.Queries);
        using var client = new ProtocolClient(server);
        Assert.Single((await client.RunAsync("q")).Rows);
        Assert.Equal([0, 200], server.Submissions.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_head_fault_hits_heartbeats_only()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 30, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (_, page) = await Steps.FirstDataPageAsync(client, "q");
        string next = Steps.Next(page);
        server.Faults.FailRequests(RequestKind.Head, 503, times: 2);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.HeadAsync(next)).Status);
        Assert.Equal(1, server.Faults.Pending);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.HeadAsync(next)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.HeadAsync(next)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(next)).Status);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Query_fault_while_queued_fails_the_first_poll_without_columns(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.Queued });

        var run = await client.RunAsync("q");

        Assert.Equal(2, run.Exchanges.Count);
        Assert.False(run.Last.TryGetProperty("columns", out _));
        Assert.Empty(run.Rows);
        Assert.Equal("FAILED", run.States.Last());
        var error = run.Error!.Value;
        Assert.Equal("REMOTE_TASK_ERROR", error.GetProperty("errorName").GetString());
        Assert.Equal(65542, error.GetProperty("errorCode").GetInt32());
        Assert.Equal("INTERNAL_ERROR", error.GetProperty("errorType").GetString());
        Assert.Equal("Remote task failed: worker node 10.0.0.7:8080 is unreachable", error.GetProperty("message").GetString());
        AssertRetriable(dialect, error, expectedPresto: true);
        var info = Assert.Single(server.Queries);
        Assert.Equal(("FAILED", "REMOTE_TASK_ERROR"), (info.State, info.ErrorName));
        Assert.True(info.Ended);

        var second = await client.RunAsync("q");
        Assert.Equal("FINISHED", second.States.Last());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Query_fault_before_the_first_page_fails_without_data(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("q", ScriptedResult.Generated(s_columns, 10, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        server.Faults.FailQuery(new QueryFault { ErrorName = "PAGE_TRANSPORT_TIMEOUT" });

        var run = await client.RunAsync("q");

        Assert.Empty(run.Rows);
        Assert.DoesNotContain(run.Exchanges, e => e.Json.TryGetProperty("data", out _));
        Assert.Equal("PLANNING", run.States.ElementAt(1));
        var error = run.Error!.Value;
        Assert.Equal("PAGE_TRANSPORT_TIMEOUT", error.GetProperty("errorName").GetString());
        Assert.Equal(65540, error.GetProperty("errorCode").GetInt32());
        Assert.Equal("INTERNAL_ERROR", error.GetProperty("errorType").GetString());
        AssertRetriable(dialect, error, expectedPresto: true);
        Assert.False(run.Last.TryGetProperty("nextUri", out _));
        Assert.Equal(0, Assert.Single(server.Queries).RowsServed);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Query_fault_after_two_pages_serves_exactly_two_data_pages_then_fails(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 50);
        server.Script("q", ScriptedResult.Generated(s_columns, 100, i => [i, "row " + i]));
        using var client = new ProtocolClient(server);
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_HOST_GONE", At = FaultPoint.AfterPage, AfterPages = 2, Message = "worker gone" });

        var run = await client.RunAsync("q");

        Assert.Equal(2, run.Exchanges.Count(e => e.Json.TryGetProperty("data", out _)));
        Assert.InRange(run.Rows.Count, 2, 99);
        Assert.Equal(Enumerable.Range(0, run.Rows.Count).Select(i => (long)i), run.Rows.Select(r => r[0].GetInt64()));
        Assert.Equal("FAILED", run.States.Last());
        var error = run.Error!.Value;
        Assert.Equal("REMOTE_HOST_GONE", error.GetProperty("errorName").GetString());
        Assert.Equal(65558, error.GetProperty("errorCode").GetInt32());
        Assert.Equal("worker gone", error.GetProperty("message").GetString());
        Assert.Equal("worker gone", error.GetProperty("failureInfo").GetProperty("message").GetString());
        Assert.False(run.Last.TryGetProperty("data", out _));
        var info = Assert.Single(server.Queries);
        Assert.Equal(run.Rows.Count, info.RowsServed);
        Assert.Equal("REMOTE_HOST_GONE", info.ErrorName);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Query_fault_code_and_type_can_be_overridden(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);
        server.Faults
            .FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", ErrorCode = 1234, ErrorType = "EXTERNAL", Retriable = false })
            .FailQuery(new QueryFault { ErrorName = "HIVE_METASTORE_ERROR", ErrorCode = 16777216, ErrorType = "EXTERNAL", Message = "metastore down" });

        var overridden = (await client.RunAsync("q")).Error!.Value;
        Assert.Equal(("REMOTE_TASK_ERROR", 1234, "EXTERNAL"), ErrorTriple(overridden));
        AssertRetriable(dialect, overridden, expectedPresto: false);

        var connector = (await client.RunAsync("q")).Error!.Value;
        Assert.Equal(("HIVE_METASTORE_ERROR", 16777216, "EXTERNAL"), ErrorTriple(connector));
        Assert.Equal("metastore down", connector.GetProperty("message").GetString());
        AssertRetriable(dialect, connector, expectedPresto: false);
        if (dialect == ServerDialect.Trino)
        {
            var errorInfo = connector.GetProperty("failureInfo").GetProperty("errorInfo");
            Assert.Equal(16777216, errorInfo.GetProperty("code").GetInt32());
            Assert.Equal("HIVE_METASTORE_ERROR", errorInfo.GetProperty("name").GetString());
            Assert.Equal("EXTERNAL", errorInfo.GetProperty("type").GetString());
        }

        Assert.Null((await client.RunAsync("q")).Error);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Query_fault_applies_to_matching_sql_only_and_the_given_number_of_times(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script(_ => true, ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);
        server.Faults.FailQuery(new QueryFault
        {
            ErrorName = "EXCEEDED_TIME_LIMIT",
            At = FaultPoint.Queued,
            Match = sql => sql.Contains("slow", StringComparison.Ordinal),
            Times = 2,
        });

        Assert.Null((await client.RunAsync("SELECT fast")).Error);
        Assert.Equal(1, server.Faults.Pending);
        var first = (await client.RunAsync("SELECT slow")).Error!.Value;
        Assert.Equal(("EXCEEDED_TIME_LIMIT", 131075, "INSUFFICIENT_RESOURCES"), ErrorTriple(first));
        Assert.Null((await client.RunAsync("SELECT fast")).Error);
        Assert.NotNull((await client.RunAsync("SELECT slow")).Error);
        Assert.Equal(0, server.Faults.Pending);
        Assert.Null((await client.RunAsync("SELECT slow")).Error);
        Assert.Equal([null, "EXCEEDED_TIME_LIMIT", null, "EXCEEDED_TIME_LIMIT", null], server.Queries.Select(q => q.ErrorName));
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Shutting_down_fails_new_queries_and_lets_dispatched_ones_finish(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 20, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (rows, page) = await Steps.FirstDataPageAsync(client, "q");
        var registered = await client.PostAsync("q");

        server.State = ServerState.ShuttingDown;

        Assert.Equal("\"SHUTTING_DOWN\"", (await client.GetAsync("/v1/info/state")).Body);
        rows.AddRange(await Steps.DrainAsync(client, page));
        Assert.Equal(20, rows.Count);
        Assert.Equal("FINISHED", server.Queries[0].State);

        var rejected = await client.GetAsync(Steps.Next(registered));
        Assert.False(rejected.Json.TryGetProperty("nextUri", out _));
        Assert.False(rejected.Json.TryGetProperty("columns", out _));
        var error = rejected.Json.GetProperty("error");
        Assert.Equal(("SERVER_SHUTTING_DOWN", 65545, "INTERNAL_ERROR"), ErrorTriple(error));

        var fresh = await client.RunAsync("q");
        Assert.Equal("SERVER_SHUTTING_DOWN", fresh.Error!.Value.GetProperty("errorName").GetString());

        server.State = ServerState.Inactive;
        Assert.Equal("\"INACTIVE\"", (await client.GetAsync("/v1/info/state")).Body);
        Assert.Equal("SERVER_SHUTTING_DOWN", (await client.RunAsync("q")).Error!.Value.GetProperty("errorName").GetString());

        server.State = ServerState.Active;
        Assert.Null((await client.RunAsync("q")).Error);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Queue_full_fails_new_queries_with_query_queue_full(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);
        server.QueueFull = true;

        var run = await client.RunAsync("q");
        Assert.Equal(2, run.Exchanges.Count);
        var error = run.Error!.Value;
        Assert.Equal(("QUERY_QUEUE_FULL", 131074, "INSUFFICIENT_RESOURCES"), ErrorTriple(error));
        Assert.Equal("Too many queued queries for \"global\"", error.GetProperty("message").GetString());
        AssertRetriable(dialect, error, expectedPresto: false);

        server.QueueFull = false;
        Assert.Single((await client.RunAsync("q")).Rows);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Starting_is_reported_by_v1_info(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        using var client = new ProtocolClient(server);

        Assert.False((await client.GetAsync("/v1/info")).Json.GetProperty("starting").GetBoolean());
        server.Starting = true;
        Assert.True((await client.GetAsync("/v1/info")).Json.GetProperty("starting").GetBoolean());
        server.Starting = false;
        Assert.False((await client.GetAsync("/v1/info")).Json.GetProperty("starting").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Scripted_failure_with_a_location_reports_it_in_error_and_failure_info(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("SELECT FROM", ScriptedResult.Failure("SYNTAX_ERROR", "line 1:8: mismatched input 'FROM'", 1, 8));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("SELECT FROM");

        var error = run.Error!.Value;
        Assert.Equal(("SYNTAX_ERROR", 1, "USER_ERROR"), ErrorTriple(error));
        foreach (var location in new[] { error.GetProperty("errorLocation"), error.GetProperty("failureInfo").GetProperty("errorLocation") })
        {
            Assert.Equal(1, location.GetProperty("lineNumber").GetInt32());
            Assert.Equal(8, location.GetProperty("columnNumber").GetInt32());
        }
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task A_failure_has_the_dialects_shape_and_no_next_uri(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("bad", ScriptedResult.Failure("DIVISION_BY_ZERO", "Division by zero"));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("bad");

        Assert.False(run.Last.TryGetProperty("nextUri", out _));
        Assert.False(run.Last.TryGetProperty("partialCancelUri", out _));
        Assert.Equal("FAILED", run.Last.GetProperty("stats").GetProperty("state").GetString());
        var error = run.Error!.Value;
        Assert.Equal("Division by zero", error.GetProperty("message").GetString());
        Assert.Equal(("DIVISION_BY_ZERO", 8, "USER_ERROR"), ErrorTriple(error));
        Assert.False(error.TryGetProperty("errorLocation", out _));
        Assert.False(error.TryGetProperty("sqlState", out _));
        AssertRetriable(dialect, error, expectedPresto: false);
        var failure = error.GetProperty("failureInfo");
        Assert.Equal(dialect == ServerDialect.Trino ? "io.trino.spi.TrinoException" : "com.facebook.presto.spi.PrestoException", failure.GetProperty("type").GetString());
        Assert.Equal("Division by zero", failure.GetProperty("message").GetString());
        Assert.Equal(0, failure.GetProperty("suppressed").GetArrayLength());
        Assert.NotEqual(0, failure.GetProperty("stack").GetArrayLength());
        Assert.All(failure.GetProperty("stack").EnumerateArray(), s => Assert.Equal(JsonValueKind.String, s.ValueKind));
        Assert.False(failure.TryGetProperty("errorLocation", out _));
        if (dialect == ServerDialect.Trino)
        {
            var errorInfo = failure.GetProperty("errorInfo");
            Assert.Equal(8, errorInfo.GetProperty("code").GetInt32());
            Assert.Equal("DIVISION_BY_ZERO", errorInfo.GetProperty("name").GetString());
            Assert.Equal("USER_ERROR", errorInfo.GetProperty("type").GetString());
        }
        else
        {
            Assert.False(failure.TryGetProperty("errorInfo", out _));
        }
    }

    internal static (string?, int, string?) ErrorTriple(JsonElement error) =>
        (error.GetProperty("errorName").GetString(), error.GetProperty("errorCode").GetInt32(), error.GetProperty("errorType").GetString());

    private static void AssertRetriable(ServerDialect dialect, JsonElement error, bool expectedPresto)
    {
        if (dialect == ServerDialect.Trino)
        {
            Assert.False(error.TryGetProperty("retriable", out _));
        }
        else
        {
            Assert.Equal(expectedPresto, error.GetProperty("retriable").GetBoolean());
        }
    }
}

/// <summary>Protocol steps shared by the fault, cluster, listener and cancel tests.</summary>
internal static class Steps
{
    public static string Next(Exchange exchange) => exchange.Json.GetProperty("nextUri").GetString()!;

    public static IEnumerable<JsonElement> Data(Exchange exchange) =>
        exchange.Json.TryGetProperty("data", out var data) ? data.EnumerateArray().Select(r => r.Clone()).ToList() : [];

    /// <summary>POSTs, polls the queued URI and the first executing URI: returns the rows so far and the first data page.</summary>
    public static async Task<(List<JsonElement> Rows, Exchange Page)> FirstDataPageAsync(ProtocolClient client, string sql)
    {
        var posted = await client.PostAsync(sql);
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var queued = await client.GetAsync(Next(posted));
        Assert.Equal(HttpStatusCode.OK, queued.Status);
        var page = await client.GetAsync(Next(queued));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("RUNNING", page.Json.GetProperty("stats").GetProperty("state").GetString());
        var rows = Data(page).ToList();
        Assert.NotEmpty(rows);
        Assert.True(page.Json.TryGetProperty("nextUri", out _));
        return (rows, page);
    }

    /// <summary>Follows nextUri from <paramref name="from"/> (not consuming its own data) and returns the rows of the later responses.</summary>
    public static async Task<List<JsonElement>> DrainAsync(ProtocolClient client, Exchange from)
    {
        var rows = new List<JsonElement>();
        var current = from;
        int polls = 0;
        while (current.Json.TryGetProperty("nextUri", out var next))
        {
            Assert.True(++polls < 10_000, "nextUri loop did not end");
            current = await client.GetAsync(next.GetString()!);
            Assert.True(current.Status == HttpStatusCode.OK, $"GET {current.Uri} answered {(int)current.Status}: {current.Body}");
            rows.AddRange(Data(current));
        }

        Assert.False(current.Json.TryGetProperty("error", out var error), error.ToString());
        return rows;
    }
}
