using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Presto.Authentication;
using Presto.Protocol;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Authentication;

/// <summary>Bearer tokens from a callback and from an OAuth2 token endpoint (client credentials), refreshed once on HTTP 401.</summary>
public sealed class TokenAuthenticationTests
{
    private const string ClientId = "etl-client";
    private const string ClientSecret = "cl1ent-s3cret";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_provider_token_is_cached_and_asked_for_again_once_after_a_401(bool sync)
    {
        await using var server = await StartAsync();
        int calls = 0;
        var loggers = new CapturingLoggerFactory();
        var issued = new List<string>();
        await using var dataSource = new PrestoDataSourceBuilder(ConnectionString(server))
            .UseLoggerFactory(loggers)
            .UseTokenProvider(_ =>
            {
                Interlocked.Increment(ref calls);
                string token = server.IssueAccessToken();
                lock (issued)
                {
                    issued.Add(token);
                }

                return ValueTask.FromResult(token);
            })
            .Build();

        Assert.Equal(1, await ScalarAsync(dataSource, "SELECT 1", sync));
        Assert.Equal(1, await ScalarAsync(dataSource, "SELECT 1", sync));
        Assert.Equal(1, calls);

        server.RevokeAccessTokens();
        Assert.Equal(1, await ScalarAsync(dataSource, "SELECT 1", sync));

        Assert.Equal(2, calls);
        var posts = server.Submissions;
        Assert.Equal([200, 200, 401, 200], posts.Select(r => r.StatusCode));
        Assert.Equal("Bearer " + issued[1], posts[^1].Header("Authorization"));
        Assert.Equal("test", posts[^1].Header("X-Trino-User"));
        Assert.Contains(loggers.Entries, e => e.EventId.Id == 1502);
        Assert.Equal(2, loggers.Entries.Count(e => e.EventId.Id == 1501 && e.Message.Contains("the token callback", StringComparison.Ordinal)));
        Assert.All(loggers.Entries, e => Assert.All(issued, t => Assert.DoesNotContain(t, e.Message, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_second_401_fails_with_an_authentication_exception_without_the_token(bool sync)
    {
        await using var server = await StartAsync();
        int calls = 0;
        await using var dataSource = new PrestoDataSourceBuilder(ConnectionString(server))
            .UseTokenProvider(_ => ValueTask.FromResult("rejected-token-" + Interlocked.Increment(ref calls)))
            .Build();

        var error = await Assert.ThrowsAsync<PrestoAuthenticationException>(() => ScalarAsync(dataSource, "SELECT 1", sync));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("Bearer", error.AuthenticateScheme);
        Assert.Contains("renewed token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("rejected-token", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, calls);
        Assert.Equal(2, server.Submissions.Count);
    }

    [Fact]
    public async Task Requests_rejected_with_the_same_token_share_one_renewal()
    {
        await using var server = await StartAsync();
        int calls = 0;
        await using var dataSource = new PrestoDataSourceBuilder(ConnectionString(server))
            .UseTokenProvider(async ct =>
            {
                Interlocked.Increment(ref calls);
                await Task.Yield();
                return server.IssueAccessToken();
            })
            .Build();
        Assert.Equal(1, await ScalarAsync(dataSource, "SELECT 1", sync: false));
        server.RevokeAccessTokens();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ScalarAsync(dataSource, "SELECT 1", sync: false)));

        Assert.All(results, r => Assert.Equal(1, r));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_failing_provider_fails_the_command_with_an_authentication_exception()
    {
        await using var server = await StartAsync();
        await using var dataSource = new PrestoDataSourceBuilder(ConnectionString(server))
            .UseTokenProvider(_ => throw new InvalidOperationException("vault unreachable"))
            .Build();

        var error = await Assert.ThrowsAsync<PrestoAuthenticationException>(() => ScalarAsync(dataSource, "SELECT 1", sync: false));

        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Empty(server.Submissions);
    }

    [Fact]
    public async Task A_static_access_token_is_not_refreshed()
    {
        await using var server = await StartAsync();
        await using var dataSource = PrestoDataSource.Create(ConnectionString(server, "AccessToken=static-token"));

        var error = await Assert.ThrowsAsync<PrestoAuthenticationException>(() => ScalarAsync(dataSource, "SELECT 1", sync: false));

        Assert.Equal(401, error.StatusCode);
        Assert.Single(server.Submissions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_credentials_go_to_the_token_endpoint_only_and_the_token_is_cached(bool sync)
    {
        await using var server = await StartAsync(o => (o.OAuth2ClientId, o.OAuth2ClientSecret) = (ClientId, ClientSecret));
        var loggers = new CapturingLoggerFactory();
        await using var dataSource = new PrestoDataSourceBuilder(ConnectionString(server))
            .UseLoggerFactory(loggers)
            .UseOAuth2ClientCredentials(new Uri(server.BaseAddress, "/oauth2/token"), ClientId, ClientSecret, scope: "trino")
            .Build();

        Assert.Equal(1, await ScalarAsync(dataSource, "SELECT 1", sync));
        Assert.Equal(1, await ScalarAsync(dataSource, "SELECT 1", sync));

        var tokenRequest = Assert.Single(TokenRequests(server));
        Assert.Equal(200, tokenRequest.StatusCode);
        Assert.Equal("grant_type=client_credentials&scope=trino", tokenRequest.Body);
        Assert.Equal(new AuthenticationHeaderValue("Basic", Basic(ClientId, ClientSecret)).ToString(), tokenRequest.Header("Authorization"));
        Assert.DoesNotContain(tokenRequest.Headers.Keys, k => k.StartsWith("X-Trino-", StringComparison.OrdinalIgnoreCase));
        Assert.All(server.Requests.Except([tokenRequest]), r =>
        {
            Assert.StartsWith("Bearer tok-", r.Header("Authorization"), StringComparison.Ordinal);
            Assert.DoesNotContain(ClientSecret, r.Body, StringComparison.Ordinal);
        });
        Assert.All(loggers.Entries, e => Assert.DoesNotContain(ClientSecret, e.Message, StringComparison.Ordinal));
        Assert.Contains(loggers.Entries, e => e.EventId.Id == 1501 && e.Message.Contains("/oauth2/token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_credentials_token_is_fetched_again_once_it_expires()
    {
        await using var server = await StartAsync(o =>
        {
            (o.OAuth2ClientId, o.OAuth2ClientSecret) = (ClientId, ClientSecret);
            o.OAuth2TokenLifetime = TimeSpan.Zero;
        });
        await using var dataSource = new PrestoDataSourceBuilder(ConnectionString(server))
            .UseOAuth2ClientCredentials(new Uri(server.BaseAddress, "/oauth2/token"), ClientId, ClientSecret)
            .Build();

        // expires_in = 0: every request needs a new token.
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var command = new PrestoCommand("SELECT 1", connection);
            Assert.Equal(1, await command.ExecuteScalarAsync());
        }

        int expiring = TokenRequests(server).Count;
        Assert.True(expiring >= 2, $"{expiring} token requests");
        Assert.Equal(server.Requests.Count(r => r.PathAndQuery != "/oauth2/token"), expiring);
    }

    [Fact]
    public async Task A_rejected_client_credentials_token_is_replaced_once()
    {
        await using var server = await StartAsync(o => (o.OAuth2ClientId, o.OAuth2ClientSecret) = (ClientId, ClientSecret));
        await using var dataSource = new PrestoDataSourceBuilder(ConnectionString(server))
            .UseOAuth2ClientCredentials(new Uri(server.BaseAddress, "/oauth2/token"), ClientId, ClientSecret)
            .Build();
        Assert.Equal(1, await ScalarAsync(dataSource, "SELECT 1", sync: false));

        server.RevokeAccessTokens();
        Assert.Equal(1, await ScalarAsync(dataSource, "SELECT 1", sync: true));

        Assert.Equal(2, TokenRequests(server).Count);
        Assert.Equal([200, 401, 200], server.Submissions.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Wrong_client_credentials_fail_with_the_oauth_error_and_no_secret()
    {
        await using var server = await StartAsync(o => (o.OAuth2ClientId, o.OAuth2ClientSecret) = (ClientId, "another-secret"));
        await using var dataSource = new PrestoDataSourceBuilder(ConnectionString(server))
            .UseOAuth2ClientCredentials(new Uri(server.BaseAddress, "/oauth2/token"), ClientId, ClientSecret)
            .Build();

        var error = await Assert.ThrowsAsync<PrestoAuthenticationException>(() => ScalarAsync(dataSource, "SELECT 1", sync: false));

        Assert.Equal(401, error.StatusCode);
        Assert.Contains("invalid_client", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(server.Submissions);
    }

    [Fact]
    public void Token_sources_need_https_unless_insecure_credentials_are_allowed()
    {
        var overHttp = new PrestoDataSourceBuilder("Server=http://127.0.0.1:1;User=test").UseTokenProvider(_ => ValueTask.FromResult("t"));
        Assert.Contains("token source", Assert.Throws<ArgumentException>(() => overHttp.Build()).Message, StringComparison.Ordinal);

        var endpointOverHttp = new PrestoDataSourceBuilder("Server=https://127.0.0.1:1;User=test")
            .UseOAuth2ClientCredentials(new Uri("http://127.0.0.1:1/oauth2/token"), ClientId, ClientSecret);
        var error = Assert.Throws<ArgumentException>(() => endpointOverHttp.Build());
        Assert.DoesNotContain(ClientSecret, error.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => new PrestoDataSourceBuilder()
            .UseOAuth2ClientCredentials(new Uri("https://user:pw@idp.example.com/token"), ClientId, ClientSecret));
    }

    [Fact]
    public async Task A_provider_token_goes_to_the_configured_servers_only()
    {
        await using var configured = await StartAsync();
        await using var other = await TestServers.StartAsync();
        int calls = 0;
        var settings = new ConnectionSettings
        {
            Servers = [configured.BaseAddress],
            User = "test",
            AllowInsecureCredentials = true,
            TokenSource = new CallbackTokenSource(_ =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.FromResult(configured.IssueAccessToken());
            }),
        };
        var transport = new ProtocolTransport(settings, ProtocolDialect.Trino, HttpClientCache.Shared, NullLogger.Instance);

        await transport.SendAsync(Submit(other), new PageBuffer(), true, default);
        Assert.Equal(0, calls);
        await transport.SendAsync(Submit(configured), new PageBuffer(), false, default);

        Assert.Null(Assert.Single(other.Requests).Header("Authorization"));
        Assert.StartsWith("Bearer tok-", Assert.Single(configured.Submissions).Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Set_session_authorization_changes_the_session_user_but_not_the_credentials()
    {
        await using var server = await StartAsync();
        await using var dataSource = new PrestoDataSourceBuilder(ConnectionString(server))
            .UseTokenProvider(_ => ValueTask.FromResult(server.IssueAccessToken()))
            .Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new PrestoCommand("SET SESSION AUTHORIZATION bob", connection);
        await command.ExecuteNonQueryAsync();
        command.CommandText = "SELECT 1";

        Assert.Equal(1, await command.ExecuteScalarAsync());

        var last = server.Submissions[^1];
        Assert.Equal("bob", last.Header("X-Trino-User"));
        Assert.Equal("test", last.Header("X-Trino-Original-User"));
        Assert.Equal(server.Submissions[0].Header("Authorization"), last.Header("Authorization"));
    }

    [Fact]
    public async Task The_fluent_client_takes_a_token_provider_too()
    {
        await using var server = await StartAsync();
        var calls = 0;
        await using var client = new PrestoClient(new PrestoClientOptions
        {
            ConnectionString = ConnectionString(server),
            TokenProvider = _ =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.FromResult(server.IssueAccessToken());
            },
        });

        Assert.Equal(1, await client.Query("SELECT 1").ScalarAsync<int>());
        Assert.Equal(1, await client.Query("SELECT 1").ScalarAsync<int>());
        Assert.Equal(1, calls);
        server.RevokeAccessTokens();
        Assert.Equal(1, await client.Query("SELECT 1").ScalarAsync<int>());
        Assert.Equal(2, calls);
        Assert.Throws<ArgumentException>(() => new PrestoClient(new PrestoClientOptions
        {
            ConnectionString = TestServers.ConnectionString(server),
            TokenProvider = _ => ValueTask.FromResult("t"),
        }));
    }

    [Fact]
    public async Task A_fluent_client_over_a_data_source_uses_its_oauth2_client_credentials()
    {
        await using var server = await StartAsync(o => (o.OAuth2ClientId, o.OAuth2ClientSecret) = (ClientId, ClientSecret));
        await using var dataSource = new PrestoDataSourceBuilder(ConnectionString(server))
            .UseOAuth2ClientCredentials(new Uri(server.BaseAddress, "/oauth2/token"), ClientId, ClientSecret)
            .Build();
        var client = new PrestoClient(dataSource);

        Assert.Equal(25, await client.Query("SELECT count(*) FROM tpch.tiny.nation").ScalarAsync<long>());
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var command = new PrestoCommand("SELECT 1", connection);
            Assert.Equal(1, await command.ExecuteScalarAsync());
        }

        // One token for both faces: the client and the data source share the engine (and its token cache).
        Assert.Single(TokenRequests(server));
        Assert.Same(dataSource.Router, client.Router);
        Assert.All(server.Submissions, r => Assert.StartsWith("Bearer tok-", r.Header("Authorization"), StringComparison.Ordinal));

        // Disposing the client leaves the data source working; disposing the data source ends the client.
        await client.DisposeAsync();
        Assert.Equal(2L, await new PrestoClient(dataSource).Query("SELECT 2").ScalarAsync<long>());
        await dataSource.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => client.CreateConnection());
    }

    internal static Task<PrestoTestServer> StartAsync(Action<PrestoTestServerOptions>? configure = null) =>
        TestServers.StartAsync(configure: o =>
        {
            o.RequireBearerToken = true;
            configure?.Invoke(o);
        });

    internal static string ConnectionString(PrestoTestServer server, string? extra = null) =>
        TestServers.ConnectionString(server, "AllowInsecureCredentials=true;RequestTimeout=20" + (extra is null ? string.Empty : ";" + extra));

    internal static async Task<object?> ScalarAsync(PrestoDataSource dataSource, string sql, bool sync)
    {
        if (sync)
        {
            return await Task.Run(() =>
            {
                using var connection = dataSource.OpenConnection();
                using var command = new PrestoCommand(sql, connection);
                return command.ExecuteScalar();
            });
        }

        await using var asyncConnection = await dataSource.OpenConnectionAsync();
        await using var asyncCommand = new PrestoCommand(sql, asyncConnection);
        return await asyncCommand.ExecuteScalarAsync();
    }

    private static ProtocolRequest Submit(PrestoTestServer server) => new(HttpMethod.Post, new Uri(server.BaseAddress, "/v1/statement"))
    {
        Body = "SELECT 1"u8.ToArray(),
        ConfigureHeaders = m => m.Headers.Add("X-Trino-User", "test"),
    };

    private static List<RecordedRequest> TokenRequests(PrestoTestServer server) =>
        server.Requests.Where(r => r.PathAndQuery == "/oauth2/token").ToList();

    private static string Basic(string id, string secret) => Convert.ToBase64String(Encoding.UTF8.GetBytes(id + ":" + secret));
}
