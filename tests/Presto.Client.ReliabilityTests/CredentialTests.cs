using Presto.Testing;

namespace Presto.ReliabilityTests;

/// <summary>
/// Credentials stay with the configured servers and out of every text the client produces. (Refusal over plain http, TLS
/// validation, header encoding rules and parameter escaping have their own tests in Presto.Client.Tests; these add the
/// end-to-end paths a hostile server can steer: foreign nextUri and redirects, cancels, logs, ToString.)
/// </summary>
public sealed class CredentialTests
{
    private const string Password = "pw-7Hq2-secret";
    private const string Token = "tok-Zx81-secret";
    private const string ExtraCredential = "xc-44Lp-secret";

    [Fact]
    public async Task A_nextUri_to_another_origin_gets_no_credentials_not_even_on_the_cancel()
    {
        await using var configured = await Reliability.StartAsync();
        await using var other = await Reliability.StartAsync();
        configured.Faults.Http(new HttpFault
        {
            On = RequestKind.Post,
            Kind = HttpFaultKind.Hostile,
            Response = new HostileResponse { Body = HostileBody.Text("{\"id\":\"q\",\"nextUri\":\"" + other.BaseAddress + "v1/statement/queued/q/y/1\",\"stats\":{\"state\":\"QUEUED\"}}") },
        });
        await using var connection = new PrestoConnection(Reliability.ConnectionString(
            $"AccessToken={Token};ExtraCredentials=cred={ExtraCredential};AllowInsecureCredentials=true;MaxQueryAttempts=1;RequestTimeout=2;CommandTimeout=1", configured));
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT 1", connection);

        var failure = await Assert.ThrowsAnyAsync<PrestoException>(() => Reliability.ReadAllAsync(command));

        Assert.Equal("Bearer " + Token, Assert.Single(configured.Submissions).Header("Authorization"));
        Assert.Equal("cred=" + ExtraCredential, configured.Submissions[0].Header("X-Trino-Extra-Credential"));
        await Reliability.EventuallyAsync(() => other.Requests.Any(r => r.Method == "DELETE"), "the foreign nextUri got no cancel");
        Assert.Contains(other.Requests, r => r.Method == "GET");
        Assert.All(other.Requests, r =>
        {
            Assert.Null(r.Header("Authorization"));
            Assert.Null(r.Header("X-Trino-Extra-Credential"));
            Assert.Null(r.Header("X-Presto-Extra-Credential"));
        });
        AssertNoSecret(failure.ToString());
    }

    [Fact]
    public async Task A_redirect_to_another_origin_gets_no_credentials_and_its_challenge_fails_clearly()
    {
        await using var configured = await Reliability.StartAsync();
        await using var other = await Reliability.StartAsync(o => o.RequireBearerToken = true);
        configured.Faults.Http(new HttpFault
        {
            On = RequestKind.Post,
            Kind = HttpFaultKind.Hostile,
            Response = new HostileResponse { StatusCode = 307, Headers = [new("Location", other.BaseAddress + "v1/statement")] },
        });
        var logs = new CapturingLogs();
        var builder = new PrestoDataSourceBuilder(Reliability.ConnectionString(
            $"Password={Password};ExtraCredentials=cred={ExtraCredential};AllowInsecureCredentials=true;MaxQueryAttempts=1", configured));
        builder.UseLoggerFactory(logs);
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new PrestoCommand("SELECT 1", connection);

        var failure = await Assert.ThrowsAsync<PrestoAuthenticationException>(() => Reliability.ReadAllAsync(command));

        Assert.Equal(401, failure.StatusCode);
        Assert.StartsWith("Basic ", configured.Submissions.Single().Header("Authorization"), StringComparison.Ordinal);
        var redirected = Assert.Single(other.Submissions);
        Assert.Null(redirected.Header("Authorization"));
        Assert.Null(redirected.Header("X-Trino-Extra-Credential"));
        Assert.Equal("SELECT 1", redirected.Body);
        AssertNoSecret(failure.ToString());
        Assert.NotEmpty(logs.Entries);
        Assert.All(logs.Entries, AssertNoSecret);
    }

    [Fact]
    public async Task Retries_failures_and_hostile_answers_log_and_report_no_secret()
    {
        await using var server = await Reliability.StartAsync();
        var logs = new CapturingLogs();
        var builder = new PrestoDataSourceBuilder(Reliability.ConnectionString(
            $"AccessToken={Token};ExtraCredentials=cred={ExtraCredential};AllowInsecureCredentials=true;RetryDelayMs=0;RequestTimeout=2;LogSqlText=true", server));
        builder.UseLoggerFactory(logs);
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        var failures = new List<Exception>();

        // A retried 503, a cut connection, a query error resubmitted, a malformed answer, an echo of the request headers, a 401.
        server.Faults.FailRequests(RequestKind.Post, 503);
        server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.ResetConnection });
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", Message = "worker lost" });
        failures.Add(await RunAsync(connection, "SELECT 1"));
        server.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.Hostile, Response = new HostileResponse { Body = HostileBody.Text("{\"id\":\"x\",\"error\":\"" + ExtraCredential + "\"}") } });
        failures.Add(await RunAsync(connection, "SELECT 2"));
        server.Faults.Http(new HttpFault { On = RequestKind.Post, StatusCode = 401, Body = "bad token" });
        failures.Add(await RunAsync(connection, "SELECT 3"));

        Assert.Equal(3, failures.Count);
        Assert.IsType<PrestoProtocolException>(failures[1]);
        Assert.IsType<PrestoAuthenticationException>(failures[2]);
        Assert.True(logs.Entries.Count >= 5, string.Join("\n", logs.Entries));
        Assert.All(logs.Entries, AssertNoSecret);
        Assert.All(failures.Skip(1), f => AssertNoSecret(f.ToString()));
        Assert.All(server.Requests.Where(r => r.PathAndQuery.StartsWith("/v1/statement", StringComparison.Ordinal)), r => Assert.Equal("Bearer " + Token, r.Header("Authorization")));
    }

    [Fact]
    public async Task ToString_and_display_connection_strings_hold_no_secret()
    {
        await using var server = await Reliability.StartAsync();
        string connectionString = Reliability.ConnectionString(
            $"Password={Password};ExtraCredentials=cred={ExtraCredential};AllowInsecureCredentials=true", server);
        var builder = new PrestoConnectionStringBuilder(connectionString);
        await using var dataSource = new PrestoDataSourceBuilder(connectionString).Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var plain = new PrestoConnection(connectionString);
        await plain.OpenAsync();
        using var client = new PrestoClient(new PrestoClientOptions { ConnectionString = connectionString.Replace($"Password={Password}", $"AccessToken={Token}", StringComparison.Ordinal) });

        Assert.Contains(Password, builder.ConnectionString, StringComparison.Ordinal);
        string[] texts =
        [
            builder.ToString(),
            new PrestoDataSourceBuilder(connectionString).ConnectionStringBuilder.ToString(),
            dataSource.ConnectionString,
            dataSource.ToString()!,
            connection.ConnectionString,
            connection.ToString()!,
            connection.DataSource,
            plain.ConnectionString,
            client.ToString()!,
            new PrestoClientOptions { ConnectionString = connectionString }.ToString()!,
            string.Join(";", dataSource.Router.Clusters.Select(c => c.ToString())),
        ];
        Assert.All(texts, AssertNoSecret);
        Assert.Contains("User=test", builder.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_values_a_server_sends_back_cannot_inject_request_headers()
    {
        await using var server = await Reliability.StartAsync();
        server.Faults.Http(new HttpFault
        {
            On = RequestKind.Post,
            Kind = HttpFaultKind.Hostile,
            Response = new HostileResponse
            {
                Headers =
                [
                    new("X-Trino-Set-Session", "query_max_run_time=1h%0D%0AX-Evil%3A%201"),
                    new("X-Trino-Set-Catalog", "tpch%0D%0AX-Evil: 2"),
                    new("X-Trino-Added-Prepare", "p1=SELECT%201%0D%0AX-Evil%3A%203"),
                ],
                Body = HostileBody.Text("{\"id\":\"x\",\"columns\":[],\"stats\":{\"state\":\"FINISHED\"}}"),
            },
        });
        await using var connection = new PrestoConnection(Reliability.ConnectionString(
            "ClientTags=a,b;SessionProperties=query_priority=1", server));
        await connection.OpenAsync();
        await using (var set = new PrestoCommand("SET SESSION query_max_run_time = '1h'", connection))
        {
            await Reliability.ReadAllAsync(set);
        }

        await using var next = new PrestoCommand("SELECT 1", connection);
        await Reliability.ReadAllAsync(next);

        var sent = server.Submissions[^1];
        Assert.DoesNotContain(sent.Headers.Keys, k => k.Contains("Evil", StringComparison.OrdinalIgnoreCase));
        Assert.All(sent.Headers.Values.SelectMany(v => v), v => Assert.DoesNotContain('\n', v));
        Assert.All(sent.Headers.Values.SelectMany(v => v), v => Assert.DoesNotContain('\r', v));
        Assert.Contains(sent.Headers["X-Trino-Session"], v => v.Contains("query_max_run_time=1h%0D%0AX-Evil", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("User=alice\r\nX-Evil: 1")]
    [InlineData("ClientTags=a\nX-Evil: 1")]
    [InlineData("Source=app\rX-Evil: 1")]
    [InlineData("ClientInfo=x\r\nAuthorization: Basic Zm9vOmJhcg==")]
    public async Task Line_breaks_in_configured_header_values_never_reach_the_wire(string keyword)
    {
        await using var server = await Reliability.StartAsync();
        string connectionString = $"Server={server.BaseAddress};Dialect=Trino;User=test;" + keyword.Replace(";", "%3B", StringComparison.Ordinal);
        await using var connection = new PrestoConnection(connectionString);

        var failure = await Record.ExceptionAsync(async () =>
        {
            await connection.OpenAsync();
            await using var command = new PrestoCommand("SELECT 1", connection);
            await Reliability.ReadAllAsync(command);
        });

        Assert.DoesNotContain(server.Requests, r => r.Headers.Keys.Any(k => k.Contains("Evil", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(server.Submissions, r => r.Header("Authorization") is not null);
        if (failure is not null)
        {
            Assert.True(failure is ArgumentException or PrestoException, failure.ToString());
        }
        else
        {
            Assert.All(server.Submissions, r => Assert.All(r.Headers.Values.SelectMany(v => v), v => Assert.DoesNotContain('\n', v)));
        }
    }

    private static async Task<Exception> RunAsync(PrestoConnection connection, string sql)
    {
        await using var command = new PrestoCommand(sql, connection);
        var failure = await Record.ExceptionAsync(() => Reliability.ReadAllAsync(command));
        return failure ?? new InvalidOperationException(sql + " succeeded");
    }

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ExtraCredential, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("test:" + Password)), text, StringComparison.Ordinal);
    }
}
