using System.Diagnostics;
using System.Net.Http;
using Presto.Protocol;
using Presto.Testing;
using Presto.Tests.Support;
using static Presto.Tests.Protocol.ProtocolTestKit;

namespace Presto.Tests.Protocol;

/// <summary>Retry policy (PROTOCOL.md §3.5) against the embedded server's real faults; attempts are counted on the server side.</summary>
public sealed class TransportRetryTests
{
    [Theory]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(429, true)]
    [InlineData(503, false)]
    public async Task Submission_is_retried_on_gateway_statuses(int status, bool async)
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.FailRequests(RequestKind.Post, status, times: 2);
        var body = new PageBuffer();

        var response = await Transport(server).SendAsync(Submit(server, "SELECT 1"), body, async, default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, response.Attempts);
        Assert.Equal(3, server.Submissions.Count);
        Assert.Equal([status, status, 200], server.Submissions.Select(r => r.StatusCode));
        Assert.NotNull(NextUri(body));
    }

    [Theory]
    [InlineData(HttpFaultKind.Status, true)]
    [InlineData(HttpFaultKind.ResetConnection, true)]
    [InlineData(HttpFaultKind.AbortMidBody, true)]
    [InlineData(HttpFaultKind.EmptyBody, true)]
    [InlineData(HttpFaultKind.ResetConnection, false)]
    [InlineData(HttpFaultKind.AbortMidBody, false)]
    [InlineData(HttpFaultKind.EmptyBody, false)]
    public async Task Submission_is_retried_on_transport_faults(HttpFaultKind kind, bool async)
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = kind, Times = 2 });
        var body = new PageBuffer();

        var response = await Transport(server).SendAsync(Submit(server, "SELECT 1"), body, async, default);

        Assert.Equal(3, response.Attempts);
        Assert.Equal(3, server.Submissions.Count);
        Assert.NotNull(NextUri(body));
    }

    [Theory]
    [InlineData(HttpFaultKind.Status)]
    [InlineData(HttpFaultKind.ResetConnection)]
    [InlineData(HttpFaultKind.AbortMidBody)]
    [InlineData(HttpFaultKind.EmptyBody)]
    public async Task Polls_are_retried_on_the_same_uri_and_no_row_is_lost(HttpFaultKind kind)
    {
        await using var server = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 512);
        var transport = Transport(server);
        var driver = new StatementDriver(transport, Settings(server), new ClientSession(Settings(server)));
        // Four failed attempts on the executing resource; a retry of the same nextUri is served from the server's cache of that token.
        server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = kind, Times = 4, PathMatch = p => p.Contains("/executing/", StringComparison.Ordinal) });

        var outcome = await driver.RunAsync("SELECT nationkey, name FROM tpch.tiny.nation ORDER BY nationkey");

        Assert.Null(outcome.ErrorName);
        Assert.Equal(25, outcome.Rows.Count);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), outcome.Rows.Select(r => r[0]));
        Assert.Equal(outcome.Responses + 4, outcome.Attempts);
        Assert.Equal(outcome.Responses - 1 + 4, Count(server, "GET", "/v1/statement/"));
    }

    [Fact]
    public async Task Poll_failing_with_FailRequests_is_retried()
    {
        await using var server = await TestServers.StartAsync(ServerDialect.Presto);
        var driver = new StatementDriver(Transport(server), Settings(server), new ClientSession(Settings(server)));
        server.Faults.FailRequests(RequestKind.Get, 503, times: 3);

        var outcome = await driver.RunAsync("SELECT 1");

        Assert.Null(outcome.ErrorName);
        Assert.Equal(outcome.Responses + 3, outcome.Attempts);
        Assert.Equal(3, server.Requests.Count(r => r.StatusCode == 503));
    }

    [Fact]
    public async Task Retry_After_is_honoured()
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.FailRequests(RequestKind.Post, 429, times: 1, retryAfter: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var response = await Transport(server).SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), true, default);

        Assert.Equal(2, response.Attempts);
        var submissions = server.Submissions;
        Assert.True(submissions[1].Timestamp - submissions[0].Timestamp >= TimeSpan.FromMilliseconds(950), $"waited {submissions[1].Timestamp - submissions[0].Timestamp}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Retry_After_beyond_the_deadline_gives_up_at_once()
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.FailRequests(RequestKind.Post, 429, times: 1, retryAfter: TimeSpan.FromSeconds(30));

        var ex = await Assert.ThrowsAsync<PrestoException>(async () =>
            await Transport(server, Settings(server, TimeSpan.FromSeconds(5))).SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), true, default));

        Assert.True(DateTimeOffset.UtcNow - server.Submissions[0].Timestamp < TimeSpan.FromSeconds(2.5), "gave up without waiting");
        Assert.True(ex.IsTransient);
        Assert.Contains("retry after 30 s", ex.Message, StringComparison.Ordinal);
        Assert.Equal(429, Assert.IsType<PrestoProtocolException>(ex.InnerException).StatusCode);
        Assert.Single(server.Submissions);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Deadline_exhaustion_is_a_transient_error_with_the_last_failure(bool async)
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.FailRequests(RequestKind.Post, 503, times: -1);
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<PrestoException>(async () =>
            await Transport(server, Settings(server, TimeSpan.FromSeconds(1))).SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), async, default));

        Assert.True(ex.IsTransient);
        Assert.Matches(@"timed out after \d+ attempts over \d+\.\d s", ex.Message);
        var last = Assert.IsType<PrestoProtocolException>(ex.InnerException);
        Assert.Equal(503, last.StatusCode);
        Assert.Equal("Service Unavailable", last.ResponseExcerpt);
        Assert.True(server.Submissions.Count >= 3, $"{server.Submissions.Count} attempts");
        // Generous upper bound: on a loaded 2-core machine the synchronous variant waits for thread-pool timers.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Attempt_timeout_is_the_time_left_of_the_deadline()
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromSeconds(30), Times = -1 });
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<PrestoException>(async () =>
            await Transport(server, Settings(server, TimeSpan.FromSeconds(1))).SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), true, default));

        Assert.True(ex.IsTransient);
        Assert.IsType<TimeoutException>(ex.InnerException);
        Assert.Contains("after 1 attempt ", ex.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Connection_refused_is_retried_until_the_server_is_back(bool async)
    {
        await using var server = await TestServers.StartAsync();
        await server.StopListeningAsync();
        var send = Task.Run(async () => await Transport(server).SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), async, default));
        await Task.Delay(400);
        await server.StartListeningAsync();

        var response = await send;

        Assert.True(response.Attempts > 1, $"{response.Attempts} attempts");
        Assert.Single(server.Submissions);
    }

    [Fact]
    public async Task Connection_refused_until_the_deadline_is_transient()
    {
        await using var server = await TestServers.StartAsync();
        await server.StopListeningAsync();

        // The deadline leaves room for several refused attempts even on a loaded machine (a first attempt cut short by the
        // deadline would rightly report a TimeoutException instead).
        var ex = await Assert.ThrowsAsync<PrestoException>(async () =>
            await Transport(server, Settings(server, TimeSpan.FromSeconds(3))).SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), true, default));

        Assert.True(ex.IsTransient);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Caller_cancellation_is_an_OperationCanceledException(bool async)
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromSeconds(30) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        var ex = await Record.ExceptionAsync(async () => await Transport(server).SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), async, cts.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancellation_during_backoff_is_an_OperationCanceledException()
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.FailRequests(RequestKind.Post, 429, times: 1, retryAfter: TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource();
        var send = Transport(server).SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), true, cts.Token).AsTask();
        while (server.Submissions.Count == 0 || server.Submissions[0].StatusCode != 429)
        {
            await Task.Delay(10);
        }

        await Task.Delay(100);
        cts.Cancel();
        var ex = await Record.ExceptionAsync(() => send);

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        Assert.Single(server.Submissions);
    }
}
