using System.Net.Http;

namespace Presto.Protocol;

/// <summary>The process-wide HTTP handler (one connection pool for all connections). CONTRACT STUB.</summary>
internal static class HttpClientCache
{
    public static HttpMessageInvoker Shared { get; } = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
}
