using System;
using System.Collections.Generic;
using Presto.Authentication;

namespace Presto.Protocol;

/// <summary>
/// Immutable, validated settings of a connection (parsed once from a connection string). Everything the
/// protocol layer needs to build requests; never logged as a whole because it holds credentials.
/// </summary>
internal sealed record ConnectionSettings
{
    private static readonly IReadOnlyDictionary<string, string> s_empty = new Dictionary<string, string>();

    /// <summary>Base URLs of the coordinators (scheme, host, port, optional path prefix), at least one, no user info.</summary>
    public IReadOnlyList<Uri> Servers { get; init; } = Array.Empty<Uri>();

    public string? User { get; init; }

    public string? Password { get; init; }

    public string? AccessToken { get; init; }

    /// <summary>Bearer tokens from a callback, an OAuth2 token endpoint or external authentication (data source builder); takes precedence over <see cref="AccessToken"/>.</summary>
    public TokenSource? TokenSource { get; init; }

    public string? Catalog { get; init; }

    public string? Schema { get; init; }

    /// <summary>SQL path (Trino): comma-separated <c>catalog.schema</c> entries.</summary>
    public string? Path { get; init; }

    /// <summary>Application name (<c>X-*-Source</c>).</summary>
    public string? Source { get; init; }

    public IReadOnlyList<string> ClientTags { get; init; } = Array.Empty<string>();

    public string? ClientInfo { get; init; }

    public string? TraceToken { get; init; }

    /// <summary>BCP-47 language tag.</summary>
    public string? Language { get; init; }

    /// <summary>Session time zone id sent as <c>X-*-Time-Zone</c>; <see langword="null"/> leaves the server default.</summary>
    public string? TimeZone { get; init; }

    /// <summary>trino-gateway routing group (<c>X-Trino-Routing-Group</c>).</summary>
    public string? RoutingGroup { get; init; }

    /// <summary>Initial session properties (<c>name</c> or <c>catalog.name</c> → value).</summary>
    public IReadOnlyDictionary<string, string> SessionProperties { get; init; } = s_empty;

    /// <summary>Roles per catalog (<c>system</c> for the system role) → <c>ROLE{x}</c>, <c>ALL</c> or <c>NONE</c> (a bare name is wrapped as <c>ROLE{name}</c>).</summary>
    public IReadOnlyDictionary<string, string> Roles { get; init; } = s_empty;

    /// <summary>Extra credentials passed to connectors (secrets: never logged).</summary>
    public IReadOnlyDictionary<string, string> ExtraCredentials { get; init; } = s_empty;

    /// <summary>Resource estimates: <c>EXECUTION_TIME</c>, <c>CPU_TIME</c>, <c>PEAK_MEMORY</c>.</summary>
    public IReadOnlyDictionary<string, string> ResourceEstimates { get; init; } = s_empty;

    public PrestoDialect Dialect { get; init; } = PrestoDialect.Auto;

    /// <summary>Whole-command limit; <see cref="TimeSpan.Zero"/> means none.</summary>
    public TimeSpan CommandTimeout { get; init; }

    /// <summary>Deadline of one protocol request (POST or one <c>nextUri</c> GET) across all its retry attempts.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Idle time after which a heartbeat keeps a slowly read query alive; <see cref="TimeSpan.Zero"/> disables it.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Total submissions of a failing query (1: no resubmission).</summary>
    public int MaxQueryAttempts { get; init; } = 3;

    /// <summary>Base delay between query submissions.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Statement text (never parameter values) may go to logs and spans.</summary>
    public bool LogSqlText { get; init; }

    /// <summary>How a statement picks one of several servers.</summary>
    public PrestoRoutingStrategy RoutingStrategy { get; init; }

    /// <summary>Time between health probes when there are several servers; <see cref="TimeSpan.Zero"/> turns them off.</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Spooling encodings offered to Trino, preferred first (<c>X-Trino-Query-Data-Encoding</c>); empty: spooling off.</summary>
    public IReadOnlyList<string> SpoolingEncodings { get; init; } = Array.Empty<string>();

    /// <summary>Spooled segments downloaded (or decoded, or waiting decoded) at once per statement.</summary>
    public int SpoolingMaxDownloads { get; init; } = 4;

    /// <summary>Allows credentials over plain <c>http://</c>.</summary>
    public bool AllowInsecureCredentials { get; init; }

    /// <summary>Largest response body (after decompression) read from a server.</summary>
    public int MaxResponseBytes { get; init; } = PageBuffer.MaxLength;

    /// <summary>Deepest JSON nesting accepted in a response (<c>MaxJsonDepth</c>).</summary>
    public int MaxJsonDepth { get; init; } = PageParser.DefaultMaxDepth;

    /// <summary>Whether any credential (password, token, extra credential) is configured.</summary>
    public bool HasCredentials => Password is not null || AccessToken is not null || TokenSource is not null || ExtraCredentials.Count > 0;

    /// <summary>Names the servers and user only: the record's generated text would print the password and tokens.</summary>
    public override string ToString() =>
        $"ConnectionSettings {{ Servers = {string.Join(", ", Servers)}, User = {User}, Credentials = {(HasCredentials ? "(redacted)" : "none")} }}";

    /// <summary>Refuses credentials over plain <c>http://</c> unless allowed.</summary>
    /// <exception cref="ArgumentException">A server uses http:// while credentials are configured.</exception>
    public void CheckCredentialTransport()
    {
        if (HasCredentials && !AllowInsecureCredentials)
        {
            foreach (var server in Servers)
            {
                if (server.Scheme != Uri.UriSchemeHttps)
                {
                    throw new ArgumentException(
                        (TokenSource is null ? "The connection string has credentials" : "A token source is configured") +
                        " but a server URL uses plain http://; use https:// or set 'AllowInsecureCredentials=true' for a trusted network.");
                }
            }
        }
    }
}
