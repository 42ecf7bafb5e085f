using System.Collections.Concurrent;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Authentication;

/// <summary>Trino's OAuth2 external authentication: redirect URL to the application, token server polled, token cached.</summary>
public sealed class ExternalAuthenticationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_redirect_goes_to_the_handler_and_the_polled_token_is_used_until_rejected(bool sync)
    {
        await using var server = await StartAsync();
        using var browser = new HttpClient();
        var redirects = new ConcurrentQueue<Uri>();
        var loggers = new CapturingLoggerFactory();
        await using var dataSource = new PrestoDataSourceBuilder(TokenAuthenticationTests.ConnectionString(server))
            .UseLoggerFactory(loggers)
            .UseExternalAuthentication((uri, ct) =>
            {
                redirects.Enqueue(uri);

                // The "browser" logs in a little later, while the client polls the token server.
                _ = Task.Run(async () =>
                {
                    await Task.Delay(150, ct);
                    await browser.GetAsync(uri, ct);
                }, ct);
                return Task.CompletedTask;
            })
            .Build();

        Assert.Equal(1, await TokenAuthenticationTests.ScalarAsync(dataSource, "SELECT 1", sync));
        Assert.Equal(1, await TokenAuthenticationTests.ScalarAsync(dataSource, "SELECT 1", sync));

        var redirect = Assert.Single(redirects);
        Assert.Equal(server.BaseAddress.Authority, redirect.Authority);
        Assert.StartsWith("/oauth2/token/initiate/", redirect.AbsolutePath, StringComparison.Ordinal);
        var polls = server.Requests.Where(r => r.PathAndQuery.StartsWith("/oauth2/token/", StringComparison.Ordinal) && !r.PathAndQuery.Contains("initiate", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(polls);
        Assert.All(polls, r => Assert.Null(r.Header("Authorization")));
        Assert.Equal([401, 200, 200], server.Submissions.Select(r => r.StatusCode));
        string token = server.Submissions[^1].Header("Authorization")!["Bearer ".Length..];
        Assert.All(loggers.Entries, e => Assert.DoesNotContain(token, e.Message, StringComparison.Ordinal));
        var login = Assert.Single(loggers.Entries, e => e.EventId.Id == 1503);
        Assert.DoesNotContain("/oauth2/token", login.Message, StringComparison.Ordinal); // the host only, never the one-time login URL

        server.RevokeAccessTokens();
        Assert.Equal(1, await TokenAuthenticationTests.ScalarAsync(dataSource, "SELECT 1", sync));
        Assert.Equal(2, redirects.Count);
    }

    [Fact]
    public async Task An_error_from_the_token_server_fails_with_an_authentication_exception()
    {
        await using var server = await StartAsync(o => o.ExternalAuthenticationError = "access_denied");
        using var browser = new HttpClient();
        await using var dataSource = new PrestoDataSourceBuilder(TokenAuthenticationTests.ConnectionString(server))
            .UseExternalAuthentication(async (uri, ct) => await browser.GetAsync(uri, ct))
            .Build();

        var error = await Assert.ThrowsAsync<PrestoAuthenticationException>(() => TokenAuthenticationTests.ScalarAsync(dataSource, "SELECT 1", sync: false));

        Assert.Equal(401, error.StatusCode);
        Assert.Contains("access_denied", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Submissions);
    }

    [Fact]
    public async Task A_login_that_never_completes_times_out()
    {
        await using var server = await StartAsync();
        await using var dataSource = new PrestoDataSourceBuilder(TokenAuthenticationTests.ConnectionString(server))
            .UseExternalAuthentication((_, _) => Task.CompletedTask, TimeSpan.FromMilliseconds(500))
            .Build();

        var error = await Assert.ThrowsAsync<PrestoAuthenticationException>(() => TokenAuthenticationTests.ScalarAsync(dataSource, "SELECT 1", sync: true));

        Assert.Contains("did not complete within 0.5 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_challenge_without_a_token_server_fails_as_before()
    {
        await using var server = await TokenAuthenticationTests.StartAsync();
        int calls = 0;
        await using var dataSource = new PrestoDataSourceBuilder(TokenAuthenticationTests.ConnectionString(server))
            .UseExternalAuthentication((_, _) =>
            {
                Interlocked.Increment(ref calls);
                return Task.CompletedTask;
            })
            .Build();

        var error = await Assert.ThrowsAsync<PrestoAuthenticationException>(() => TokenAuthenticationTests.ScalarAsync(dataSource, "SELECT 1", sync: false));

        Assert.Contains("x_token_server", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task A_fluent_client_over_a_data_source_logs_in_through_external_authentication()
    {
        await using var server = await StartAsync();
        using var browser = new HttpClient();
        var redirects = 0;
        await using var dataSource = new PrestoDataSourceBuilder(TokenAuthenticationTests.ConnectionString(server))
            .UseExternalAuthentication(async (uri, ct) =>
            {
                Interlocked.Increment(ref redirects);
                await browser.GetAsync(uri, ct);
            })
            .Build();
        await using var client = new PrestoClient(dataSource);

        var names = await client.Query("SELECT name FROM tpch.tiny.region ORDER BY regionkey").ToListAsync<string>();
        Assert.Equal(["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"], names);
        Assert.Equal(5L, await client.Query("SELECT count(*) FROM tpch.tiny.region").ScalarAsync<long>());

        Assert.Equal(1, redirects);
        Assert.Equal([401, 200, 200], server.Submissions.Select(r => r.StatusCode));
    }

    [Fact]
    public void Challenge_parameters_are_parsed_with_quotes_and_escapes()
    {
        var parsed = Presto.Authentication.AuthChallenge.ParseParameters("x_redirect_server=\"https://a/b?c=1,2\", x_token_server=\"https://a/t\\\"q\", realm=Trino")
            .ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("https://a/b?c=1,2", parsed["x_redirect_server"]);
        Assert.Equal("https://a/t\"q", parsed["x_token_server"]);
        Assert.Equal("Trino", parsed["realm"]);
    }

    private static Task<PrestoTestServer> StartAsync(Action<PrestoTestServerOptions>? configure = null) =>
        TokenAuthenticationTests.StartAsync(o =>
        {
            o.ExternalAuthentication = true;
            configure?.Invoke(o);
        });
}
