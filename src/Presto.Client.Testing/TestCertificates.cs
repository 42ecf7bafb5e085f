using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Presto.Testing;

/// <summary>Self-signed certificates for tests (a server certificate for 127.0.0.1, client certificates for mutual TLS).</summary>
public static class TestCertificates
{
    /// <summary>Creates a self-signed RSA certificate with a private key, valid from yesterday for a week.</summary>
    /// <param name="subject">Distinguished name, e.g. <c>CN=etl-client</c>.</param>
    /// <param name="serverAddress">When set, the certificate is a TLS server certificate for this IP address; otherwise a client certificate.</param>
    public static X509Certificate2 Create(string subject, IPAddress? serverAddress = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        var usage = new OidCollection { new Oid(serverAddress is null ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1") };
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usage, critical: false));
        if (serverAddress is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(serverAddress);
            request.CertificateExtensions.Add(names.Build());
        }

        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

        // Round trip through PKCS#12 so that the private key is usable by the TLS stack on every platform.
#if NET9_0_OR_GREATER
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
#else
        return new X509Certificate2(created.Export(X509ContentType.Pkcs12));
#endif
    }
}
