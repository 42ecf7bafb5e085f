using System;
using System.Net;
using System.Net.Http;

namespace Presto.Protocol;

/// <summary>
/// The process-wide HTTP handler: one connection pool shared by every connection, so opening and closing
/// connections (as ADO.NET pools do) never opens sockets by itself. Redirects are not followed by the handler;
/// <see cref="ProtocolTransport"/> follows them itself so that a POST is never turned into a GET and credentials
/// never leave the configured servers.
/// </summary>
internal static class HttpClientCache
{
    public static HttpMessageInvoker Shared { get; } = new(CreateHandler(), disposeHandler: false);

    /// <summary>Creates a handler with the settings the protocol needs (automatic decompression, no automatic redirects).</summary>
    public static HttpMessageHandler CreateHandler()
    {
#if NET5_0_OR_GREATER
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            // Re-resolves DNS now and then, so a coordinator behind a changing DNS name is found again.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            UseCookies = false,
        };
#else
        return new HttpClientHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseCookies = false,
        };
#endif
    }
}
