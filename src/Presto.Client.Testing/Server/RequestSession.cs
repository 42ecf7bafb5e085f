using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace Presto.Testing.Server;

/// <summary>The session a statement request describes through its protocol headers (PROTOCOL.md §4.2), parsed as the real servers parse them.</summary>
internal sealed class RequestSession
{
    public required ProtocolHeaders Headers { get; init; }

    public string? User { get; init; }

    public string? OriginalUser { get; init; }

    public string? Source { get; init; }

    public string? Catalog { get; init; }

    public string? Schema { get; init; }

    public string? Path { get; init; }

    public string? TimeZone { get; init; }

    public string? Language { get; init; }

    public string? TraceToken { get; init; }

    public string? ClientInfo { get; init; }

    public string? RoutingGroup { get; init; }

    /// <summary>Value of the Transaction-Id header; its presence (even <c>NONE</c>) says the client supports transactions.</summary>
    public string? TransactionId { get; init; }

    public IReadOnlyList<string> ClientTags { get; init; } = [];

    public IReadOnlyList<string> ClientCapabilities { get; init; } = [];

    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Roles { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> PreparedStatements { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ExtraCredentials { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ResourceEstimates { get; init; } = new Dictionary<string, string>();

    /// <summary>Chooses the header prefix of a request: the dialect's own, or for Trino the configured alternate name (PROTOCOL.md §8).</summary>
    public static ProtocolHeaders DetectProtocol(IHeaderDictionary headers, ServerDialect dialect, string? alternateHeaderName)
    {
        if (dialect == ServerDialect.Presto)
        {
            return ProtocolHeaders.Presto;
        }

        if (alternateHeaderName is null || alternateHeaderName.Equals("Trino", StringComparison.OrdinalIgnoreCase))
        {
            return ProtocolHeaders.Trino;
        }

        string alternatePrefix = "X-" + alternateHeaderName + "-";
        bool foundAlternate = headers.Keys.Any(k => k.StartsWith(alternatePrefix, StringComparison.OrdinalIgnoreCase));
        bool foundTrino = headers.Keys.Any(k => k.StartsWith("X-Trino-", StringComparison.OrdinalIgnoreCase));
        if (foundAlternate && foundTrino)
        {
            throw new BadRequestException($"Both Trino and {alternateHeaderName} headers detected");
        }

        return foundAlternate && alternateHeaderName.Equals("Presto", StringComparison.OrdinalIgnoreCase) ? ProtocolHeaders.Presto : ProtocolHeaders.Trino;
    }

    public static RequestSession Parse(IHeaderDictionary headers, ProtocolHeaders names, ServerDialect dialect)
    {
        bool trino = dialect == ServerDialect.Trino;
        string? catalog = Trim(First(headers, names["Catalog"]));
        string? schema = Trim(First(headers, names["Schema"]));
        if (trino)
        {
            catalog = catalog?.ToLowerInvariant();
            schema = schema?.ToLowerInvariant();
        }

        if (schema is not null && catalog is null)
        {
            throw new BadRequestException("Schema is set but catalog is not");
        }

        string? user = Trim(First(headers, names["User"]));
        if (user is null)
        {
            throw new BadRequestException("User must be set");
        }

        return new RequestSession
        {
            Headers = names,
            User = user,
            OriginalUser = trino ? Trim(First(headers, names["Original-User"])) : null,
            Source = Trim(First(headers, names["Source"])),
            Catalog = catalog,
            Schema = schema,
            Path = trino ? Trim(First(headers, names["Path"])) : null,
            TimeZone = Trim(First(headers, names["Time-Zone"])),
            Language = Trim(First(headers, names["Language"])),
            TraceToken = Trim(First(headers, names["Trace-Token"])),
            ClientInfo = Trim(First(headers, names["Client-Info"])),
            RoutingGroup = Trim(First(headers, "X-Trino-Routing-Group")) ?? Trim(First(headers, "X-Presto-Routing-Group")),
            TransactionId = Trim(First(headers, names["Transaction-Id"])),
            ClientTags = SplitFirst(headers, names["Client-Tags"]),
            ClientCapabilities = trino ? SplitFirst(headers, names["Client-Capabilities"]) : [],
            Properties = ParseProperties(headers, names["Session"], splitAll: true, decodeName: false),
            Roles = ParseProperties(headers, names["Role"], splitAll: trino, decodeName: false),
            PreparedStatements = ParseProperties(headers, names["Prepared-Statement"], splitAll: trino, decodeName: true),
            ExtraCredentials = ParseProperties(headers, names["Extra-Credential"], splitAll: trino, decodeName: false),
            ResourceEstimates = ParseResourceEstimates(headers, names["Resource-Estimate"], trino),
        };
    }

    /// <summary>Java <c>URLDecoder</c> form decoding: <c>+</c> is a space, <c>%XX</c> a UTF-8 byte.</summary>
    public static string FormDecode(string value) => WebUtility.UrlDecode(value);

    /// <summary>Java <c>URLEncoder</c> form encoding, as the servers use for response header values.</summary>
    public static string FormEncode(string value) => WebUtility.UrlEncode(value);

    private static Dictionary<string, string> ParseProperties(IHeaderDictionary headers, string name, bool splitAll, bool decodeName)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!headers.TryGetValue(name, out var values))
        {
            return result;
        }

        foreach (string? header in values)
        {
            if (header is null)
            {
                continue;
            }

            foreach (string item in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] parts = splitAll ? item.Split('=') : item.Split('=', 2);
                if (parts.Length != 2)
                {
                    throw new BadRequestException($"Invalid {name} header");
                }

                string key = parts[0].Trim();
                if (key.Length == 0)
                {
                    throw new BadRequestException($"Invalid {name} header");
                }

                if (decodeName)
                {
                    key = FormDecode(key);
                }

                result[key] = FormDecode(parts[1].Trim());
            }
        }

        return result;
    }

    private static Dictionary<string, string> ParseResourceEstimates(IHeaderDictionary headers, string name, bool trino)
    {
        var estimates = ParseProperties(headers, name, splitAll: trino, decodeName: false);
        foreach (string key in estimates.Keys)
        {
            if (key is not ("EXECUTION_TIME" or "CPU_TIME" or "PEAK_MEMORY"))
            {
                throw new BadRequestException($"Unsupported resource name {key}");
            }
        }

        return estimates;
    }

    private static string? First(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private static string[] SplitFirst(IHeaderDictionary headers, string name) =>
        First(headers, name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static string? Trim(string? value)
    {
        string? trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{User}@{Catalog}.{Schema}");
}
