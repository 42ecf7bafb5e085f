#if NET7_0_OR_GREATER
using System;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Presto.Authentication;
using Presto.Protocol;

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
    private Func<HttpMessageInvoker, bool, TokenSource>? _tokenSource;
    private X509Certificate2? _clientCertificate;
    private Func<X509Certificate2, X509Chain?, SslPolicyErrors, bool>? _serverCertificateValidation;
    private ICredentials? _negotiateCredentials;

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
    /// <c>Server</c> list, which may then be left out (credentials go to them only). See docs/routing.md.
    /// </summary>
    /// <returns>This builder, so that method calls can be chained.</returns>
    public PrestoDataSourceBuilder ConfigureRouting(Action<PrestoRoutingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_routing);
        return this;
    }

    /// <summary>
    /// Authenticates with bearer tokens from <paramref name="tokenProvider"/> (a JWT from a secret store, a managed identity…),
    /// sent to the configured servers only. The first token is asked for before the first request and cached; when a server
    /// answers HTTP 401 the provider is asked once more and the request sent again (a second 401 fails with
    /// <see cref="PrestoAuthenticationException"/>). Replaces <see cref="UseOAuth2ClientCredentials"/> and
    /// <see cref="UseExternalAuthentication"/>, and takes precedence over the connection string's <c>AccessToken</c> and
    /// <c>Password</c>. Needs https unless <c>AllowInsecureCredentials=true</c>. See docs/authentication.md.
    /// </summary>
    /// <param name="tokenProvider">Returns a token (without the <c>Bearer</c> prefix); called on a pool thread, possibly from synchronous calls.</param>
    /// <returns>This builder, so that method calls can be chained.</returns>
    public PrestoDataSourceBuilder UseTokenProvider(Func<CancellationToken, ValueTask<string>> tokenProvider)
    {
        ArgumentNullException.ThrowIfNull(tokenProvider);
        _tokenSource = (_, _) => new CallbackTokenSource(tokenProvider);
        return this;
    }

    /// <summary>
    /// Authenticates with the OAuth2 client-credentials grant: the client id and secret go (HTTP Basic, RFC 6749 §2.3.1) to
    /// <paramref name="tokenEndpoint"/> only, with <c>grant_type=client_credentials</c> and the scope; the access token goes to
    /// the configured servers only. The token is cached until shortly before its <c>expires_in</c> (the smaller of 30 s and a
    /// tenth of its lifetime) and fetched again once when a server answers HTTP 401. Replaces <see cref="UseTokenProvider"/>
    /// and <see cref="UseExternalAuthentication"/>. See docs/authentication.md.
    /// </summary>
    /// <param name="tokenEndpoint">The token endpoint, https (http only with <c>AllowInsecureCredentials=true</c>), without user info.</param>
    /// <param name="clientId">The client id.</param>
    /// <param name="clientSecret">The client secret (never logged or put in exception messages).</param>
    /// <param name="scope">Space-separated scopes to ask for, or <see langword="null"/>.</param>
    /// <returns>This builder, so that method calls can be chained.</returns>
    public PrestoDataSourceBuilder UseOAuth2ClientCredentials(Uri tokenEndpoint, string clientId, string clientSecret, string? scope = null)
    {
        ArgumentNullException.ThrowIfNull(tokenEndpoint);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        if (!tokenEndpoint.IsAbsoluteUri || (tokenEndpoint.Scheme != Uri.UriSchemeHttps && tokenEndpoint.Scheme != Uri.UriSchemeHttp) || tokenEndpoint.UserInfo.Length > 0)
        {
            throw new ArgumentException("The token endpoint must be an absolute http(s) URL without user info.", nameof(tokenEndpoint));
        }

        _tokenSource = (http, allowInsecure) =>
        {
            if (tokenEndpoint.Scheme != Uri.UriSchemeHttps && !allowInsecure)
            {
                throw new ArgumentException(
                    "The OAuth2 token endpoint uses plain http://, which would expose the client secret; use https:// or set 'AllowInsecureCredentials=true' for a trusted network.");
            }

            return new ClientCredentialsTokenSource(http, tokenEndpoint, clientId, clientSecret, scope);
        };
        return this;
    }

    /// <summary>
    /// Authenticates with Trino's OAuth2 external authentication (<c>http-server.authentication.oauth2</c> with a browser
    /// login): when a server answers HTTP 401 with <c>WWW-Authenticate: Bearer x_redirect_server="…", x_token_server="…"</c>,
    /// <paramref name="redirectHandler"/> gets the redirect URL (open it in a browser, or show it to the user), then the token
    /// server is polled until it hands out a token (or reports an error, or <paramref name="timeout"/> passes). The token is
    /// cached for every connection of the data source and the request sent again; a later 401 starts a new login once.
    /// Replaces <see cref="UseTokenProvider"/> and <see cref="UseOAuth2ClientCredentials"/>. See docs/authentication.md.
    /// </summary>
    /// <param name="redirectHandler">Shows the login page; may return before the login completes.</param>
    /// <param name="timeout">How long a login may take, from the challenge to the token; default 5 minutes. Not counted in the request timeout.</param>
    /// <returns>This builder, so that method calls can be chained.</returns>
    public PrestoDataSourceBuilder UseExternalAuthentication(Func<Uri, CancellationToken, Task> redirectHandler, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(redirectHandler);
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(timeout));
        _tokenSource = (http, allowInsecure) => new ExternalAuthTokenSource(http, redirectHandler, limit, allowInsecure);
        return this;
    }

    /// <summary>
    /// Presents <paramref name="certificate"/> (with its private key) as the TLS client certificate (mutual TLS). Applies to
    /// the handler the data source creates, so it cannot be combined with <see cref="UseHttpMessageHandler"/> or
    /// <see cref="UseHttpClient"/> (configure the certificate on that handler instead).
    /// </summary>
    /// <returns>This builder, so that method calls can be chained.</returns>
    public PrestoDataSourceBuilder UseClientCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _clientCertificate = certificate;
        return this;
    }

    /// <summary>
    /// Decides whether to trust a server's TLS certificate (for example a certificate pinned by thumbprint, or a private CA);
    /// without it, the platform's validation applies. Return <see langword="true"/> to accept. The errors the platform found
    /// are passed in, so <c>(cert, chain, errors) =&gt; errors == SslPolicyErrors.None || …</c> keeps the default checks.
    /// Applies to the handler the data source creates (not with <see cref="UseHttpMessageHandler"/> or <see cref="UseHttpClient"/>).
    /// </summary>
    /// <returns>This builder, so that method calls can be chained.</returns>
    public PrestoDataSourceBuilder UseServerCertificateValidation(Func<X509Certificate2, X509Chain?, SslPolicyErrors, bool> validate)
    {
        ArgumentNullException.ThrowIfNull(validate);
        _serverCertificateValidation = validate;
        return this;
    }

    /// <summary>
    /// Answers <c>WWW-Authenticate: Negotiate</c> challenges (Kerberos/SPNEGO, <c>http-server.authentication.type=KERBEROS</c>)
    /// through the platform's Negotiate support, with <paramref name="credentials"/> or, by default, the credentials of the
    /// logged-on user (<see cref="CredentialCache.DefaultCredentials"/>: the Kerberos ticket cache on Linux and macOS, the
    /// Windows logon session). Applies to the handler the data source creates (not with <see cref="UseHttpMessageHandler"/>
    /// or <see cref="UseHttpClient"/>).
    /// </summary>
    /// <returns>This builder, so that method calls can be chained.</returns>
    public PrestoDataSourceBuilder UseKerberos(ICredentials? credentials = null)
    {
        _negotiateCredentials = credentials ?? CredentialCache.DefaultCredentials;
        return this;
    }

    /// <summary>Validates the connection string and creates the data source.</summary>
    /// <exception cref="ArgumentException">The connection string or a retry rule is invalid (the message names the keyword or rule, never a secret).</exception>
    /// <exception cref="InvalidOperationException">TLS or Kerberos options were set together with a caller-supplied handler or client.</exception>
    public PrestoDataSource Build() => new(new ClientEngine(EngineOptions()));

    /// <summary>What this builder configures, for the composition root shared with <see cref="PrestoClient"/>.</summary>
    internal EngineOptions EngineOptions()
    {
        if ((_client is not null || _handler is not null) && (_clientCertificate is not null || _serverCertificateValidation is not null || _negotiateCredentials is not null))
        {
            throw new InvalidOperationException(
                "UseClientCertificate, UseServerCertificateValidation and UseKerberos configure the handler the data source creates; with UseHttpMessageHandler or UseHttpClient, configure that handler instead.");
        }

        return new EngineOptions(ConnectionStringBuilder.ConnectionString, _retry, _routing)
        {
            LoggerFactory = _loggerFactory,
            Http = _client ?? (_handler is null ? null : new HttpMessageInvoker(_handler, _disposeHandler)),
            OwnsHttp = _client is null,
            CreateHandler = CreateHandler,
            TokenSource = _tokenSource,
        };
    }

    /// <summary>The handler a data source creates, with the TLS and Kerberos options applied.</summary>
    internal SocketsHttpHandler CreateHandler()
    {
        var handler = HttpClientCache.CreateHandler();
        if (_clientCertificate is { } certificate)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { certificate };
        }

        if (_serverCertificateValidation is { } validate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                certificate is not null && validate(certificate as X509Certificate2 ?? new X509Certificate2(certificate), chain, errors);
        }

        if (_negotiateCredentials is { } credentials)
        {
            handler.Credentials = credentials;
        }

        return handler;
    }
}
#endif
