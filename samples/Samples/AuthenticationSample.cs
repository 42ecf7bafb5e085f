using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Presto.Testing;

namespace Presto.Samples;

/// <summary>
/// Authentication (docs/authentication.md) against embedded coordinators that require bearer tokens, serve an OAuth2
/// token endpoint, run Trino's browser login, or listen on HTTPS with mutual TLS. Kerberos needs a KDC: built, not queried.
/// </summary>
internal static class AuthenticationSample
{
    private const string ClientSecret = "sample-secret";

    public static async Task RunAsync()
    {
        await ClientCredentialsAsync();
        await TokenProviderAsync();
        await ExternalAuthenticationAsync();
        await ClientCertificateAsync();
        Kerberos("Server=https://127.0.0.1:1;User=alice");
    }

    private static async Task ClientCredentialsAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions
        {
            RequireBearerToken = true,
            OAuth2ClientId = "etl-client",
            OAuth2ClientSecret = ClientSecret,
        });
        var connectionString = $"Server={server.BaseAddress};AllowInsecureCredentials=true;User=etl;Catalog=tpch;Schema=tiny";
        var tokenEndpoint = new Uri(server.BaseAddress, "/oauth2/token");
        var clientSecret = ClientSecret;

        // <snippet:authentication-overview>
        await using var dataSource = new PrestoDataSourceBuilder(connectionString)      // "Server=https://trino.example.com;Catalog=hive"
            .UseOAuth2ClientCredentials(tokenEndpoint, "etl-client", clientSecret)      // https://idp.example.com/oauth2/token
            .Build();
        var client = new PrestoClient(dataSource); // disposing the data source ends it; disposing it leaves the data source open
        var rows = await client.Query("SELECT name FROM nation").ToListAsync<string>();
        // </snippet:authentication-overview>
        Console.WriteLine($"client credentials: {rows.Count} nations");
        SampleCheck.Expect(rows.Count == 25, "the token from the token endpoint is accepted");

        await ScopedClientCredentialsAsync(connectionString, tokenEndpoint, clientSecret);

        var tokenRequests = server.Requests.Count(r => r.PathAndQuery == "/oauth2/token");
        Console.WriteLine($"  token endpoint asked {tokenRequests} times");
        SampleCheck.Expect(tokenRequests == 2, "each data source fetches one token and caches it");
    }

    private static async Task ScopedClientCredentialsAsync(string connectionString, Uri tokenEndpoint, string clientSecret)
    {
        // <snippet:authentication-client-credentials>
        var dataSource = new PrestoDataSourceBuilder(connectionString)   // "Server=https://trino.example.com"
            .UseOAuth2ClientCredentials(tokenEndpoint, "etl-client", clientSecret, scope: "trino")
            .Build();
        // </snippet:authentication-client-credentials>
        await using (dataSource)
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM region");
            SampleCheck.Expect((long)(await command.ExecuteScalarAsync())! == 5, "a scoped token is accepted");
        }
    }

    private static async Task TokenProviderAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { RequireBearerToken = true });
        var connectionString = $"Server={server.BaseAddress};AllowInsecureCredentials=true;User=alice;Catalog=tpch;Schema=tiny";
        var credential = new SampleCredential(server);
        var context = new[] { "trino" };

        // <snippet:authentication-token-provider>
        var dataSource = new PrestoDataSourceBuilder(connectionString)   // "Server=https://trino.example.com;Catalog=hive"
            .UseTokenProvider(async ct => (await credential.GetTokenAsync(context, ct)).Token)
            .Build();
        // </snippet:authentication-token-provider>
        await using (dataSource)
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM nation");
            SampleCheck.Expect((long)(await command.ExecuteScalarAsync())! == 25, "the callback's token is accepted");
            server.RevokeAccessTokens();   // the token "expires": the next request gets a 401 and the callback is asked again
            SampleCheck.Expect((long)(await command.ExecuteScalarAsync())! == 25, "a 401 renews the token once");
        }

        Console.WriteLine($"token provider: asked {credential.Calls} times");
        SampleCheck.Expect(credential.Calls == 2, "the token is cached until a server rejects it");
    }

    private static async Task ExternalAuthenticationAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { RequireBearerToken = true, ExternalAuthentication = true });
        using var browser = new HttpClient();
        await ExternalAuthenticationAsync(
            $"Server={server.BaseAddress};AllowInsecureCredentials=true;User=alice;Catalog=tpch;Schema=tiny",
            async (redirect, ct) => (await browser.GetAsync(redirect, ct)).EnsureSuccessStatusCode());   // the user logging in
    }

    private static async Task ExternalAuthenticationAsync(string connectionString, Func<Uri, CancellationToken, Task> openBrowser)
    {
        // <snippet:authentication-external>
        var dataSource = new PrestoDataSourceBuilder(connectionString)   // "Server=https://trino.example.com"
            .UseExternalAuthentication(openBrowser, timeout: TimeSpan.FromMinutes(5))
            .Build();
        // </snippet:authentication-external>
        await using (dataSource)
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM nation");
            var nations = (long)(await command.ExecuteScalarAsync())!;
            Console.WriteLine($"external authentication: {nations} nations after the browser login");
            SampleCheck.Expect(nations == 25, "the token from the browser login is accepted");
        }
    }

    // A desktop application's openBrowser. Compiled, not run (CI has no browser): the sample above visits the URL itself.
    // <snippet:authentication-open-browser>
    internal static Task OpenInBrowserAsync(Uri redirect, CancellationToken cancellationToken)
    {
        Process.Start(new ProcessStartInfo(redirect.AbsoluteUri) { UseShellExecute = true }); // or show the URL to the user
        return Task.CompletedTask;
    }
    // </snippet:authentication-open-browser>

    private static async Task ClientCertificateAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { UseHttps = true, RequireClientCertificate = true });
        var connectionString = $"Server={server.BaseAddress};User=alice;Catalog=tpch;Schema=tiny";
        var pinnedThumbprint = server.Certificate!.Thumbprint;   // the coordinator's self-signed certificate
        var password = "sample-password";
        var pfxPath = Path.Combine(Path.GetTempPath(), $"presto-sample-client-{Environment.ProcessId}.pfx");
        using (var created = TestCertificates.Create("CN=alice"))
        {
            await File.WriteAllBytesAsync(pfxPath, created.Export(X509ContentType.Pkcs12, password));
        }

        try
        {
            // <snippet:authentication-client-certificate>
            var dataSource = new PrestoDataSourceBuilder(connectionString)   // "Server=https://trino.example.com"
                .UseClientCertificate(X509CertificateLoader.LoadPkcs12FromFile(pfxPath, password))
                .UseServerCertificateValidation((certificate, chain, errors) =>
                    errors == SslPolicyErrors.None || certificate.Thumbprint == pinnedThumbprint)
                .Build();
            // </snippet:authentication-client-certificate>
            await using (dataSource)
            {
                await using var command = dataSource.CreateCommand("SELECT count(*) FROM nation");
                var nations = (long)(await command.ExecuteScalarAsync())!;
                Console.WriteLine($"mutual TLS: {nations} nations over {server.BaseAddress.Scheme}");
                SampleCheck.Expect(nations == 25, "the pinned server certificate and the client certificate are accepted");
            }
        }
        finally
        {
            File.Delete(pfxPath);
        }
    }

    private static void Kerberos(string connectionString)
    {
        // <snippet:authentication-kerberos>
        var dataSource = new PrestoDataSourceBuilder(connectionString).UseKerberos().Build();   // "Server=https://trino.example.com;User=alice"
        // </snippet:authentication-kerberos>
        using (dataSource)
        {
            Console.WriteLine("Kerberos: data source built (no KDC here, so no query)");
        }
    }

    /// <summary>A stand-in for a token library's credential (Azure.Identity, an OIDC client): here the server issues the tokens.</summary>
    private sealed class SampleCredential(PrestoTestServer server)
    {
        public int Calls { get; private set; }

        public ValueTask<SampleToken> GetTokenAsync(string[] scopes, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Calls++;
            return ValueTask.FromResult(new SampleToken(server.IssueAccessToken(), scopes));
        }
    }

    private sealed record SampleToken(string Token, string[] Scopes);
}
