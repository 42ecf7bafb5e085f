using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using Presto.Protocol;

namespace Presto;

/// <summary>
/// Builds and parses Presto.Client connection strings. Keywords are case-insensitive and have aliases
/// (<c>User Id</c> = <c>User</c>, <c>Application Name</c> = <c>Source</c>…); the builder always writes the
/// canonical keyword.
/// </summary>
public sealed class PrestoConnectionStringBuilder : DbConnectionStringBuilder
{
    private static readonly Dictionary<string, string> s_canonical = BuildKeywords();

    /// <summary>Creates an empty builder.</summary>
    public PrestoConnectionStringBuilder()
    {
    }

    /// <summary>Creates a builder holding <paramref name="connectionString"/>.</summary>
    public PrestoConnectionStringBuilder(string? connectionString) => ConnectionString = connectionString;

    /// <summary>
    /// One or more coordinator base URLs separated by commas, e.g. <c>https://trino.example.com</c>. A URL may
    /// carry a path prefix (behind a proxy); it must not carry a user name or password.
    /// </summary>
    [DisplayName("Server")]
    [Category("Connection")]
    [Description("One or more coordinator base URLs separated by commas (https://host:8443); a URL without a scheme gets http://.")]
    [DefaultValue((string?)null)]
    public string? Server { get => GetString("Server"); set => SetValue("Server", value); }

    /// <summary>The user the query runs as (<c>X-Trino-User</c> / <c>X-Presto-User</c>).</summary>
    [DisplayName("User")]
    [Category("Security")]
    [Description("The user the query runs as.")]
    [DefaultValue((string?)null)]
    public string? User { get => GetString("User"); set => SetValue("User", value); }

    /// <summary>Password for HTTP Basic authentication (requires https unless <see cref="AllowInsecureCredentials"/>).</summary>
    [DisplayName("Password")]
    [Category("Security")]
    [Description("HTTP Basic password (needs User; https unless AllowInsecureCredentials).")]
    [DefaultValue((string?)null)]
    [PasswordPropertyText(true)]
    public string? Password { get => GetString("Password"); set => SetValue("Password", value); }

    /// <summary>Bearer token (JWT, OAuth2 access token) sent as <c>Authorization: Bearer</c>.</summary>
    [DisplayName("AccessToken")]
    [Category("Security")]
    [Description("Bearer token (JWT, OAuth2 access token); not together with Password.")]
    [DefaultValue((string?)null)]
    [PasswordPropertyText(true)]
    public string? AccessToken { get => GetString("AccessToken"); set => SetValue("AccessToken", value); }

    /// <summary>Default catalog.</summary>
    [DisplayName("Catalog")]
    [Category("Session")]
    [Description("Default catalog.")]
    [DefaultValue((string?)null)]
    public string? Catalog { get => GetString("Catalog"); set => SetValue("Catalog", value); }

    /// <summary>Default schema (requires <see cref="Catalog"/>).</summary>
    [DisplayName("Schema")]
    [Category("Session")]
    [Description("Default schema (needs Catalog).")]
    [DefaultValue((string?)null)]
    public string? Schema { get => GetString("Schema"); set => SetValue("Schema", value); }

    /// <summary>Application name reported to the server (<c>X-Trino-Source</c>); used by resource-group selectors.</summary>
    /// <value>Default <c>Presto.Client</c>.</value>
    [DisplayName("Source")]
    [Category("Client")]
    [Description("Application name reported to the server; resource-group selectors match on it.")]
    [DefaultValue("Presto.Client")]
    public string? Source { get => GetString("Source") ?? "Presto.Client"; set => SetValue("Source", value); }

    /// <summary>Comma-separated client tags for resource-group selection.</summary>
    [DisplayName("ClientTags")]
    [Category("Client")]
    [Description("Comma-separated client tags for resource-group selection.")]
    [DefaultValue((string?)null)]
    public string? ClientTags { get => GetString("ClientTags"); set => SetValue("ClientTags", value); }

    /// <summary>Free text reported as client info.</summary>
    [DisplayName("ClientInfo")]
    [Category("Client")]
    [Description("Free text reported as client info.")]
    [DefaultValue((string?)null)]
    public string? ClientInfo { get => GetString("ClientInfo"); set => SetValue("ClientInfo", value); }

    /// <summary>Trace token that correlates server logs with this client.</summary>
    [DisplayName("TraceToken")]
    [Category("Client")]
    [Description("Trace token that correlates server logs with this client.")]
    [DefaultValue((string?)null)]
    public string? TraceToken { get => GetString("TraceToken"); set => SetValue("TraceToken", value); }

    /// <summary>Session time zone (<c>UTC</c>, <c>America/New_York</c>, <c>+05:30</c>). Unset leaves the server default.</summary>
    [DisplayName("TimeZone")]
    [Category("Session")]
    [Description("Session time zone (UTC, America/New_York, +05:30); unset leaves the server's zone.")]
    [DefaultValue((string?)null)]
    public string? TimeZone { get => GetString("TimeZone"); set => SetValue("TimeZone", value); }

    /// <summary>Session language (BCP-47 tag, e.g. <c>en-US</c>).</summary>
    [DisplayName("Language")]
    [Category("Session")]
    [Description("Session language (BCP-47 tag).")]
    [DefaultValue((string?)null)]
    public string? Language { get => GetString("Language"); set => SetValue("Language", value); }

    /// <summary>SQL path for function resolution (Trino): comma-separated <c>catalog.schema</c> entries.</summary>
    [DisplayName("Path")]
    [Category("Session")]
    [Description("Trino SQL path: comma-separated catalog.schema entries.")]
    [DefaultValue((string?)null)]
    public string? Path { get => GetString("Path"); set => SetValue("Path", value); }

    /// <summary>Initial session properties: comma-separated <c>name=value</c> pairs (values may be percent-encoded, e.g. <c>%2C</c> for a comma).</summary>
    [DisplayName("SessionProperties")]
    [Category("Session")]
    [Description("Initial session properties: comma-separated name=value pairs (percent-encoded values allowed).")]
    [DefaultValue((string?)null)]
    public string? SessionProperties { get => GetString("SessionProperties"); set => SetValue("SessionProperties", value); }

    /// <summary>Roles: comma-separated <c>catalog=role</c> pairs (<c>system</c> for the system role); a role is a name, <c>ALL</c> or <c>NONE</c>.</summary>
    [DisplayName("Roles")]
    [Category("Session")]
    [Description("Roles: comma-separated catalog=role pairs (system for the system role; ALL, NONE or a role name).")]
    [DefaultValue((string?)null)]
    public string? Roles { get => GetString("Roles"); set => SetValue("Roles", value); }

    /// <summary>Extra credentials passed to connectors: comma-separated <c>name=value</c> pairs (percent-encoded values allowed).</summary>
    [DisplayName("ExtraCredentials")]
    [Category("Security")]
    [Description("Extra credentials passed to connectors: comma-separated name=value pairs. Treated as a secret.")]
    [DefaultValue((string?)null)]
    [PasswordPropertyText(true)]
    public string? ExtraCredentials { get => GetString("ExtraCredentials"); set => SetValue("ExtraCredentials", value); }

    /// <summary>Resource estimates: comma-separated pairs such as <c>EXECUTION_TIME=1h,PEAK_MEMORY=10GB</c>.</summary>
    [DisplayName("ResourceEstimates")]
    [Category("Client")]
    [Description("Resource estimates: EXECUTION_TIME=1h,CPU_TIME=…,PEAK_MEMORY=10GB.")]
    [DefaultValue((string?)null)]
    public string? ResourceEstimates { get => GetString("ResourceEstimates"); set => SetValue("ResourceEstimates", value); }

    /// <summary>Routing group for trino-gateway (<c>X-Trino-Routing-Group</c>).</summary>
    [DisplayName("RoutingGroup")]
    [Category("Client")]
    [Description("Routing group for trino-gateway.")]
    [DefaultValue((string?)null)]
    public string? RoutingGroup { get => GetString("RoutingGroup"); set => SetValue("RoutingGroup", value); }

    /// <summary>Protocol dialect of the server.</summary>
    /// <value>Default <see cref="PrestoDialect.Auto"/> (probes <c>/v1/info</c> once per endpoint).</value>
    [DisplayName("Dialect")]
    [Category("Connection")]
    [Description("Protocol dialect: Trino, Presto or Auto (probes /v1/info once per endpoint).")]
    [DefaultValue(PrestoDialect.Auto)]
    public PrestoDialect Dialect
    {
        get => TryGetValue("Dialect", out var v) && v is not null ? ParseEnum(v.ToString()!) : PrestoDialect.Auto;
        set => SetValue("Dialect", value.ToString());
    }

    /// <summary>Default whole-command timeout in seconds for commands of this connection; 0 means none.</summary>
    /// <value>Default 0 (analytic queries often run for minutes; set a limit where one is wanted).</value>
    [DisplayName("CommandTimeout")]
    [Category("Timeouts")]
    [Description("Default whole-command timeout in seconds; 0 means none.")]
    [DefaultValue(0)]
    public int CommandTimeout { get => GetInt("CommandTimeout", 0); set => SetValue("CommandTimeout", value); }

    /// <summary>Deadline in seconds of one protocol request (the submission or one page) including its retries.</summary>
    /// <value>Default 120.</value>
    [DisplayName("RequestTimeout")]
    [Category("Timeouts")]
    [Description("Deadline in seconds of one protocol request (the submission or one page) including its retries.")]
    [DefaultValue(120)]
    public int RequestTimeout { get => GetInt("RequestTimeout", 120); set => SetValue("RequestTimeout", value); }

    /// <summary>Seconds of client inactivity after which a heartbeat keeps a slowly read query alive; 0 disables heartbeats.</summary>
    /// <value>Default 30.</value>
    [DisplayName("HeartbeatInterval")]
    [Category("Timeouts")]
    [Description("Seconds of idleness after which a heartbeat keeps a slowly read query alive; 0 disables it.")]
    [DefaultValue(30.0)]
    public double HeartbeatInterval { get => GetDouble("HeartbeatInterval", 30); set => SetValue("HeartbeatInterval", value); }

    /// <summary>
    /// Total submissions of a query that fails with an infrastructure error (the first one included); 1 turns resubmission
    /// off. A query is resubmitted only before any row reached the caller, only when it is read-only or provably never ran,
    /// and never inside a transaction (see docs/retry.md).
    /// </summary>
    /// <value>Default 3.</value>
    [DisplayName("MaxQueryAttempts")]
    [Category("Retry")]
    [Description("Total submissions of a query that fails with an infrastructure error (first included); 1 turns resubmission off.")]
    [DefaultValue(3)]
    public int MaxQueryAttempts { get => GetInt("MaxQueryAttempts", 3); set => SetValue("MaxQueryAttempts", value); }

    /// <summary>Base delay in milliseconds between query submissions; each retry rule waits a multiple of it (see docs/retry.md).</summary>
    /// <value>Default 1000.</value>
    [DisplayName("RetryDelayMs")]
    [Category("Retry")]
    [Description("Base delay in milliseconds between query submissions; each retry rule waits a multiple of it.")]
    [DefaultValue(1000)]
    public int RetryDelayMs { get => GetInt("RetryDelayMs", 1000); set => SetValue("RetryDelayMs", value); }

    /// <summary>How a query picks one of several <c>Server</c>s (see docs/routing.md).</summary>
    /// <value>Default <see cref="PrestoRoutingStrategy.Failover"/>: the first available server in the order given.</value>
    [DisplayName("RoutingStrategy")]
    [Category("Routing")]
    [Description("How a query picks one of several servers: Failover, RoundRobin, Weighted, LeastLoaded or Random.")]
    [DefaultValue(PrestoRoutingStrategy.Failover)]
    public PrestoRoutingStrategy RoutingStrategy
    {
        get => TryGetValue("RoutingStrategy", out var v) && v is not null ? ParseStrategy(v.ToString()!) : PrestoRoutingStrategy.Failover;
        set => SetValue("RoutingStrategy", value.ToString());
    }

    /// <summary>Seconds between health probes of the servers when there are several (randomised by ±20%); 0 turns probes off.</summary>
    /// <value>Default 10.</value>
    [DisplayName("HealthCheckInterval")]
    [Category("Routing")]
    [Description("Seconds between health probes of the servers when there are several; 0 turns them off.")]
    [DefaultValue(10.0)]
    public double HealthCheckInterval { get => GetDouble("HealthCheckInterval", 10); set => SetValue("HealthCheckInterval", value); }

    /// <summary>
    /// Puts statement text in logs (event 1301, Debug) and on tracing spans (<c>db.query.text</c>). Off by default: SQL can
    /// hold personal data. Parameter values are never included (a parameterized statement is shown with its <c>?</c> markers).
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    [DisplayName("LogSqlText")]
    [Category("Logging")]
    [Description("Puts statement text (never parameter values) in logs and tracing spans.")]
    [DefaultValue(false)]
    public bool LogSqlText { get => GetBool("LogSqlText"); set => SetValue("LogSqlText", value); }

    /// <summary>Allows sending a password or token over plain <c>http://</c>. Only for trusted networks and tests.</summary>
    /// <value>Default <see langword="false"/>.</value>
    [DisplayName("AllowInsecureCredentials")]
    [Category("Security")]
    [Description("Allows sending a password or token over plain http://. Only for trusted networks and tests.")]
    [DefaultValue(false)]
    public bool AllowInsecureCredentials { get => GetBool("AllowInsecureCredentials"); set => SetValue("AllowInsecureCredentials", value); }

    /// <summary>
    /// Trino spooling protocol (see docs/spooling.md): the segment encodings to offer, preferred first, comma-separated
    /// (<c>json+lz4</c>, <c>json</c>), or <c>auto</c> for every encoding this client decodes. Unset (the default) keeps the
    /// direct protocol. Ignored for PrestoDB.
    /// </summary>
    [DisplayName("SpoolingEncodings")]
    [Category("Spooling")]
    [Description("Trino spooling protocol: segment encodings to offer, preferred first (json+lz4, json), or auto; unset keeps the direct protocol.")]
    [DefaultValue((string?)null)]
    public string? SpoolingEncodings { get => GetString("SpoolingEncodings"); set => SetValue("SpoolingEncodings", value); }

    /// <summary>Spooled segments of one statement downloaded (or decoded, or waiting decoded) at once; bounds the memory a large result takes.</summary>
    /// <value>Default 4.</value>
    [DisplayName("SpoolingMaxDownloads")]
    [Category("Spooling")]
    [Description("Spooled segments of one statement downloaded or held decoded at once (bounds memory).")]
    [DefaultValue(4)]
    public int SpoolingMaxDownloads { get => GetInt("SpoolingMaxDownloads", 4); set => SetValue("SpoolingMaxDownloads", value); }

    /// <summary>
    /// Largest response body in bytes (after decompression) accepted from a server; a larger one fails the request with a
    /// <see cref="PrestoProtocolException"/> as soon as the limit is passed, without reading the rest. Guards against a broken
    /// or hostile server (a gzip bomb, an endless body). A page is at most a few MB (Trino's <c>targetResultSize</c>).
    /// </summary>
    /// <value>Default 536,870,912 (512 MB).</value>
    [DisplayName("MaxResponseBytes")]
    [Category("Security")]
    [Description("Largest response body in bytes (after decompression) accepted from a server; a larger one fails the request.")]
    [DefaultValue(PageBuffer.MaxLength)]
    public int MaxResponseBytes { get => GetInt("MaxResponseBytes", PageBuffer.MaxLength); set => SetValue("MaxResponseBytes", value); }

    /// <summary>
    /// Deepest JSON nesting accepted in a response (objects and arrays, the envelope included); a deeper one fails the
    /// request with a <see cref="PrestoProtocolException"/>. Bounds the parser's work on a broken or hostile server. Results
    /// of nested types (arrays of rows of maps…) need a few levels per level of type nesting.
    /// </summary>
    /// <value>Default 1024; between 16 and 4096.</value>
    [DisplayName("MaxJsonDepth")]
    [Category("Security")]
    [Description("Deepest JSON nesting accepted in a response; a deeper one fails the request.")]
    [DefaultValue(PageParser.DefaultMaxDepth)]
    public int MaxJsonDepth { get => GetInt("MaxJsonDepth", PageParser.DefaultMaxDepth); set => SetValue("MaxJsonDepth", value); }

    /// <summary>The connection string without <c>Password</c>, <c>AccessToken</c> and <c>ExtraCredentials</c> (use <see cref="DbConnectionStringBuilder.ConnectionString"/> for the full one).</summary>
    public override string ToString() => PrestoConnection.WithoutSecrets(ConnectionString);

    /// <inheritdoc />
    [AllowNull]
    public override object this[string keyword]
    {
        get => base[Canonical(keyword)];
        set
        {
            var key = Canonical(keyword);
            if (value is null)
            {
                Remove(key);
            }
            else
            {
                base[key] = value;
            }
        }
    }

    /// <inheritdoc />
    public override bool ContainsKey(string keyword) => s_canonical.TryGetValue(keyword, out var key) && base.ContainsKey(key);

    /// <inheritdoc />
    public override bool Remove(string keyword) => s_canonical.TryGetValue(keyword, out var key) && base.Remove(key);

    /// <inheritdoc />
    public override bool TryGetValue(string keyword, [MaybeNullWhen(false)] out object value)
    {
        if (s_canonical.TryGetValue(keyword, out var key))
        {
            return base.TryGetValue(key, out value!);
        }

        value = null!;
        return false;
    }

    /// <summary>Parses and validates everything; throws <see cref="ArgumentException"/> naming the bad keyword.</summary>
    /// <param name="clusters">
    /// The endpoints of the clusters configured in code (<c>PrestoDataSourceBuilder.ConfigureRouting</c>), which replace
    /// <c>Server</c>; the connection string then needs no <c>Server</c> at all.
    /// </param>
    internal ConnectionSettings ToSettings(IEnumerable<Uri>? clusters = null)
    {
        var servers = clusters is null ? ParseServers(Server) : NormalizeServers(clusters);
        var user = Empty(User);
        var password = Empty(Password);
        var token = Empty(AccessToken);
        if (password is not null && user is null)
        {
            throw new ArgumentException("The connection string sets 'Password' but no 'User'.");
        }

        if (password is not null && token is not null)
        {
            throw new ArgumentException("The connection string sets both 'Password' and 'AccessToken'; use one.");
        }

        var schema = Empty(Schema);
        var catalog = Empty(Catalog);
        if (schema is not null && catalog is null)
        {
            throw new ArgumentException("The connection string sets 'Schema' but no 'Catalog'.");
        }

        var settings = new ConnectionSettings
        {
            Servers = servers,
            User = user,
            Password = password,
            AccessToken = token,
            Catalog = catalog,
            Schema = schema,
            Path = Empty(Path),
            Source = Empty(Source) ?? "Presto.Client",
            ClientTags = SplitList(ClientTags),
            ClientInfo = Empty(ClientInfo),
            TraceToken = Empty(TraceToken),
            Language = Empty(Language),
            TimeZone = Empty(TimeZone),
            RoutingGroup = Empty(RoutingGroup),
            SessionProperties = ParsePairs(SessionProperties, "SessionProperties"),
            Roles = ParsePairs(Roles, "Roles"),
            ExtraCredentials = ParsePairs(ExtraCredentials, "ExtraCredentials"),
            ResourceEstimates = ParsePairs(ResourceEstimates, "ResourceEstimates"),
            Dialect = Dialect,
            CommandTimeout = Seconds(CommandTimeout, "CommandTimeout", allowZero: true),
            RequestTimeout = Seconds(RequestTimeout, "RequestTimeout", allowZero: false),
            HeartbeatInterval = HeartbeatInterval >= 0 && !double.IsNaN(HeartbeatInterval) && HeartbeatInterval < int.MaxValue
                ? TimeSpan.FromSeconds(HeartbeatInterval)
                : throw new ArgumentException("'HeartbeatInterval' must be a number of seconds, 0 or more."),
            AllowInsecureCredentials = AllowInsecureCredentials,
            MaxResponseBytes = MaxResponseBytes is >= 1024 and <= PageBuffer.MaxLength
                ? MaxResponseBytes
                : throw new ArgumentException("'MaxResponseBytes' must be between 1024 and 536870912 (512 MB)."),
            MaxJsonDepth = MaxJsonDepth is >= 16 and <= 4096
                ? MaxJsonDepth
                : throw new ArgumentException("'MaxJsonDepth' must be between 16 and 4096."),
            MaxQueryAttempts = MaxQueryAttempts is >= 1 and <= 100
                ? MaxQueryAttempts
                : throw new ArgumentException("'MaxQueryAttempts' must be between 1 (no resubmission) and 100."),
            RetryDelay = RetryDelayMs >= 0
                ? TimeSpan.FromMilliseconds(RetryDelayMs)
                : throw new ArgumentException("'RetryDelayMs' must be a number of milliseconds, 0 or more."),
            RoutingStrategy = RoutingStrategy,
            LogSqlText = LogSqlText,
            HealthCheckInterval = HealthCheckInterval >= 0 && !double.IsNaN(HealthCheckInterval) && HealthCheckInterval < int.MaxValue
                ? TimeSpan.FromSeconds(HealthCheckInterval)
                : throw new ArgumentException("'HealthCheckInterval' must be a number of seconds, 0 or more."),
            SpoolingEncodings = Spooling.SegmentCodecs.Parse(SpoolingEncodings, "'SpoolingEncodings'"),
            SpoolingMaxDownloads = SpoolingMaxDownloads is >= 1 and <= 64
                ? SpoolingMaxDownloads
                : throw new ArgumentException("'SpoolingMaxDownloads' must be between 1 and 64."),
        };
        settings.CheckCredentialTransport();
        return settings;
    }

    /// <summary>The server list syntax of <c>Server</c>: comma-separated http(s) URLs, normalised (no user info, trailing slash).</summary>
    internal static IReadOnlyList<Uri> NormalizeServers(IEnumerable<Uri> servers) => ParseServers(string.Join(",", servers.Select(s => s.OriginalString)));

    private static IReadOnlyList<Uri> ParseServers(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("The connection string must set 'Server' (one or more base URLs separated by commas).");
        }

        var servers = new List<Uri>();
        foreach (var part in text!.Split(','))
        {
            var item = part.Trim();
            if (item.Length == 0)
            {
                continue;
            }

            if (!item.Contains("://"))
            {
                item = "http://" + item;
            }

            if (!Uri.TryCreate(item, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"'Server' entry '{part.Trim()}' is not an http:// or https:// URL.");
            }

            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new ArgumentException("A 'Server' URL must not contain a user name or password; use the 'User' and 'Password' keywords.");
            }

            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw new ArgumentException($"'Server' entry '{uri.GetLeftPart(UriPartial.Path)}' must not have a query string or fragment.");
            }

            servers.Add(new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"));
        }

        if (servers.Count == 0)
        {
            throw new ArgumentException("The connection string must set 'Server' (one or more base URLs separated by commas).");
        }

        return servers;
    }

    private static IReadOnlyList<string> SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Array.Empty<string>() : text!.Split(',').Select(t => t.Trim()).Where(t => t.Length > 0).ToArray();

    private static IReadOnlyDictionary<string, string> ParsePairs(string? text, string keyword)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        foreach (var part in text!.Split(','))
        {
            if (part.Trim().Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                throw new ArgumentException($"'{keyword}' must be comma-separated name=value pairs; an entry has no name or no '='.");
            }

            var name = part.Substring(0, eq).Trim();
            string value;
            try
            {
                value = Uri.UnescapeDataString(part.Substring(eq + 1).Trim());
            }
            catch (UriFormatException)
            {
                throw new ArgumentException($"'{keyword}' entry '{name}' has an invalid percent-encoded value.");
            }

            result[name] = value;
        }

        return result;
    }

    private static TimeSpan Seconds(int value, string keyword, bool allowZero)
    {
        if (value < 0 || (!allowZero && value == 0))
        {
            throw new ArgumentException($"'{keyword}' must be a number of seconds{(allowZero ? ", 0 or more" : " greater than 0")}.");
        }

        return TimeSpan.FromSeconds(value);
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    private static string Canonical(string keyword)
    {
        if (keyword is null)
        {
            throw new ArgumentNullException(nameof(keyword));
        }

        return s_canonical.TryGetValue(keyword, out var key)
            ? key
            : throw new ArgumentException($"'{keyword}' is not a Presto.Client connection string keyword.", nameof(keyword));
    }

    private string? GetString(string key) => TryGetValue(key, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    private int GetInt(string key, int fallback)
    {
        if (!TryGetValue(key, out var value) || value is null)
        {
            return fallback;
        }

        return value is int i ? i : int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ArgumentException($"'{key}' must be a whole number.");
    }

    private double GetDouble(string key, double fallback)
    {
        if (!TryGetValue(key, out var value) || value is null)
        {
            return fallback;
        }

        return value is double d ? d : double.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ArgumentException($"'{key}' must be a number.");
    }

    private bool GetBool(string key)
    {
        if (!TryGetValue(key, out var value) || value is null)
        {
            return false;
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture)!.Trim();
        return text.ToUpperInvariant() switch
        {
            "TRUE" or "YES" or "1" or "ON" => true,
            "FALSE" or "NO" or "0" or "OFF" or "" => false,
            _ => throw new ArgumentException($"'{key}' must be true or false."),
        };
    }

    private static PrestoRoutingStrategy ParseStrategy(string text) =>
        Enum.TryParse<PrestoRoutingStrategy>(text.Trim(), ignoreCase: true, out var strategy) && Enum.IsDefined(typeof(PrestoRoutingStrategy), strategy)
            ? strategy
            : throw new ArgumentException($"'RoutingStrategy' must be Failover, RoundRobin, Weighted, LeastLoaded or Random, not '{text}'.");

    private static PrestoDialect ParseEnum(string text) =>
        Enum.TryParse<PrestoDialect>(text.Trim(), ignoreCase: true, out var dialect) && Enum.IsDefined(typeof(PrestoDialect), dialect)
            ? dialect
            : throw new ArgumentException($"'Dialect' must be Auto, Trino or Presto, not '{text}'.");

    private void SetValue(string key, object? value) => this[key] = value!;

    private static Dictionary<string, string> BuildKeywords()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Add(string canonical, params string[] aliases)
        {
            map[canonical] = canonical;
            foreach (var alias in aliases)
            {
                map[alias] = canonical;
            }
        }

        Add("Server", "Servers", "Host", "Url", "Data Source", "DataSource", "Endpoint", "Endpoints");
        Add("User", "User Id", "UserId", "Username", "User Name", "Uid");
        Add("Password", "Pwd");
        Add("AccessToken", "Access Token", "Token");
        Add("Catalog", "Database", "Initial Catalog");
        Add("Schema");
        Add("Source", "Application Name", "ApplicationName");
        Add("ClientTags", "Client Tags");
        Add("ClientInfo", "Client Info");
        Add("TraceToken", "Trace Token");
        Add("TimeZone", "Time Zone");
        Add("Language");
        Add("Path");
        Add("SessionProperties", "Session Properties", "Session");
        Add("Roles", "Role");
        Add("ExtraCredentials", "Extra Credentials", "ExtraCredential");
        Add("ResourceEstimates", "Resource Estimates");
        Add("RoutingGroup", "Routing Group");
        Add("Dialect");
        Add("CommandTimeout", "Command Timeout", "Default Command Timeout");
        Add("RequestTimeout", "Request Timeout");
        Add("HeartbeatInterval", "Heartbeat Interval");
        Add("AllowInsecureCredentials", "Allow Insecure Credentials");
        Add("MaxQueryAttempts", "Max Query Attempts");
        Add("RoutingStrategy", "Routing Strategy");
        Add("LogSqlText", "Log Sql Text");
        Add("HealthCheckInterval", "Health Check Interval");
        Add("RetryDelayMs", "Retry Delay Ms", "RetryDelay");
        Add("SpoolingEncodings", "Spooling Encodings", "Encoding");
        Add("SpoolingMaxDownloads", "Spooling Max Downloads");
        Add("MaxResponseBytes", "Max Response Bytes");
        Add("MaxJsonDepth", "Max Json Depth");
        return map;
    }
}
