using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

/// <summary>
/// Every transport fault of the embedded server, on the submission and on a page request: retried faults must
/// neither lose nor repeat a row and must not run the statement twice; the others fail cleanly.
/// </summary>
public sealed class HttpFaultTests
{
    private const int Rows = 3_000;

    public static TheoryData<string, RequestKind, HttpFaultKind, int, int> RetriedFaults() => new()
    {
        // name, on, kind, status, times
        { "503 on a page", RequestKind.Get, HttpFaultKind.Status, 503, 2 },
        { "502 on a page", RequestKind.Get, HttpFaultKind.Status, 502, 1 },
        { "504 on a page", RequestKind.Get, HttpFaultKind.Status, 504, 1 },
        { "429 on a page", RequestKind.Get, HttpFaultKind.Status, 429, 1 },
        { "reset on a page", RequestKind.Get, HttpFaultKind.ResetConnection, 0, 2 },
        { "abort mid body on a page", RequestKind.Get, HttpFaultKind.AbortMidBody, 0, 2 },
        { "empty body on a page", RequestKind.Get, HttpFaultKind.EmptyBody, 0, 1 },
        { "delay on a page", RequestKind.Get, HttpFaultKind.Delay, 0, 1 },
        { "503 on submit", RequestKind.Post, HttpFaultKind.Status, 503, 2 },
        { "502 on submit", RequestKind.Post, HttpFaultKind.Status, 502, 1 },
        { "504 on submit", RequestKind.Post, HttpFaultKind.Status, 504, 1 },
        { "429 on submit", RequestKind.Post, HttpFaultKind.Status, 429, 1 },
        { "reset on submit", RequestKind.Post, HttpFaultKind.ResetConnection, 0, 2 },
        { "abort mid body on submit", RequestKind.Post, HttpFaultKind.AbortMidBody, 0, 1 },
        { "empty body on submit", RequestKind.Post, HttpFaultKind.EmptyBody, 0, 1 },
        { "delay on submit", RequestKind.Post, HttpFaultKind.Delay, 0, 1 },
    };

    [Theory]
    [MemberData(nameof(RetriedFaults))]
    public async Task A_retried_fault_loses_and_repeats_no_row(string name, RequestKind on, HttpFaultKind kind, int status, int times)
    {
        await using var server = await StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "RequestTimeout=30"));
        await connection.OpenAsync();
        var fault = new HttpFault
        {
            On = on,
            Kind = kind,
            StatusCode = status == 0 ? 503 : status,
            Times = times,
            Delay = TimeSpan.FromMilliseconds(300),
            RetryAfter = status == 429 ? TimeSpan.FromSeconds(1) : null,
        };
        var seen = new List<long>();
        await using var command = new PrestoCommand("SELECT x FROM many", connection);
        if (on == RequestKind.Post)
        {
            server.Faults.Http(fault);
        }

        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                seen.Add(reader.GetInt64(0));
                if (seen.Count == 700 && on == RequestKind.Get)
                {
                    server.Faults.Http(fault);
                }
            }
        }

        Assert.True(server.Faults.Pending == 0, $"{name}: the fault was not consumed");
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => (long)i), seen);
        Assert.DoesNotContain(server.Requests, r => r.Method == "DELETE");
        var executed = server.Queries.Where(q => q.RowsServed > 0).ToList();
        Assert.Single(executed);
        Assert.Null(executed[0].ErrorName);
        var expectedPosts = on == RequestKind.Post && kind != HttpFaultKind.Delay ? 1 + times : 1;
        Assert.Equal(expectedPosts, server.Submissions.Count);
    }

    [Theory]
    [InlineData(HttpFaultKind.Status)]
    [InlineData(HttpFaultKind.ResetConnection)]
    [InlineData(HttpFaultKind.EmptyBody)]
    public async Task The_synchronous_path_retries_the_same_way(HttpFaultKind kind)
    {
        await using var server = await StartAsync();
        using var connection = new PrestoConnection(TestServers.ConnectionString(server, "RequestTimeout=30"));
        connection.Open();
        server.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = kind, Times = 2 });
        using var command = new PrestoCommand("SELECT x FROM many", connection);
        using var reader = command.ExecuteReader();
        var expected = 0L;
        while (reader.Read())
        {
            Assert.Equal(expected++, reader.GetInt64(0));
            if (expected == 100)
            {
                server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = kind, Times = 2 });
            }
        }

        Assert.Equal(Rows, expected);
        Assert.Equal(0, server.Faults.Pending);
        Assert.Equal(3, server.Submissions.Count);
    }

    [Theory]
    [InlineData(HttpFaultKind.TruncatedBody)]
    [InlineData(HttpFaultKind.NonJsonBody)]
    public async Task An_unreadable_submission_answer_fails_without_running_the_statement(HttpFaultKind kind)
    {
        await using var server = await StartAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = kind });
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "RequestTimeout=30;MaxQueryAttempts=1"));
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT x FROM many", connection);

        var error = await Assert.ThrowsAsync<PrestoProtocolException>(() => command.ExecuteReaderAsync());

        Assert.Equal(200, error.StatusCode);
        Assert.Single(server.Submissions);
        Assert.DoesNotContain(server.Queries, q => q.RowsServed > 0);
    }

    [Theory]
    [InlineData(HttpFaultKind.TruncatedBody)]
    [InlineData(HttpFaultKind.NonJsonBody)]
    public async Task An_unreadable_submission_answer_is_resubmitted_and_the_statement_runs_once(HttpFaultKind kind)
    {
        await using var server = await StartAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = kind });
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "RequestTimeout=30;RetryDelayMs=0"));
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT x FROM many", connection);
        var seen = new List<long>();

        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                seen.Add(reader.GetInt64(0));
            }
        }

        Assert.Equal(Enumerable.Range(0, Rows).Select(i => (long)i), seen);
        Assert.Equal(2, server.Submissions.Count);
        Assert.Single(server.Queries, q => q.RowsServed > 0);
    }

    [Fact]
    public async Task A_server_that_stays_unavailable_ends_in_a_transient_error_after_the_request_deadline()
    {
        await using var server = await StartAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.Status, StatusCode = 503, Times = -1 });
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "RequestTimeout=2"));
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT x FROM many", connection);

        var error = await Assert.ThrowsAsync<PrestoException>(() => command.ExecuteReaderAsync());

        Assert.True(error.IsTransient);
        Assert.True(server.Requests.Count(r => r.Method == "GET") >= 2);
    }

    [Fact]
    public async Task Authentication_failures_are_reported_as_such()
    {
        await using var server = await StartAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.Status, StatusCode = 401, Body = "Unauthorized" });
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT 1", connection);

        var error = await Assert.ThrowsAsync<PrestoAuthenticationException>(() => command.ExecuteReaderAsync());

        Assert.Equal(401, error.StatusCode);
        Assert.Single(server.Submissions);
    }

    private static async Task<PrestoTestServer> StartAsync()
    {
        var server = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 2_000);
        server.Script("SELECT x FROM many", ScriptedResult.Generated([new ResultColumn("x", "bigint")], Rows, i => [i]));
        return server;
    }
}
