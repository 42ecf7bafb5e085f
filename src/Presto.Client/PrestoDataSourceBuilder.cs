#if NET7_0_OR_GREATER
using System;
using System.Linq;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Presto.Protocol;
using Presto.Resilience;

namespace Presto;

/// <summary>
/// Configures a <see cref="PrestoDataSource"/>: the connection string, and what a connection string cannot hold (a logger
/// factory, an HTTP handler or client). Every method returns this builder, so calls can be chained; <see cref="Build"/> makes
/// an immutable data source and can be called again for another.
/// </summary>
/// <example>
/// <code>
/// var builder = new PrestoDataSourceBuilder("Server=https://trino.example.com;User=etl;Catalog=hive");
/// builder.UseLoggerFactory(loggerFactory);
/// await using var dataSource = builder.Build();
/// await using var connection = await dataSource.OpenConnectionAsync();
/// </code>
/// </example>
public sealed class PrestoDataSourceBuilder
{
    private ILoggerFactory? _loggerFactory;
    private HttpMessageHandler? _handler;
    private bool _disposeHandler;
    private HttpClient? _client;
    private readonly PrestoRetryOptions _retry = new();
    private readonly PrestoRoutingOptions _routing = new();

    /// <summary>Creates a builder, optionally starting from <paramref name="connectionString"/>.</summary>
    public PrestoDataSourceBuilder(string? connectionString = null) => ConnectionStringBuilder = new PrestoConnectionStringBuilder(connectionString);

    /// <summary>The connection string settings; change them freely before <see cref="Build"/>.</summary>
    public PrestoConnectionStringBuilder ConnectionStringBuilder { get; }

    /// <summary>The connection string being built (with secrets).</summary>
    public string ConnectionString => ConnectionStringBuilder.ConnectionString;

    /// <summary>
    /// Logs through <paramref name="loggerFactory"/> (category <c>Presto.Client</c>): retries, redirects, cancellations,
    /// heartbeat failures, endpoint probes. Secrets are never logged.
    /// </summary>
    /// <returns>This builder, so that method calls can be chained.</returns>
    public PrestoDataSourceBuilder UseLoggerFactory(ILoggerFactory? loggerFactory)
    {
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>
    /// Sends requests through <paramref name="handler"/> instead of a handler the data source creates (a
    /// <c>SocketsHttpHandler</c> with decompression, DNS refresh and no automatic redirects). The handler should not follow
    /// redirects itself (<c>AllowAutoRedirect = false</c>): the client follows them so that credentials never leave the
    /// configured servers and a POST is never turned into a GET.
    /// </summary>
    /// <param name="handler">The handler (a <see cref="DelegatingHandler"/> chain is fine).</param>
    /// <param name="disposeHandler">Whether disposing the data source disposes the handler.</param>
    /// <returns>This builder, so that method calls can be chained.</returns>
    public PrestoDataSourceBuilder UseHttpMessageHandler(HttpMessageHandler handler, bool disposeHandler = false)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
        _disposeHandler = disposeHandler;
        _client = null;
        return this;
    }

    /// <summary>
    /// Sends requests through <paramref name="client"/> (for example one from <c>IHttpClientFactory</c>). Its
    /// <see cref="HttpClient.Timeout"/> bounds each request attempt and its default headers are added to every request; the
    /// data source never disposes it.
    /// </summary>
    /// <returns>This builder, so that method calls can be chained.</returns>
    public PrestoDataSourceBuilder UseHttpClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _handler = null;
        _disposeHandler = false;
        return this;
    }

    /// <summary>
    /// Configures failure classification and query resubmission (rules, delays, deadline, retry budget, read-ahead) for every
    /// connection of the data source. The number of submissions and the base delay are connection-string keys
    /// (<c>MaxQueryAttempts</c>, <c>RetryDelayMs</c>). See docs/retry.md.
    /// </summary>
    /// <returns>This builder, so that method calls can be chained.</returns>
    public PrestoDataSourceBuilder ConfigureRetry(Action<PrestoRetryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_retry);
        return this;
    }

    /// <summary>
    /// Configures routing across several clusters: names, weights, routing groups and rules, a custom strategy, health
    /// probes, the per-cluster circuit breaker and hedged reads. Clusters set here replace the connection string's
    /// <c>Server</c> list (credentials go to them only). See docs/routing.md.
    /// </summary>
    /// <returns>This builder, so that method calls can be chained.</returns>
    public PrestoDataSourceBuilder ConfigureRouting(Action<PrestoRoutingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_routing);
        return this;
    }

    /// <summary>Validates the connection string and creates the data source.</summary>
    /// <exception cref="ArgumentException">The connection string or a retry rule is invalid (the message names the keyword or rule, never a secret).</exception>
    public PrestoDataSource Build()
    {
        var connectionString = ConnectionStringBuilder.ConnectionString;
        var settings = new PrestoConnectionStringBuilder(connectionString).ToSettings();
        if (_routing.Clusters.Count > 0)
        {
            settings = settings with { Servers = PrestoConnectionStringBuilder.NormalizeServers(_routing.Clusters.Select(c => c.Uri)) };
            settings.CheckCredentialTransport();
        }

        var logger = (_loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Presto.Client");
        var retry = new QueryRetryPolicy(settings, _retry, logger);
        HttpMessageInvoker http;
        bool owns;
        if (_client is not null)
        {
            http = _client;
            owns = false;
        }
        else if (_handler is not null)
        {
            http = new HttpMessageInvoker(_handler, _disposeHandler);
            owns = true;
        }
        else
        {
            http = new HttpMessageInvoker(HttpClientCache.CreateHandler(), disposeHandler: true);
            owns = true;
        }

        return new PrestoDataSource(connectionString, settings, http, owns, _loggerFactory, retry, new PrestoRouter(settings, _routing, http, logger, stopWhenIdle: false));
    }
}
#endif
