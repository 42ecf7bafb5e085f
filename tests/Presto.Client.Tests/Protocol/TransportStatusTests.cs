using System.Net.Http;
using System.Text;
using Presto.Protocol;
using Presto.Testing;
using Presto.Tests.Support;
using static Presto.Tests.Protocol.ProtocolTestKit;

namespace Presto.Tests.Protocol;

/// <summary>Statuses that are not retried, bodies handed to the engine as they are, response headers.</summary>
public sealed class TransportStatusTests
{
    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Authentication_failures_raise_PrestoAuthenticationException_without_retry(int status)
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Post, StatusCode = status, Body = "Unauthorized:\r\n bad\u0001 credentials" });

        var ex = await Assert.ThrowsAsync<PrestoAuthenticationException>(async () =>
            await Transport(server).SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), true, default));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("Unauthorized: bad credentials", ex.ResponseExcerpt);
        Assert.False(ex.IsTransient);
        Assert.Single(server.Submissions);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(410)]
    [InlineData(500)]
    public async Task Other_statuses_raise_PrestoProtocolException_without_retry(int status)
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.FailRequests(RequestKind.Post, status);

        var ex = await Assert.ThrowsAsync<PrestoProtocolException>(async () =>
            await Transport(server).SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), true, default));

        Assert.IsNotType<PrestoAuthenticationException>(ex);
        Assert.Equal(status, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Single(server.Submissions);
    }

    [Theory]
    [InlineData(ServerDialect.Trino)]
    [InlineData(ServerDialect.Presto)]
    public async Task Real_404_and_410_from_the_server_are_not_retried(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect, o => o.TargetResultSizeBytes = 256);
        var transport = Transport(server);
        var body = new PageBuffer();
        await transport.SendAsync(Submit(server, "SELECT name FROM tpch.tiny.nation"), body, true, default);
        var id = Json(body).Id!;
        var uris = new List<string> { NextUri(body)! };
        for (int i = 0; i < 3; i++)
        {
            await transport.SendAsync(new ProtocolRequest(HttpMethod.Get, new Uri(uris[^1])), body, true, default);
            uris.Add(NextUri(body)!);
        }

        server.ClearRequests();

        // A token older than the last one served: 410 Gone.
        var old = await Assert.ThrowsAsync<PrestoProtocolException>(async () =>
            await transport.SendAsync(new ProtocolRequest(HttpMethod.Get, new Uri(uris[1])) { QueryId = id }, body, true, default));
        // A query the server does not know: 404.
        var unknown = await Assert.ThrowsAsync<PrestoProtocolException>(async () =>
            await transport.SendAsync(new ProtocolRequest(HttpMethod.Get, new Uri(uris[^1].Replace(id, "20200101_000000_00000_xxxxx", StringComparison.Ordinal))), body, true, default));

        Assert.Equal(404, unknown.StatusCode);
        Assert.Equal("Query not found", unknown.ResponseExcerpt);
        Assert.Equal(410, old.StatusCode);
        Assert.Equal(id, old.QueryId);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(HttpFaultKind.NonJsonBody)]
    [InlineData(HttpFaultKind.TruncatedBody)]
    public async Task A_200_body_is_returned_as_it_is_for_the_engine_to_judge(HttpFaultKind kind)
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = kind });
        var body = new PageBuffer(16);

        var response = await Transport(server).SendAsync(Submit(server, "SELECT 1"), body, true, default);

        Assert.Equal(1, response.Attempts);
        Assert.True(body.Length > 0);
        var text = Encoding.UTF8.GetString(body.Span);
        Assert.True(kind == HttpFaultKind.NonJsonBody ? text.StartsWith("<html>", StringComparison.Ordinal) : text.StartsWith('{'), text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Large_compressed_pages_are_streamed_into_the_growing_buffer(bool async)
    {
        await using var server = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 200_000);
        var driver = new StatementDriver(Transport(server), Settings(server), new ClientSession(Settings(server)));

        var outcome = await driver.RunAsync("SELECT orderkey, comment FROM tpch.tiny.orders", async: async);

        Assert.Null(outcome.ErrorName);
        Assert.Equal(15_000, outcome.Rows.Count);
        var polls = server.Requests.Where(r => r.Method == "GET").ToArray();
        Assert.All(polls, r => Assert.Contains("gzip", r.Header("Accept-Encoding"), StringComparison.OrdinalIgnoreCase));
        Assert.All(server.Requests, r => Assert.StartsWith("Presto.Client/", r.Header("User-Agent"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submission_is_sent_as_utf8_text()
    {
        await using var server = await TestServers.StartAsync();

        await Transport(server).SendAsync(Submit(server, "SELECT 'żółw ✓'"), new PageBuffer(), true, default);

        var submission = Assert.Single(server.Submissions);
        Assert.Equal("SELECT 'żółw ✓'", submission.Body);
        Assert.Equal("text/plain; charset=utf-8", submission.Header("Content-Type"));
    }

    [Fact]
    public void Excerpt_is_bounded_and_has_no_control_characters()
    {
        var bytes = Encoding.UTF8.GetBytes("line1\r\nline2\t\u0000x" + new string('a', 5000));

        var excerpt = ProtocolTransport.Excerpt(bytes);

        Assert.StartsWith("line1 line2 x", excerpt, StringComparison.Ordinal);
        Assert.True(excerpt!.Length <= ProtocolTransport.ExcerptBytes);
        Assert.DoesNotContain(excerpt, char.IsControl);
        Assert.Null(ProtocolTransport.Excerpt(" \r\n"u8));
    }
}
