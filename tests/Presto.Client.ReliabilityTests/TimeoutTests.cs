using Presto.Testing;

namespace Presto.ReliabilityTests;

/// <summary>
/// <c>CommandTimeout</c>, <c>RequestTimeout</c> and the caller's token each end a statement at every stage — the submission,
/// a poll, a backoff between retries, a health probe — and a query that reached the server is cancelled there (DELETE).
/// </summary>
public sealed class TimeoutTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    public enum Stage
    {
        /// <summary>The POST gets no answer.</summary>
        Post,

        /// <summary>A poll gets no answer.</summary>
        Poll,

        /// <summary>Polls answer 503 with Retry-After: the client sits in backoff.</summary>
        Backoff,
    }

    /// <summary><c>CommandTimeout</c> at every stage; <c>RequestTimeout</c> where a request gets no answer (in backoff it is not the limit that runs out).</summary>
    [Theory]
    [InlineData(Stage.Post, "CommandTimeout=1;RequestTimeout=60", "command timed out")]
    [InlineData(Stage.Poll, "CommandTimeout=1;RequestTimeout=60", "command timed out")]
    [InlineData(Stage.Backoff, "CommandTimeout=1;RequestTimeout=60", "command timed out")]
    [InlineData(Stage.Post, "RequestTimeout=1", "request timeout 1 s")]
    [InlineData(Stage.Poll, "RequestTimeout=1", "request timeout 1 s")]
    public async Task A_timeout_ends_the_stage_and_cancels_the_query(Stage stage, string settings, string expected)
    {
        await using var server = await Reliability.StartAsync();
        var failure = await RunAsync(server, stage, settings);

        var timeout = Assert.IsType<PrestoException>(failure);
        Assert.Contains(expected, timeout.Message, StringComparison.Ordinal);
        Assert.True(timeout.IsTransient);
        await AssertCancelledOnServerAsync(server, stage);
    }

    [Theory]
    [InlineData(Stage.Post)]
    [InlineData(Stage.Poll)]
    [InlineData(Stage.Backoff)]
    public async Task The_callers_token_ends_every_stage_and_cancels_the_query(Stage stage)
    {
        await using var server = await Reliability.StartAsync();
        using var cts = new CancellationTokenSource();

        // Cancel once the statement is in the stage (not after a fixed time, which a loaded machine may spend on the POST).
        var reached = CancelInStageAsync(server, stage, cts);
        var failure = await RunAsync(server, stage, "RequestTimeout=60", cts.Token);
        await reached;

        Assert.IsAssignableFrom<OperationCanceledException>(failure);
        await AssertCancelledOnServerAsync(server, stage);
    }

    [Fact]
    public async Task A_cancelled_read_of_a_running_query_deletes_it()
    {
        await using var server = await Reliability.StartAsync(o => o.TargetResultSizeBytes = 1024);
        await using var connection = new PrestoConnection(Reliability.ConnectionString("MaxQueryAttempts=1", server));
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT * FROM tpch.tiny.orders", connection);
        using var cts = new CancellationTokenSource();

        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var reader = await command.ExecuteReaderAsync(cts.Token);
            Assert.True(await reader.ReadAsync(cts.Token));
            server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromSeconds(30), Times = -1 });
            cts.CancelAfter(200);
            while (await reader.ReadAsync(cts.Token))
            {
            }
        });

        Assert.IsAssignableFrom<OperationCanceledException>(failure);
        await Reliability.DeletedAsync(server);
        await Reliability.EventuallyAsync(() => Assert.Single(server.Queries).ErrorName == "USER_CANCELED", "the query was not cancelled on the server");
    }

    [Fact]
    public async Task A_health_probe_that_gets_no_answer_ends_with_the_callers_token_and_on_dispose()
    {
        await using var first = await Reliability.StartAsync();
        await using var second = await Reliability.StartAsync();
        var dataSource = PrestoDataSource.Create(Reliability.ConnectionString("HealthCheckInterval=0", first, second));
        var hang = new HttpFault { Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromMinutes(5), Times = -1, PathMatch = p => p.StartsWith("/v1/info", StringComparison.Ordinal) };
        first.Faults.Http(hang);
        second.Faults.Http(hang);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var probe = Record.ExceptionAsync(() => dataSource.Router.ProbeAsync(cts.Token));
        var failure = await Reliability.WithinAsync(probe, HangGuard, "the probe");
        await Reliability.WithinAsync(dataSource.DisposeAsync().AsTask(), HangGuard, "disposing the data source");

        Assert.True(failure is null or OperationCanceledException, failure?.ToString());
        Assert.Contains(first.Requests, r => r.PathAndQuery.StartsWith("/v1/info", StringComparison.Ordinal));
        Assert.All(dataSource.Router.Clusters, c => Assert.NotEqual(PrestoClusterHealth.Healthy, c.Health));
    }

    /// <summary>Arranges <paramref name="stage"/> to get no answer, runs a statement into it, and returns how it ended.</summary>
    private static async Task<Exception?> RunAsync(PrestoTestServer server, Stage stage, string settings, CancellationToken cancellationToken = default)
    {
        Arrange(server, stage);
        await using var connection = new PrestoConnection(Reliability.ConnectionString(settings + ";MaxQueryAttempts=1", server));
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new PrestoCommand("SELECT count(*) FROM tpch.tiny.nation", connection);
        return await Reliability.WithinAsync(Record.ExceptionAsync(() => Reliability.ReadAllAsync(command, cancellationToken)), HangGuard, "the statement");
    }

    /// <summary>
    /// 200 ms after the request of the stage reached the server (it records requests on arrival): the POST for Post, the
    /// first poll for Poll (it hangs) and Backoff (answered 503 with a long Retry-After).
    /// </summary>
    private static async Task CancelInStageAsync(PrestoTestServer server, Stage stage, CancellationTokenSource cts)
    {
        string method = stage == Stage.Post ? "POST" : "GET";
        var deadline = DateTime.UtcNow + HangGuard;
        while (!server.Requests.Any(r => r.Method == method && r.PathAndQuery.StartsWith("/v1/statement", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        cts.CancelAfter(200);
    }

    private static void Arrange(PrestoTestServer server, Stage stage)
    {
        switch (stage)
        {
            case Stage.Post:
                server.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromSeconds(30) });
                break;
            case Stage.Poll:
                server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromSeconds(30), Times = -1 });
                break;
            default:
                server.Faults.FailRequests(RequestKind.Get, 503, times: -1, retryAfter: TimeSpan.FromSeconds(30));
                break;
        }
    }

    /// <summary>After a POST without answer nothing is known to cancel; later, the query got a DELETE.</summary>
    private static async Task AssertCancelledOnServerAsync(PrestoTestServer server, Stage stage)
    {
        if (stage == Stage.Post)
        {
            Assert.DoesNotContain(server.Queries, q => q.Dispatched);
            return;
        }

        await Reliability.DeletedAsync(server);
    }
}
