using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

/// <summary>The server's optional authentication: bearer challenges, the client-credentials endpoint, the external-authentication pair.</summary>
public sealed class AuthenticationEndpointTests
{
    [Fact]
    public async Task Statements_need_an_issued_token_and_are_challenged_otherwise()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino, o => o.RequireBearerToken = true);
        using var http = new HttpClient();

        using var anonymous = await http.SendAsync(Post(server, null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);

        string token = server.IssueAccessToken();
        using var accepted = await http.SendAsync(Post(server, token));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        server.RevokeAccessTokens();
        using var revoked = await http.SendAsync(Post(server, token));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);

        using var info = await http.GetAsync(new Uri(server.BaseAddress, "/v1/info"));
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
    }

    [Fact]
    public async Task The_token_endpoint_checks_grant_type_and_client_credentials()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino, o =>
        {
            (o.OAuth2ClientId, o.OAuth2ClientSecret) = ("id", "secret");
            o.OAuth2TokenLifetime = TimeSpan.FromMinutes(10);
        });
        using var http = new HttpClient();

        async Task<(HttpStatusCode Status, JsonElement Json)> RequestAsync(params (string, string)[] form)
        {
            using var response = await http.PostAsync(
                new Uri(server.BaseAddress, "/oauth2/token"), new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Item1, f.Item2))));
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
        }

        var ok = await RequestAsync(("grant_type", "client_credentials"), ("client_id", "id"), ("client_secret", "secret"));
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal(600, ok.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", ok.Json.GetProperty("token_type").GetString());

        var wrongSecret = await RequestAsync(("grant_type", "client_credentials"), ("client_id", "id"), ("client_secret", "nope"));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (wrongSecret.Status, wrongSecret.Json.GetProperty("error").GetString()));

        var wrongGrant = await RequestAsync(("grant_type", "password"), ("client_id", "id"), ("client_secret", "secret"));
        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_grant_type"), (wrongGrant.Status, wrongGrant.Json.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task External_authentication_challenges_with_a_redirect_and_a_token_server()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino, o => (o.RequireBearerToken, o.ExternalAuthentication) = (true, true));
        using var http = new HttpClient();

        using var challenged = await http.SendAsync(Post(server, null));
        string parameter = Assert.Single(challenged.Headers.WwwAuthenticate).Parameter!;
        var match = System.Text.RegularExpressions.Regex.Match(parameter, "x_redirect_server=\"([^\"]+)\", x_token_server=\"([^\"]+)\"");
        Assert.True(match.Success, parameter);
        var tokenServer = new Uri(match.Groups[2].Value);

        var pending = JsonDocument.Parse(await http.GetStringAsync(tokenServer)).RootElement;
        Assert.Equal(tokenServer.AbsoluteUri, pending.GetProperty("nextUri").GetString());

        using var login = await http.GetAsync(match.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        string token = JsonDocument.Parse(await http.GetStringAsync(tokenServer)).RootElement.GetProperty("token").GetString()!;

        using var accepted = await http.SendAsync(Post(server, token));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Https_uses_a_self_signed_certificate_for_127_0_0_1()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino, o => o.UseHttps = true);
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate!.Thumbprint == server.Certificate!.Thumbprint };
        using var http = new HttpClient(handler);

        using var info = await http.GetAsync(new Uri(server.BaseAddress, "/v1/info"));

        Assert.Equal("https", server.BaseAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
    }

    private static HttpRequestMessage Post(PrestoTestServer server, string? token)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, "/v1/statement")) { Content = new StringContent("SELECT 1") };
        message.Headers.Add("X-Trino-User", "test");
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return message;
    }
}
