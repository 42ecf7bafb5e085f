using System.Net.Http;
using Presto.Protocol;
using Presto.Tests.Support;
using static Presto.Tests.Protocol.ProtocolTestKit;

namespace Presto.Tests.Protocol;

/// <summary>Redirects are followed by the transport itself: method and body kept on 307/308, never a POST turned into a GET, credentials only to configured origins.</summary>
public sealed class TransportRedirectTests
{
    [Theory]
    [InlineData(307, true)]
    [InlineData(308, true)]
    [InlineData(307, false)]
    public async Task A_307_or_308_redirect_of_a_POST_keeps_method_and_body(int status, bool async)
    {
        await using var server = await TestServers.StartAsync();
        await using var gateway = new RedirectServer((_, path) => (status, new Uri(server.BaseAddress, path).ToString()));
        var settings = With(Settings(server), [gateway.BaseAddress]);
        var submit = Submit(server, "SELECT 42");
        var request = new ProtocolRequest(HttpMethod.Post, StatementUri(gateway.BaseAddress)) { Body = submit.Body, ConfigureHeaders = submit.ConfigureHeaders };
        var body = new PageBuffer();

        var response = await Transport(settings, ProtocolDialect.Trino).SendAsync(request, body, async, default);

        Assert.Equal(1, response.Attempts);
        var submission = Assert.Single(server.Submissions);
        Assert.Equal("SELECT 42", submission.Body);
        Assert.Equal("test", submission.Header("X-Trino-User"));
        Assert.Equal(("POST", "/v1/statement"), (gateway.Requests[0].Method, gateway.Requests[0].Path));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    public async Task Other_redirects_of_a_POST_are_refused(int status)
    {
        await using var server = await TestServers.StartAsync();
        await using var gateway = new RedirectServer((_, path) => (status, new Uri(server.BaseAddress, path).ToString()));

        var ex = await Assert.ThrowsAsync<PrestoProtocolException>(async () =>
            await Transport(With(Settings(server), [gateway.BaseAddress]), ProtocolDialect.Trino).SendAsync(
                new ProtocolRequest(HttpMethod.Post, StatementUri(gateway.BaseAddress)) { Body = "SELECT 1"u8.ToArray() }, new PageBuffer(), true, default));

        Assert.Equal(status, ex.StatusCode);
        Assert.Contains("307", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Single(gateway.Requests);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(303)]
    public async Task A_GET_follows_other_redirects(int status)
    {
        await using var server = await TestServers.StartAsync();
        await using var gateway = new RedirectServer((_, path) => (status, new Uri(server.BaseAddress, path.Replace("/moved", string.Empty, StringComparison.Ordinal)).ToString()));
        var body = new PageBuffer();

        var response = await Transport(With(Settings(server), [gateway.BaseAddress]), ProtocolDialect.Trino).SendAsync(
            new ProtocolRequest(HttpMethod.Get, new Uri(gateway.BaseAddress, "/moved/v1/info")), body, true, default);

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("nodeVersion", System.Text.Encoding.UTF8.GetString(body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorization_follows_a_redirect_only_to_a_configured_origin()
    {
        await using var server = await TestServers.StartAsync();
        await using var gateway = new RedirectServer((_, path) => (307, new Uri(server.BaseAddress, path).ToString()));
        var onlyGateway = With(Settings(server), [gateway.BaseAddress], password: "pw");
        var both = With(Settings(server), [gateway.BaseAddress, server.BaseAddress], password: "pw");
        var request = new ProtocolRequest(HttpMethod.Get, new Uri(gateway.BaseAddress, "/v1/info"));

        await Transport(onlyGateway, ProtocolDialect.Trino).SendAsync(request, new PageBuffer(), true, default);
        await Transport(both, ProtocolDialect.Trino).SendAsync(request, new PageBuffer(), true, default);

        Assert.All(gateway.Requests, r => Assert.StartsWith("Basic ", r.Headers["Authorization"], StringComparison.Ordinal));
        Assert.Equal(2, server.Requests.Count);
        Assert.Null(server.Requests[0].Header("Authorization"));
        Assert.StartsWith("Basic ", server.Requests[1].Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_loops_end_after_five_hops()
    {
        await using var gateway = new RedirectServer((_, path) => (307, path));

        var ex = await Assert.ThrowsAsync<PrestoProtocolException>(async () =>
            await Transport(new ConnectionSettings { Servers = [gateway.BaseAddress], User = "test" }, ProtocolDialect.Trino).SendAsync(
                new ProtocolRequest(HttpMethod.Get, new Uri(gateway.BaseAddress, "/v1/info")), new PageBuffer(), true, default));

        Assert.Contains("more than 5 times", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ProtocolTransport.MaxRedirects + 1, gateway.Requests.Count);
    }

    private static ConnectionSettings With(ConnectionSettings settings, Uri[] servers, string? password = null) => new()
    {
        Servers = servers,
        User = settings.User,
        Password = password,
        AllowInsecureCredentials = true,
        RequestTimeout = settings.RequestTimeout,
    };
}
