using System;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Presto.Authentication;

namespace Presto.Protocol;

/// <summary>
/// Everything a <see cref="ClientEngine"/> is composed from. <c>PrestoDataSourceBuilder</c> and
/// <see cref="PrestoClientOptions"/> are the public faces that fill it in; there is one composition root behind both.
/// </summary>
internal sealed class EngineOptions
{
    public EngineOptions(string connectionString, PrestoRetryOptions retry, PrestoRoutingOptions routing)
    {
        ConnectionString = connectionString;
        Retry = retry;
        Routing = routing;
    }

    /// <summary>The connection string, with secrets.</summary>
    public string ConnectionString { get; }

    public PrestoRetryOptions Retry { get; }

    public PrestoRoutingOptions Routing { get; }

    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>A caller-supplied invoker (an <see cref="HttpClient"/> or a handler wrapped by the builder), else <see langword="null"/>.</summary>
    public HttpMessageInvoker? Http { get; set; }

    /// <summary>Whether disposing the engine disposes <see cref="Http"/>.</summary>
    public bool OwnsHttp { get; set; }

    /// <summary>Makes the handler when <see cref="Http"/> is <see langword="null"/> (TLS and Kerberos options applied); default <see cref="HttpClientCache.CreateHandler"/>.</summary>
    public Func<HttpMessageHandler>? CreateHandler { get; set; }

    /// <summary>Makes the token source once the invoker exists (token endpoints are called through it); gets whether insecure credentials are allowed.</summary>
    public Func<HttpMessageInvoker, bool, TokenSource>? TokenSource { get; set; }
}
