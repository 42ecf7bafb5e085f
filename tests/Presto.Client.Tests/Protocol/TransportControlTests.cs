using System.Net.Http;
using Presto.Protocol;
using Presto.Testing;
using Presto.Tests.Support;
using static Presto.Tests.Protocol.ProtocolTestKit;

namespace Presto.Tests.Protocol;

/// <summary>Best-effort cancel (DELETE) and heartbeat (HEAD).</summary>
public sealed class TransportControlTests
{
    [Theory]
    [InlineData(ServerDialect.Trino, true)]
    [InlineData(ServerDialect.Presto, true)]
    [InlineData(ServerDialect.Trino, false)]
    public async Task Cancel_deletes_the_query(ServerDialect dialect, bool async)
    {
        await using var server = await TestServers.StartAsync(dialect, o => o.TargetResultSizeBytes = 256);
        var transport = Transport(server);
        var body = new PageBuffer();
        await transport.SendAsync(Submit(server, "SELECT name FROM tpch.tiny.nation"), body, true, default);
        var (id, next, _) = Json(body);
        await transport.SendAsync(new ProtocolRequest(HttpMethod.Get, new Uri(next!)), body, true, default);

        if (async)
        {
            await transport.CancelAsync(new Uri(NextUri(body)!), id);
        }
        else
        {
            transport.Cancel(new Uri(NextUri(body)!), id);
        }

        var delete = Assert.Single(server.Requests, r => r.Method == "DELETE");
        Assert.Equal(204, delete.StatusCode);
        Assert.Equal("USER_CANCELED", Assert.Single(server.Queries).ErrorName);
    }

    [Fact]
    public async Task Cancel_never_throws()
    {
        await using var server = await TestServers.StartAsync();
        var transport = Transport(server);
        server.Faults.FailRequests(RequestKind.Delete, 500);
        var logger = new CapturingLogger();

        await transport.CancelAsync(new Uri(server.BaseAddress, "/v1/statement/executing/x/y/1"), "x");
        await server.StopListeningAsync();
        await Transport(server, logger: logger).CancelAsync(new Uri(server.BaseAddress, "/v1/statement/executing/x/y/1"), "x");
        Transport(server).Cancel(new Uri(server.BaseAddress, "/v1/statement/executing/x/y/1"), "x");

        Assert.Contains(logger.Lines, l => l.Contains("failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Heartbeat_outcomes()
    {
        await using var trino = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 256);
        await using var presto = await TestServers.StartAsync(ServerDialect.Presto, o => o.TargetResultSizeBytes = 256);
        var body = new PageBuffer();
        var transport = Transport(trino);
        await transport.SendAsync(Submit(trino, "SELECT name FROM tpch.tiny.nation"), body, true, default);
        var queued = new Uri(NextUri(body)!);
        await transport.SendAsync(new ProtocolRequest(HttpMethod.Get, queued), body, true, default);
        var executing = new Uri(NextUri(body)!);
        var prestoTransport = Transport(presto);
        await prestoTransport.SendAsync(Submit(presto, "SELECT name FROM tpch.tiny.nation"), body, true, default);
        await prestoTransport.SendAsync(new ProtocolRequest(HttpMethod.Get, new Uri(NextUri(body)!)), body, true, default);
        var prestoExecuting = new Uri(NextUri(body)!);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Equal(HeartbeatResult.Sent, await transport.HeartbeatAsync(executing, default));
        Assert.Equal(HeartbeatResult.Unsupported, await transport.HeartbeatAsync(queued, default));
        Assert.Equal(HeartbeatResult.Unsupported, await prestoTransport.HeartbeatAsync(prestoExecuting, default));
        Assert.Equal(HeartbeatResult.Failed, await transport.HeartbeatAsync(executing, cancelled.Token));
        trino.Faults.FailRequests(RequestKind.Head, 503);
        Assert.Equal(HeartbeatResult.Failed, await transport.HeartbeatAsync(executing, default));
        await trino.StopListeningAsync();
        Assert.Equal(HeartbeatResult.Failed, await transport.HeartbeatAsync(executing, default));
    }
}
