using System;
using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Presto;

/// <summary>How a <see cref="PrestoClient"/> connects: the connection string and what a connection string cannot hold.</summary>
public sealed class PrestoClientOptions
{
    /// <summary>The connection string (servers, user, catalog, timeouts, <c>MaxQueryAttempts</c>, <c>RoutingStrategy</c>…; see docs/ado-net.md).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Logs through this factory (category <c>Presto.Client</c>); nothing is logged when it is <see langword="null"/>.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Sends requests through this client (for example one from <c>IHttpClientFactory</c>); the client is never disposed by
    /// Presto.Client. Its handler should not follow redirects (the client follows them itself, keeping credentials on the
    /// configured servers). <see langword="null"/>: a handler of its own (decompression, DNS refresh, no redirects).
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>
    /// Bearer tokens from a callback (a JWT from a secret store, a managed identity…), sent to the configured servers only,
    /// cached, and asked for once more when a server answers HTTP 401. Takes precedence over the connection string's
    /// <c>AccessToken</c> and <c>Password</c>; needs https unless <c>AllowInsecureCredentials=true</c>. OAuth2 client
    /// credentials, external authentication and TLS client certificates are on <c>PrestoDataSourceBuilder</c> (see
    /// docs/authentication.md).
    /// </summary>
    public Func<System.Threading.CancellationToken, System.Threading.Tasks.ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>Failure classification and query resubmission (see docs/retry.md).</summary>
    public PrestoRetryOptions Retry { get; } = new();

    /// <summary>Routing across several clusters (see docs/routing.md).</summary>
    public PrestoRoutingOptions Routing { get; } = new();

    /// <summary>
    /// Applies a configuration section: <c>ConnectionString</c>, <c>Retry</c> (see <see cref="PrestoRetryOptions.Bind"/>) and
    /// <c>Routing</c> (see <see cref="PrestoRoutingOptions.Bind"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A value cannot be read; the message names its configuration path.</exception>
    public PrestoClientOptions Bind(IConfiguration section)
    {
        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        if (section["ConnectionString"] is { Length: > 0 } connectionString)
        {
            ConnectionString = connectionString;
        }

        Retry.Bind(section.GetSection("Retry"));
        Routing.Bind(section.GetSection("Routing"));
        return this;
    }
}
