using System;

namespace Presto.Testing;

/// <summary>Settings of a <see cref="PrestoTestServer"/>. Every property has a default that imitates a real coordinator.</summary>
public sealed class PrestoTestServerOptions
{
    /// <summary>Which coordinator to imitate.</summary>
    /// <value>Default <see cref="ServerDialect.Trino"/>.</value>
    public ServerDialect Dialect { get; set; } = ServerDialect.Trino;

    /// <summary>TCP port on 127.0.0.1; 0 lets the operating system choose a free one.</summary>
    /// <value>Default 0.</value>
    public int Port { get; set; }

    /// <summary>Approximate JSON size of the rows in one response; a page closes once it reaches this size (so it can overshoot by one row).</summary>
    /// <value>Default 1,000,000 bytes, like Trino's <c>TARGET_RESULT_SIZE</c>.</value>
    public int TargetResultSizeBytes { get; set; } = 1_000_000;

    /// <summary>How long a query may go without a request before it fails with <c>ABANDONED_QUERY</c>.</summary>
    /// <value>Default 5 minutes, like <c>query.client.timeout</c>.</value>
    public TimeSpan AbandonedQueryTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a finished or failed query stays listed (and its last response retrievable) after its last request.</summary>
    /// <value>Default 15 minutes, like Trino's <c>query.min-expire-age</c>.</value>
    public TimeSpan QueryRetention { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many polls a query stays <c>QUEUED</c> after the first <c>GET</c> before it is dispatched.</summary>
    /// <value>Default 0: dispatched on the first poll, as an idle cluster does.</value>
    public int QueuedPolls { get; set; }

    /// <summary>Splits reported for a query in its statistics (progress is reported as the share of completed splits).</summary>
    /// <value>Default 16.</value>
    public int SplitsPerQuery { get; set; } = 16;

    /// <summary>Version reported by <c>/v1/info</c>; <see langword="null"/> picks <c>480</c> for Trino and <c>0.300</c> for PrestoDB.</summary>
    public string? NodeVersion { get; set; }

    /// <summary>Environment name reported by <c>/v1/info</c>.</summary>
    /// <value>Default <c>test</c>.</value>
    public string Environment { get; set; } = "test";

    /// <summary>
    /// Trino only: the <c>protocol.v1.alternate-header-name</c> setting. When <c>Presto</c>, the server also accepts
    /// <c>X-Presto-*</c> request headers (answering with the same prefix) and rejects requests that mix both prefixes.
    /// </summary>
    /// <value>Default <see langword="null"/>: <c>X-Presto-*</c> headers are ignored by a Trino server.</value>
    public string? AlternateHeaderName { get; set; }

    /// <summary>Seed of the random source used by probabilistic faults, so a fault schedule can be replayed.</summary>
    /// <value>Default 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Whether every request is recorded in <see cref="PrestoTestServer.Requests"/>.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool RecordRequests { get; set; } = true;

    /// <summary>
    /// Whether the statement resources (<c>/v1/statement</c> and below) require <c>Authorization: Bearer</c> with a token this
    /// server issued (<see cref="PrestoTestServer.IssueAccessToken"/>, the token endpoint or external authentication); other
    /// requests answer HTTP 401 with a <c>WWW-Authenticate: Bearer</c> challenge.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool RequireBearerToken { get; set; }

    /// <summary>
    /// The client id accepted by the OAuth2 token endpoint <c>POST /oauth2/token</c> (<c>grant_type=client_credentials</c>,
    /// client id and secret in HTTP Basic or in the form); <see langword="null"/> disables the endpoint.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? OAuth2ClientId { get; set; }

    /// <summary>The client secret accepted by the token endpoint (see <see cref="OAuth2ClientId"/>).</summary>
    public string? OAuth2ClientSecret { get; set; }

    /// <summary>The <c>expires_in</c> the token endpoint reports (tokens stay valid until <see cref="PrestoTestServer.RevokeAccessTokens"/>).</summary>
    /// <value>Default 1 hour.</value>
    public TimeSpan OAuth2TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Trino's OAuth2 external authentication: with <see cref="RequireBearerToken"/>, a 401 carries
    /// <c>WWW-Authenticate: Bearer x_redirect_server="…", x_token_server="…"</c>; a <c>GET</c> of the redirect URL (the
    /// "browser" logging in) completes the flow, and the token server answers <c>{"nextUri": …}</c> until then and
    /// <c>{"token": …}</c> afterwards.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool ExternalAuthentication { get; set; }

    /// <summary>When set, the external-authentication token server answers <c>{"error": …}</c> with this text instead of a token.</summary>
    public string? ExternalAuthenticationError { get; set; }

    /// <summary>Whether the server listens on <c>https://</c> with a self-signed certificate for 127.0.0.1 (<see cref="PrestoTestServer.Certificate"/>).</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool UseHttps { get; set; }

    /// <summary>With <see cref="UseHttps"/>: whether the TLS handshake requires a client certificate (any certificate is accepted).</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool RequireClientCertificate { get; set; }

    /// <summary>
    /// Whether responses are compressed (brotli or gzip, whichever the request's <c>Accept-Encoding</c> prefers; fastest level)
    /// like a coordinator behind a compressing proxy, so that clients' decompression can be tested and measured.
    /// </summary>
    /// <value>
    /// Default <see langword="false"/>: only what the server compresses itself, as Trino does (JSON bodies over 1 KiB, gzip,
    /// when the request accepts it); brotli and the other responses are sent uncompressed.
    /// </value>
    public bool ResponseCompression { get; set; }

    /// <summary>
    /// Trino only: the spooling protocol (see <see cref="SpoolingOptions"/>) for clients that ask for it with
    /// <c>X-Trino-Query-Data-Encoding</c>; <see langword="null"/> serves every result with the direct protocol.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public SpoolingOptions? Spooling { get; set; }

    internal PrestoTestServerOptions Clone() => (PrestoTestServerOptions)MemberwiseClone();
}
