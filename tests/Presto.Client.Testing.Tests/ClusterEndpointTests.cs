using System.Net;
using System.Text;
using System.Text.Json;
using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

public sealed class ClusterEndpointTests
{
    private static readonly ResultColumn[] s_columns = [new("n", "bigint"), new("s", "varchar")];

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task V1_info_reports_version_environment_coordinator_starting_and_uptime(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.Environment = "ci-env");
        using var client = new ProtocolClient(server);

        var info = await client.GetAsync("/v1/info");

        Assert.Equal(HttpStatusCode.OK, info.Status);
        var json = info.Json;
        Assert.Equal(dialect == ServerDialect.Trino ? "480" : "0.300", json.GetProperty("nodeVersion").GetProperty("version").GetString());
        Assert.Equal("ci-env", json.GetProperty("environment").GetString());
        Assert.True(json.GetProperty("coordinator").GetBoolean());
        Assert.False(json.GetProperty("starting").GetBoolean());
        Assert.Matches(@"^\d+\.\d{2}(ms|s|m|h|d)$", json.GetProperty("uptime").GetString());
    }

    [Fact]
    public async Task V1_info_reports_a_configured_node_version()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino, o => o.NodeVersion = "451");
        using var client = new ProtocolClient(server);

        Assert.Equal("451", (await client.GetAsync("/v1/info")).Json.GetProperty("nodeVersion").GetProperty("version").GetString());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Info_state_can_be_read_and_changed_with_put(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        using var client = new ProtocolClient(server);

        var initial = await client.GetAsync("/v1/info/state");
        Assert.Equal(HttpStatusCode.OK, initial.Status);
        Assert.Equal("ACTIVE", initial.Json.GetString());

        Assert.Equal(HttpStatusCode.OK, (await PutStateAsync(client, "\"SHUTTING_DOWN\"")).Status);
        Assert.Equal(ServerState.ShuttingDown, server.State);
        Assert.Equal("SHUTTING_DOWN", (await client.GetAsync("/v1/info/state")).Json.GetString());

        Assert.Equal(HttpStatusCode.OK, (await PutStateAsync(client, "\"INACTIVE\"")).Status);
        Assert.Equal(ServerState.Inactive, server.State);
        Assert.Equal(HttpStatusCode.OK, (await PutStateAsync(client, "\"ACTIVE\"")).Status);
        Assert.Equal(ServerState.Active, server.State);

        foreach (string invalid in new[] { "SHUTTING_DOWN", "\"BOGUS\"", "42", string.Empty })
        {
            var rejected = await PutStateAsync(client, invalid);
            Assert.Equal(HttpStatusCode.BadRequest, rejected.Status);
            Assert.StartsWith("Invalid state transition", rejected.Body, StringComparison.Ordinal);
            Assert.Equal(ServerState.Active, server.State);
        }
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task V1_status_reports_the_node(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        using var client = new ProtocolClient(server);

        var status = await client.GetAsync("/v1/status");

        Assert.Equal(HttpStatusCode.OK, status.Status);
        var json = status.Json;
        Assert.StartsWith("node-", json.GetProperty("nodeId").GetString(), StringComparison.Ordinal);
        Assert.Equal(dialect == ServerDialect.Trino ? "480" : "0.300", json.GetProperty("nodeVersion").GetProperty("version").GetString());
        Assert.Equal("test", json.GetProperty("environment").GetString());
        Assert.True(json.GetProperty("coordinator").GetBoolean());
        Assert.Equal(Environment.ProcessorCount, json.GetProperty("processors").GetInt32());
        Assert.Equal(json.GetProperty("nodeId").GetString(), (await client.GetAsync("/v1/status")).Json.GetProperty("nodeId").GetString());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task V1_query_lists_queries_and_v1_query_id_details_one(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("SELECT 1", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        server.Script("SELECT 2", ScriptedResult.Failure("DIVISION_BY_ZERO", "Division by zero"));
        using var client = new ProtocolClient(server);
        await client.RunAsync("SELECT 1", new Dictionary<string, string> { [client.Prefix + "User"] = "alice", [client.Prefix + "Source"] = "tests" });
        await client.RunAsync("SELECT 2", new Dictionary<string, string> { [client.Prefix + "User"] = "bob" });
        var ids = server.Queries.Select(q => q.QueryId).ToArray();

        var list = await client.GetAsync("/v1/query");

        Assert.Equal(HttpStatusCode.OK, list.Status);
        var entries = list.Json.EnumerateArray().ToArray();
        Assert.Equal(ids, entries.Select(e => e.GetProperty("queryId").GetString()));
        Assert.Equal(["FINISHED", "FAILED"], entries.Select(e => e.GetProperty("state").GetString()));
        Assert.Equal(["SELECT 1", "SELECT 2"], entries.Select(e => e.GetProperty("query").GetString()));
        Assert.Equal(["alice", "bob"], entries.Select(e => e.GetProperty("session").GetProperty("user").GetString()));
        Assert.Equal("tests", entries[0].GetProperty("session").GetProperty("source").GetString());
        Assert.Equal("DIVISION_BY_ZERO", entries[1].GetProperty("errorCode").GetProperty("name").GetString());

        var detail = await client.GetAsync("/v1/query/" + ids[0]);
        Assert.Equal(HttpStatusCode.OK, detail.Status);
        Assert.Equal(ids[0], detail.Json.GetProperty("queryId").GetString());
        Assert.Equal("FINISHED", detail.Json.GetProperty("state").GetString());
        Assert.True(detail.Json.GetProperty("finalQueryInfo").GetBoolean());
        Assert.Equal(1, detail.Json.GetProperty("outputRows").GetInt64());
        Assert.EndsWith("/v1/query/" + ids[0], detail.Json.GetProperty("self").GetString(), StringComparison.Ordinal);

        var failed = await client.GetAsync("/v1/query/" + ids[1]);
        Assert.Equal("USER_ERROR", failed.Json.GetProperty("errorType").GetString());
        Assert.Equal("Division by zero", failed.Json.GetProperty("failureInfo").GetProperty("message").GetString());

        var unknown = await client.GetAsync("/v1/query/20200101_000000_00000_zzzzz");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/v1/query/20200101_000000_00000_zzzzz")).Status);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Delete_v1_query_id_cancels_a_running_query(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 50, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (_, page) = await Steps.FirstDataPageAsync(client, "q");
        string id = page.Json.GetProperty("id").GetString()!;

        var deleted = await client.DeleteAsync("/v1/query/" + id);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        var info = Assert.Single(server.Queries);
        Assert.Equal(("FAILED", "USER_CANCELED"), (info.State, info.ErrorName));
        var next = await client.GetAsync(Steps.Next(page));
        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.False(next.Json.TryGetProperty("nextUri", out _));
        Assert.False(next.Json.TryGetProperty("data", out _));
        Assert.Equal("FAILED", next.Json.GetProperty("stats").GetProperty("state").GetString());
        Assert.Equal(("USER_CANCELED", 3, "USER_ERROR"), FaultInjectionTests.ErrorTriple(next.Json.GetProperty("error")));
        Assert.Equal("FAILED", (await client.GetAsync("/v1/query/" + id)).Json.GetProperty("state").GetString());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task V1_node_lists_this_node(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        using var client = new ProtocolClient(server);

        var nodes = await client.GetAsync("/v1/node");

        Assert.Equal(HttpStatusCode.OK, nodes.Status);
        var node = Assert.Single(nodes.Json.EnumerateArray());
        Assert.Equal(server.BaseAddress.ToString().TrimEnd('/'), node.GetProperty("uri").GetString());
        Assert.Equal(0.0, node.GetProperty("recentFailures").GetDouble());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Cluster_stats_follow_the_server_load(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 50, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        await AssertLoadAsync(client, running: 0, queued: 0);

        var (_, page) = await Steps.FirstDataPageAsync(client, "q");
        var registered = await client.PostAsync("q");
        await client.PostAsync("q");

        await AssertLoadAsync(client, running: 1, queued: 2);

        await Steps.DrainAsync(client, page);
        await client.DeleteAsync(Steps.Next(registered));
        await AssertLoadAsync(client, running: 0, queued: 1);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Unknown_paths_and_methods_are_not_found(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        using var client = new ProtocolClient(server);

        foreach (string path in new[] { "/", "/v2/statement", "/v1/nothing", "/v1/statement/bogus", "/v1/statement/queued/x" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.Status == HttpStatusCode.NotFound, $"{path}: {(int)response.Status}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/v1/info")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.GetAsync("/v1/statement")).Status);
    }

    [Fact]
    public async Task Two_servers_in_one_process_are_independent()
    {
        await using var trino = await Servers.StartAsync(ServerDialect.Trino);
        await using var presto = await Servers.StartAsync(ServerDialect.Presto);
        trino.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "t"]]));
        presto.Script("q", ScriptedResult.FromRows(s_columns, [[2L, "p"]]));
        using var trinoClient = new ProtocolClient(trino);
        using var prestoClient = new ProtocolClient(presto);
        Assert.NotEqual(trino.BaseAddress.Port, presto.BaseAddress.Port);

        presto.Faults.FailRequests(RequestKind.Post, 503, times: -1);
        presto.QueueFull = true;

        var run = await trinoClient.RunAsync("q");
        Assert.Equal("t", run.Rows.Single()[1].GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await prestoClient.PostAsync("q")).Status);
        Assert.Single(trino.Queries);
        Assert.Empty(presto.Queries);
        Assert.Equal(0, trino.Faults.Pending);
        Assert.Equal(1, presto.Faults.Pending);

        presto.Faults.Clear();
        presto.QueueFull = false;
        trino.State = ServerState.ShuttingDown;
        Assert.Equal("p", (await prestoClient.RunAsync("q")).Rows.Single()[1].GetString());
        Assert.Equal("0.300", (await prestoClient.GetAsync("/v1/info")).Json.GetProperty("nodeVersion").GetProperty("version").GetString());
        Assert.Equal("ACTIVE", (await prestoClient.GetAsync("/v1/info/state")).Json.GetString());
        Assert.Equal("SHUTTING_DOWN", (await trinoClient.GetAsync("/v1/info/state")).Json.GetString());
        Assert.Single(trino.Queries);
        Assert.Single(presto.Queries);
        Assert.DoesNotContain(trino.Requests, r => r.Header("X-Presto-User") is not null);
    }

    private static async Task AssertLoadAsync(ProtocolClient client, int running, int queued)
    {
        Assert.Equal(new ServerLoad(running, queued), client.Server.Load);
        foreach (string path in new[] { "/v1/cluster", "/ui/api/stats" })
        {
            var stats = (await client.GetAsync(path)).Json;
            Assert.Equal(running, stats.GetProperty("runningQueries").GetInt32());
            Assert.Equal(queued, stats.GetProperty("queuedQueries").GetInt32());
            Assert.Equal(0, stats.GetProperty("blockedQueries").GetInt32());
        }
    }

    private static Task<Exchange> PutStateAsync(ProtocolClient client, string body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/v1/info/state")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        });
}
