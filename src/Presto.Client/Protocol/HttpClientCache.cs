using System;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace Presto.Protocol;

/// <summary>
/// The process-wide HTTP handler: one connection pool shared by every connection, so opening and closing
/// connections (as ADO.NET pools do) never opens sockets by itself. Redirects are not followed by the handler;
/// <see cref="ProtocolTransport"/> follows them itself so that a POST is never turned into a GET and credentials
/// never leave the configured servers.
/// </summary>
/// <remarks>
/// No connection-string keyword affects the handler (timeouts, retries, credentials and headers are applied per request
/// by <see cref="ProtocolTransport"/>), so one handler serves every distinct connection string. Should a keyword ever
/// change the handler (proxies, TLS options), this cache must key handlers by those settings. Client certificates,
/// server-certificate validation and Kerberos are data source builder options: a <c>PrestoDataSource</c> owns its own
/// handler (or uses the one it was given) instead of this one.
/// </remarks>
internal static class HttpClientCache
{
    private static int s_handlersCreated;

    public static HttpMessageInvoker Shared { get; } = new(CreateHandler(), disposeHandler: false);

    /// <summary>How many handlers <see cref="CreateHandler"/> made in this process (tests: no handler per connection).</summary>
    internal static int HandlersCreated => Volatile.Read(ref s_handlersCreated);

#if NET5_0_OR_GREATER
    /// <summary>Creates a handler with the settings the protocol needs (automatic decompression, no automatic redirects).</summary>
    public static SocketsHttpHandler CreateHandler()
#else
    /// <summary>Creates a handler with the settings the protocol needs (automatic decompression, no automatic redirects).</summary>
    public static HttpClientHandler CreateHandler()
#endif
    {
        Interlocked.Increment(ref s_handlersCreated);
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
