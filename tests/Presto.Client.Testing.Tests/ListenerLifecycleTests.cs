using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

public sealed class ListenerLifecycleTests
{
    private static readonly ResultColumn[] s_columns = [new("n", "bigint"), new("s", "varchar")];

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Stop_refuses_connections_and_start_serves_again_on_the_same_port_with_state_kept(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect, o => o.TargetResultSizeBytes = 60);
        server.Script("q", ScriptedResult.Generated(s_columns, 40, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        var (rows, page) = await Steps.FirstDataPageAsync(client, "q");
        var address = server.BaseAddress;
        Assert.True(server.IsListening);

        await server.StopListeningAsync();

        Assert.False(server.IsListening);
        Assert.Equal(address, server.BaseAddress);
        using (var fresh = new ProtocolClient(server))
        {
            var ex = await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("/v1/info"));
            Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(ex.InnerException).SocketErrorCode);
        }

        await server.StopListeningAsync();
        Assert.False(server.IsListening);

        await server.StartListeningAsync();

        Assert.True(server.IsListening);
        Assert.Equal(address, server.BaseAddress);
        using var after = new ProtocolClient(server);
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/v1/info")).Status);
        rows.AddRange(await Steps.DrainAsync(after, page));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), rows.Select(r => r[0].GetInt64()));
        var info = Assert.Single(server.Queries);
        Assert.Equal(("FINISHED", 40L, true), (info.State, info.RowsServed, info.Ended));

        await server.StartListeningAsync();
        Assert.True(server.IsListening);
    }

    [Fact]
    public async Task Dispose_is_idempotent_and_stops_listening()
    {
        var server = await Servers.StartAsync(ServerDialect.Trino);
        using var client = new ProtocolClient(server);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/info")).Status);

        await server.DisposeAsync();
        await server.DisposeAsync();

        Assert.False(server.IsListening);
        using var fresh = new ProtocolClient(server);
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("/v1/info"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.StartListeningAsync());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Every_request_is_recorded_with_method_path_headers_body_and_status(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("SELECT 1", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);

        var posted = await client.PostAsync("SELECT 1", new Dictionary<string, string> { [client.Prefix + "Source"] = "recorder" });
        string next = Steps.Next(posted);
        await client.GetAsync(next);
        await client.GetAsync("/v1/query/none");

        var requests = server.Requests;
        Assert.Equal(3, requests.Count);
        var post = requests[0];
        Assert.Equal(("POST", "/v1/statement", "SELECT 1", 200), (post.Method, post.PathAndQuery, post.Body, post.StatusCode));
        Assert.Equal("test", post.Header(client.Prefix + "User"));
        Assert.Equal("recorder", post.Header(client.Prefix.ToLowerInvariant() + "source"));
        Assert.StartsWith("text/plain", post.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Null(post.Header("X-Not-Sent"));
        Assert.Equal(new Uri(next).PathAndQuery, requests[1].PathAndQuery);
        Assert.Equal(("GET", string.Empty, 200), (requests[1].Method, requests[1].Body, requests[1].StatusCode));
        Assert.Equal(("GET", "/v1/query/none", 404), (requests[2].Method, requests[2].PathAndQuery, requests[2].StatusCode));
        Assert.True(requests[0].Timestamp <= requests[1].Timestamp && requests[1].Timestamp <= requests[2].Timestamp);
        Assert.Equal([post], server.Submissions);

        server.ClearRequests();
        Assert.Empty(server.Requests);
        Assert.Empty(server.Submissions);
        await client.GetAsync("/v1/info");
        Assert.Equal("/v1/info", Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task A_header_sent_several_times_keeps_every_value()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);

        // Raw HTTP/1.1, since HttpClient folds repeated headers into one line.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, server.BaseAddress.Port);
            var stream = tcp.GetStream();
            string request =
                "GET /v1/info HTTP/1.1\r\n" +
                "Host: 127.0.0.1\r\n" +
                "X-Trino-Client-Tags: a\r\n" +
                "X-Trino-Client-Tags: b\r\n" +
                "Connection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            using var reader = new StreamReader(stream, Encoding.ASCII);
            string response = await reader.ReadToEndAsync();
            Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        }

        var recorded = Assert.Single(server.Requests);
        Assert.Equal(["a", "b"], recorded.Headers["x-trino-client-tags"]);
        Assert.Equal("a", recorded.Header("X-TRINO-CLIENT-TAGS"));
        Assert.Equal(200, recorded.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Recorded_status_codes_cover_faults_bad_requests_and_cancels(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("q", ScriptedResult.Generated(s_columns, 5, i => [i, "v"]));
        using var client = new ProtocolClient(server);
        server.Faults.FailRequests(RequestKind.Post, 429, retryAfter: TimeSpan.FromSeconds(1));
        await client.PostAsync("q");
        await client.PostAsync(string.Empty);
        var posted = await client.PostAsync("q");
        await client.DeleteAsync(Steps.Next(posted));
        server.Faults.Http(new HttpFault { On = RequestKind.Other, Kind = HttpFaultKind.ResetConnection });
        using (var fresh = new ProtocolClient(server))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("/v1/info"));
        }

        Assert.Equal([429, 400, 200, 204, 0], server.Requests.Select(r => r.StatusCode));
        Assert.Equal(3, server.Submissions.Count);
    }

    [Fact]
    public async Task Recording_can_be_switched_off()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Presto, o => o.RecordRequests = false);
        server.Script("q", ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("q");
        await client.GetAsync("/v1/info");

        Assert.Single(run.Rows);
        Assert.Empty(server.Requests);
        Assert.Empty(server.Submissions);
        Assert.Single(server.Queries);
    }

    [Fact]
    public async Task Bodies_are_recorded_as_utf8_text()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        server.Script(_ => true, ScriptedResult.FromRows(s_columns, [[1L, "a"]]));
        using var client = new ProtocolClient(server);
        const string sql = "SELECT 'żółw 🐢' AS x";

        var run = await client.RunAsync(sql);

        Assert.Equal(sql, Assert.Single(server.Submissions).Body);
        Assert.Equal(sql, Assert.Single(server.Queries).Sql);
        Assert.Equal(JsonValueKind.Array, run.Columns!.Value.ValueKind);
    }
}
