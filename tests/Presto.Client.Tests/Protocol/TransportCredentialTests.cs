using System.Net.Http;
using System.Text;
using Presto.Protocol;
using Presto.Testing;
using Presto.Tests.Support;
using static Presto.Tests.Protocol.ProtocolTestKit;

namespace Presto.Tests.Protocol;

/// <summary>Authorization and extra credentials go only to configured origins, never over plain http unless allowed, never into logs or messages.</summary>
public sealed class TransportCredentialTests
{
    private const string Password = "s3cret-Pa55";
    private const string Token = "eyJhbGciOiJub25lIn0.secret-token";
    private const string CredentialValue = "very-secret-credential";

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public async Task Credentials_over_http_are_refused_before_anything_is_sent(bool password, bool token, bool extraCredential)
    {
        await using var server = await TestServers.StartAsync();
        var settings = new ConnectionSettings
        {
            Servers = [server.BaseAddress],
            User = "test",
            Password = password ? Password : null,
            AccessToken = token ? Token : null,
            ExtraCredentials = extraCredential ? new Dictionary<string, string> { ["cred"] = CredentialValue } : new Dictionary<string, string>(),
        };
        var logger = new CapturingLogger();
        var transport = Transport(settings, ProtocolDialect.Trino, logger);

        var ex = await Assert.ThrowsAsync<PrestoException>(async () => await transport.SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), true, default));
        await transport.CancelAsync(new Uri(server.BaseAddress, "/v1/statement/queued/x/y/1"), "x");
        var heartbeat = await transport.HeartbeatAsync(new Uri(server.BaseAddress, "/v1/statement/executing/x/y/1"), default);

        Assert.Contains("http://", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AllowInsecureCredentials", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
        Assert.Equal(HeartbeatResult.Failed, heartbeat);
        Assert.Empty(server.Requests);
        AssertNoSecret(ex.ToString());
        Assert.All(logger.Lines, AssertNoSecret);
    }

    [Fact]
    public async Task Basic_credentials_are_sent_when_insecure_credentials_are_allowed()
    {
        await using var server = await TestServers.StartAsync();
        var settings = Secure(server, password: Password);

        await Transport(settings, ProtocolDialect.Trino).SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), true, default);

        var authorization = Assert.Single(server.Submissions).Header("Authorization");
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("test:" + Password)), authorization);
    }

    [Fact]
    public async Task Bearer_token_is_sent_on_every_request_to_a_configured_origin()
    {
        await using var server = await TestServers.StartAsync();
        var settings = Secure(server, token: Token);
        var driver = new StatementDriver(Transport(settings, ProtocolDialect.Trino), settings, new ClientSession(settings));

        var outcome = await driver.RunAsync("SELECT 1");

        Assert.Null(outcome.ErrorName);
        Assert.True(server.Requests.Count >= 3);
        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Token, r.Header("Authorization")));
        Assert.Equal("cred=" + CredentialValue, server.Submissions[0].Header("X-Trino-Extra-Credential"));
    }

    [Fact]
    public async Task A_request_to_another_origin_gets_no_authorization_and_no_extra_credential()
    {
        await using var configured = await TestServers.StartAsync();
        await using var other = await TestServers.StartAsync();
        var settings = Secure(configured, password: Password);
        var transport = Transport(settings, ProtocolDialect.Trino);
        var session = new ClientSession(settings);
        var request = new ProtocolRequest(HttpMethod.Post, StatementUri(other.BaseAddress))
        {
            Body = "SELECT 1"u8.ToArray(),
            ConfigureHeaders = m => RequestHeaders.AddSubmissionHeaders(m, ProtocolDialect.Trino, settings, session, null),
        };
        var body = new PageBuffer();

        await transport.SendAsync(request, body, true, default);
        await transport.SendAsync(new ProtocolRequest(HttpMethod.Get, new Uri(NextUri(body)!)), body, true, default);
        await transport.SendAsync(Submit(configured, "SELECT 1"), body, true, default);

        Assert.Equal(2, other.Requests.Count);
        Assert.All(other.Requests, r =>
        {
            Assert.Null(r.Header("Authorization"));
            Assert.Null(r.Header("X-Trino-Extra-Credential"));
        });
        Assert.Equal("test", other.Requests[0].Header("X-Trino-User"));
        Assert.NotNull(Assert.Single(configured.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Authentication_failure_message_and_logs_hold_no_secret()
    {
        await using var server = await TestServers.StartAsync();
        var settings = Secure(server, password: Password);
        server.Faults.FailRequests(RequestKind.Post, 503);
        server.Faults.Http(new HttpFault { On = RequestKind.Post, StatusCode = 401, Body = "Invalid credentials" });
        var logger = new CapturingLogger();

        var ex = await Assert.ThrowsAsync<PrestoAuthenticationException>(async () =>
            await Transport(settings, ProtocolDialect.Trino, logger).SendAsync(Submit(server, "SELECT 1"), new PageBuffer(), true, default));

        Assert.Equal(401, ex.StatusCode);
        Assert.Equal(2, server.Submissions.Count);
        Assert.NotEmpty(logger.Lines);
        AssertNoSecret(ex.ToString());
        Assert.All(logger.Lines, AssertNoSecret);
    }

    private static ConnectionSettings Secure(PrestoTestServer server, string? password = null, string? token = null) => new()
    {
        Servers = [server.BaseAddress],
        User = "test",
        Password = password,
        AccessToken = token,
        ExtraCredentials = new Dictionary<string, string> { ["cred"] = CredentialValue },
        AllowInsecureCredentials = true,
        Dialect = PrestoDialect.Trino,
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(CredentialValue, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("test:" + Password)), text, StringComparison.Ordinal);
    }
}
