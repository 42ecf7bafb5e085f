using System.Net;
using System.Net.Security;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Authentication;

/// <summary>Server-certificate validation, client certificates (mutual TLS) and Kerberos wiring of the data source's handler.</summary>
public sealed class TlsAuthenticationTests
{
    [Fact]
    public async Task An_untrusted_server_certificate_fails_and_a_validation_callback_can_accept_it()
    {
        await using var server = await TestServers.StartAsync(configure: o => o.UseHttps = true);
        Assert.Equal("https", server.BaseAddress.Scheme);
        string connectionString = TestServers.ConnectionString(server, "RequestTimeout=20");

        await using (var untrusted = PrestoDataSource.Create(connectionString))
        {
            var error = await Assert.ThrowsAsync<PrestoException>(() => TokenAuthenticationTests.ScalarAsync(untrusted, "SELECT 1", sync: false));
            Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
        }

        string thumbprint = server.Certificate!.Thumbprint;
        var seen = new List<SslPolicyErrors>();
        await using var pinned = new PrestoDataSourceBuilder(connectionString)
            .UseServerCertificateValidation((certificate, _, errors) =>
            {
                lock (seen)
                {
                    seen.Add(errors);
                }

                return certificate.Thumbprint == thumbprint;
            })
            .Build();

        Assert.Equal(1, await TokenAuthenticationTests.ScalarAsync(pinned, "SELECT 1", sync: false));
        Assert.Equal(1, await TokenAuthenticationTests.ScalarAsync(pinned, "SELECT 1", sync: true));
        Assert.Contains(seen, e => e.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public async Task A_client_certificate_is_presented_when_the_server_requires_one()
    {
        await using var server = await TestServers.StartAsync(configure: o => (o.UseHttps, o.RequireClientCertificate) = (true, true));
        using var clientCertificate = TestCertificates.Create("CN=etl-client");
        await using var dataSource = new PrestoDataSourceBuilder(TestServers.ConnectionString(server, "RequestTimeout=20"))
            .UseServerCertificateValidation((certificate, _, _) => certificate.Thumbprint == server.Certificate!.Thumbprint)
            .UseClientCertificate(clientCertificate)
            .Build();

        Assert.Equal(1, await TokenAuthenticationTests.ScalarAsync(dataSource, "SELECT 1", sync: false));
        Assert.Equal(1, await TokenAuthenticationTests.ScalarAsync(dataSource, "SELECT 1", sync: true));
    }

    [Fact]
    public async Task Without_a_client_certificate_a_server_that_requires_one_is_not_reached()
    {
        await using var server = await TestServers.StartAsync(configure: o => (o.UseHttps, o.RequireClientCertificate) = (true, true));
        await using var dataSource = new PrestoDataSourceBuilder(TestServers.ConnectionString(server, "RequestTimeout=2"))
            .UseServerCertificateValidation((certificate, _, _) => certificate.Thumbprint == server.Certificate!.Thumbprint)
            .Build();

        await Assert.ThrowsAsync<PrestoException>(() => TokenAuthenticationTests.ScalarAsync(dataSource, "SELECT 1", sync: false));
        Assert.Empty(server.Submissions);
    }

    [Fact]
    public void Kerberos_sets_negotiate_credentials_on_the_handler()
    {
        // No KDC here: this only checks the wiring; the Negotiate exchange itself is the platform's.
        using var byDefault = new PrestoDataSourceBuilder("Server=https://trino.example.com").UseKerberos().CreateHandler();
        Assert.Same(CredentialCache.DefaultCredentials, byDefault.Credentials);

        var explicitCredentials = new NetworkCredential("etl", "pw", "EXAMPLE.COM");
        using var explicitHandler = new PrestoDataSourceBuilder("Server=https://trino.example.com").UseKerberos(explicitCredentials).CreateHandler();
        Assert.Same(explicitCredentials, explicitHandler.Credentials);

        using var plain = new PrestoDataSourceBuilder("Server=https://trino.example.com").CreateHandler();
        Assert.Null(plain.Credentials);
        Assert.Null(plain.SslOptions.ClientCertificates);
        Assert.Null(plain.SslOptions.RemoteCertificateValidationCallback);
    }

    [Fact]
    public void Handler_options_cannot_be_combined_with_a_caller_supplied_handler()
    {
        using var handler = new SocketsHttpHandler();
        var builder = new PrestoDataSourceBuilder("Server=https://trino.example.com").UseHttpMessageHandler(handler).UseKerberos();

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());

        Assert.Contains("UseHttpMessageHandler", error.Message, StringComparison.Ordinal);
    }
}
