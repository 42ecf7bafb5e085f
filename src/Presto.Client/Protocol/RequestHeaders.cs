using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace Presto.Protocol;

/// <summary>
/// Builds the session headers of a submission (PROTOCOL.md §4.2) with the dialect's prefix (<c>X-Trino-</c> or
/// <c>X-Presto-</c>). <c>name=value</c> headers carry percent-encoded values (§4.1); raw headers are checked to hold
/// only printable ASCII, so nothing is rejected later by the HTTP stack (where it would look like a network failure).
/// </summary>
internal static class RequestHeaders
{
    /// <summary>Capabilities a Trino client declares (what this client decodes): SQL path, parametric date-time precision, session authorization.</summary>
    public const string TrinoCapabilities = "PATH,PARAMETRIC_DATETIME,SESSION_AUTHORIZATION";

    /// <summary>User sent to PrestoDB when the connection names none and the operating system user is unusable.</summary>
    public const string FallbackUser = "presto-client";

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Prefix(ProtocolDialect dialect) => dialect == ProtocolDialect.Presto ? "X-Presto-" : "X-Trino-";

    /// <summary>Adds every session header of a submission; <paramref name="options"/> override the session per statement.</summary>
    /// <exception cref="ArgumentException">A name or value that cannot be sent (see the message; values are never quoted in it).</exception>
    public static void AddSubmissionHeaders(HttpRequestMessage message, ProtocolDialect dialect, ConnectionSettings settings, ClientSession session, StatementOptions? options)
    {
        var headers = message.Headers;
        string p = Prefix(dialect);
        bool trino = dialect == ProtocolDialect.Trino;

        // User: the authorization user after SET SESSION AUTHORIZATION (Trino), else the login user. PrestoDB rejects a
        // request without one, so like the Presto CLI we fall back to the operating system user; Trino may take the user
        // from the authenticated principal (token, certificate), so nothing is invented there.
        string? login = settings.User;
        string? user = session.AuthorizationUser ?? login;
        if (user is null && !trino)
        {
            user = DefaultUser();
        }

        AddRaw(headers, p + "User", user);
        if (trino)
        {
            if (session.AuthorizationUser is not null)
            {
                AddRaw(headers, p + "Original-User", login);
            }

            foreach (var role in session.OriginalRoles)
            {
                AddRaw(headers, p + "Original-Roles", role);
            }
        }

        AddRaw(headers, p + "Source", settings.Source);
        AddRaw(headers, p + "Catalog", session.Catalog);
        AddRaw(headers, p + "Schema", session.Schema);
        if (trino)
        {
            AddRaw(headers, p + "Path", session.Path);
        }

        AddRaw(headers, p + "Time-Zone", settings.TimeZone);
        AddRaw(headers, p + "Language", settings.Language);
        AddRaw(headers, p + "Trace-Token", options?.TraceToken ?? settings.TraceToken);
        AddRaw(headers, p + "Client-Info", options?.ClientInfo ?? settings.ClientInfo);

        var tags = options?.ClientTags ?? settings.ClientTags;
        if (tags.Count > 0)
        {
            foreach (var tag in tags)
            {
                if (string.IsNullOrWhiteSpace(tag) || tag.IndexOf(',') >= 0)
                {
                    throw new ArgumentException("A client tag must not be empty or contain ',' (tags are sent comma-separated in one header).");
                }
            }

            AddRaw(headers, p + "Client-Tags", string.Join(",", tags));
        }

        if (trino)
        {
            AddRaw(headers, p + "Client-Capabilities", TrinoCapabilities);
        }

        // Per-statement session properties override the connection's.
        var properties = Merge(session.Properties, options?.SessionProperties);
        foreach (var pair in properties)
        {
            AddPair(headers, p + "Session", "session property", pair.Key, pair.Value, encodeName: false);
        }

        foreach (var pair in session.Roles)
        {
            AddPair(headers, p + "Role", "role catalog", pair.Key, NormalizeRole(pair.Value), encodeName: false);
        }

        var statement = options?.PreparedStatement;
        foreach (var pair in session.PreparedStatements)
        {
            if (statement is null || !string.Equals(pair.Key, statement.Value.Key, StringComparison.Ordinal))
            {
                AddPair(headers, p + "Prepared-Statement", "prepared statement", pair.Key, pair.Value, encodeName: true);
            }
        }

        if (statement is { } own)
        {
            AddPair(headers, p + "Prepared-Statement", "prepared statement", own.Key, own.Value, encodeName: true);
        }

        // Always sent: its presence (even NONE) tells the server the client supports transactions (START TRANSACTION
        // fails with INCOMPATIBLE_CLIENT without it).
        AddRaw(headers, p + "Transaction-Id", session.TransactionId ?? "NONE");

        foreach (var pair in settings.ExtraCredentials)
        {
            AddPair(headers, p + "Extra-Credential", "extra credential", pair.Key, pair.Value, encodeName: false);
        }

        foreach (var pair in Merge(settings.ResourceEstimates, options?.ResourceEstimates))
        {
            AddPair(headers, p + "Resource-Estimate", "resource estimate", pair.Key, pair.Value, encodeName: false);
        }

        // trino-gateway reads X-Trino-Routing-Group; the legacy presto-gateway read X-Presto-Routing-Group. Using the
        // dialect's prefix keeps a request to one prefix (a Trino server with alternate header names rejects a mix).
        AddRaw(headers, p + "Routing-Group", options?.RoutingGroup ?? settings.RoutingGroup);
    }

    /// <summary>
    /// RFC 3986 percent-encoding of the UTF-8 bytes of <paramref name="value"/>: everything but <c>A-Z a-z 0-9 - . _ ~</c>
    /// becomes <c>%XX</c> (what <see cref="Uri.EscapeDataString(string)"/> does on .NET Core, without its length limit on
    /// .NET Framework). Java's <c>URLDecoder</c> on the server decodes it exactly.
    /// </summary>
    /// <exception cref="ArgumentException">The value holds an unpaired surrogate.</exception>
    public static string Encode(string value)
    {
        int i = 0;
        while (i < value.Length && IsUnreserved(value[i]))
        {
            i++;
        }

        if (i == value.Length)
        {
            return value;
        }

        byte[] bytes;
        try
        {
            bytes = s_strictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("A header value holds an invalid UTF-16 sequence (unpaired surrogate).", ex);
        }

        const string hex = "0123456789ABCDEF";
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (byte b in bytes)
        {
            if (b < 0x80 && IsUnreserved((char)b))
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(hex[b >> 4]).Append(hex[b & 0xF]);
            }
        }

        return sb.ToString();
    }

    /// <summary>Wraps a bare role name as <c>ROLE{name}</c>; <c>ALL</c>, <c>NONE</c> and <c>ROLE{…}</c> pass unchanged.</summary>
    public static string NormalizeRole(string role)
    {
        var trimmed = role.Trim();
        if (trimmed.Equals("ALL", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("NONE", StringComparison.OrdinalIgnoreCase))
        {
            return trimmed.ToUpperInvariant();
        }

        if (trimmed.StartsWith("ROLE{", StringComparison.OrdinalIgnoreCase) && trimmed.EndsWith("}", StringComparison.Ordinal))
        {
            return "ROLE{" + trimmed.Substring(5);
        }

        return "ROLE{" + trimmed + "}";
    }

    /// <summary>The user sent to PrestoDB when none is configured: the operating system user, or <see cref="FallbackUser"/>.</summary>
    public static string DefaultUser()
    {
        string? name;
        try
        {
            name = Environment.UserName;
        }
        catch (Exception ex) when (ex is InvalidOperationException or PlatformNotSupportedException)
        {
            name = null;
        }

        return !string.IsNullOrWhiteSpace(name) && IsPrintableAscii(name!) ? name!.Trim() : FallbackUser;
    }

    private static IEnumerable<KeyValuePair<string, string>> Merge(IReadOnlyDictionary<string, string> first, IReadOnlyDictionary<string, string>? over)
    {
        if (over is null || over.Count == 0)
        {
            return first;
        }

        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in first)
        {
            merged[pair.Key] = pair.Value;
        }

        foreach (var pair in over)
        {
            merged[pair.Key] = pair.Value;
        }

        return merged;
    }

    private static void AddRaw(HttpRequestHeaders headers, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (!IsPrintableAscii(value))
        {
            throw new ArgumentException(
                $"The {name} header value contains a character that cannot be sent in an HTTP header (a line break, another control character or a non-ASCII character).");
        }

        headers.TryAddWithoutValidation(name, value);
    }

    private static void AddPair(HttpRequestHeaders headers, string header, string kind, string name, string value, bool encodeName)
    {
        if (encodeName)
        {
            // Percent-encoded like the value (Prepared-Statement): any identifier is fine.
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException($"A {kind} name must not be empty.");
            }
        }
        else
        {
            ValidateName(kind, name);
        }

        if (value is null)
        {
            throw new ArgumentException($"The {kind} '{name}' has no value.");
        }

        headers.TryAddWithoutValidation(header, (encodeName ? Encode(name) : name) + "=" + Encode(value));
    }

    private static void ValidateName(string kind, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"A {kind} name must not be empty.");
        }

        foreach (char c in name)
        {
            if (c is '=' or ',' || c <= ' ' || c >= '\u007f')
            {
                string shown = IsPrintableAscii(name) ? " '" + name + "'" : string.Empty;
                throw new ArgumentException($"The {kind} name{shown} is invalid: names must not contain '=', ',', spaces, control or non-ASCII characters.");
            }
        }
    }

    internal static bool IsPrintableAscii(string value)
    {
        foreach (char c in value)
        {
            if (c < ' ' || c >= '\u007f')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';
}
