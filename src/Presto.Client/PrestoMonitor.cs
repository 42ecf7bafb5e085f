using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Presto.Protocol;

namespace Presto;

/// <summary>
/// The operator's view of a cluster: server information and state, the query list and details, killing a query, the node
/// list (<c>/v1/info</c>, <c>/v1/info/state</c>, <c>/v1/query</c>, <c>/v1/query/{id}</c>, <c>/v1/node</c>). Requests carry
/// the client's credentials (to configured servers only) and its request-level retries. Every method takes the cluster's
/// name (see <see cref="PrestoRouter"/>); without one, the first cluster.
/// </summary>
public sealed class PrestoMonitor
{
    private readonly PrestoRouter _router;

    internal PrestoMonitor(PrestoRouter router) => _router = router;

    /// <summary><c>GET /v1/info</c>.</summary>
    public async Task<PrestoServerInfo> GetServerInfoAsync(string? cluster = null, CancellationToken cancellationToken = default)
    {
        using var document = await GetAsync(cluster, "v1/info", cancellationToken).ConfigureAwait(false)
            ?? throw new PrestoProtocolException("GET /v1/info answered 404.", 404);
        var root = document.RootElement;
        var version = root.TryGetProperty("nodeVersion", out var node) && node.ValueKind == JsonValueKind.Object ? Text(node, "version") : null;
        return new PrestoServerInfo(version, Text(root, "environment"), Flag(root, "coordinator"), Flag(root, "starting"), Text(root, "uptime"));
    }

    /// <summary><c>GET /v1/info/state</c>: <c>ACTIVE</c>, <c>SHUTTING_DOWN</c>, <c>INACTIVE</c>…</summary>
    public async Task<string> GetNodeStateAsync(string? cluster = null, CancellationToken cancellationToken = default)
    {
        using var document = await GetAsync(cluster, "v1/info/state", cancellationToken).ConfigureAwait(false);
        return document?.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString()! : "UNKNOWN";
    }

    /// <summary><c>GET /v1/query</c>: the queries the coordinator knows (running and recently finished).</summary>
    public async Task<IReadOnlyList<PrestoQueryInfo>> GetQueriesAsync(string? cluster = null, CancellationToken cancellationToken = default)
    {
        using var document = await GetAsync(cluster, "v1/query", cancellationToken).ConfigureAwait(false);
        var queries = new List<PrestoQueryInfo>();
        if (document?.RootElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in document.RootElement.EnumerateArray())
            {
                queries.Add(Query(item));
            }
        }

        return queries;
    }

    /// <summary><c>GET /v1/query/{id}</c>; <see langword="null"/> when the coordinator does not know the query.</summary>
    public async Task<PrestoQueryInfo?> GetQueryAsync(string queryId, string? cluster = null, CancellationToken cancellationToken = default)
    {
        using var document = await GetAsync(cluster, "v1/query/" + Uri.EscapeDataString(queryId), cancellationToken).ConfigureAwait(false);
        return document is null ? null : Query(document.RootElement);
    }

    /// <summary>Kills a query (<c>DELETE /v1/query/{id}</c>); <see langword="false"/> when the coordinator does not know it.</summary>
    public async Task<bool> KillQueryAsync(string queryId, string? cluster = null, CancellationToken cancellationToken = default)
    {
        var target = Cluster(cluster);
        var transport = await _router.TransportAsync(target, async: true, cancellationToken).ConfigureAwait(false);
        try
        {
            await transport.SendAsync(new ProtocolRequest(HttpMethod.Delete, new Uri(target.BaseUri, "v1/query/" + Uri.EscapeDataString(queryId))), new PageBuffer(1024), async: true, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (PrestoProtocolException ex) when (ex.StatusCode == 404)
        {
            return false;
        }
    }

    /// <summary><c>GET /v1/node</c>: the workers the coordinator talks to.</summary>
    public async Task<IReadOnlyList<PrestoNodeInfo>> GetNodesAsync(string? cluster = null, CancellationToken cancellationToken = default)
    {
        using var document = await GetAsync(cluster, "v1/node", cancellationToken).ConfigureAwait(false);
        var nodes = new List<PrestoNodeInfo>();
        if (document?.RootElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in document.RootElement.EnumerateArray())
            {
                nodes.Add(new PrestoNodeInfo(
                    Text(item, "uri"),
                    Number(item, "recentRequests"),
                    Number(item, "recentFailures"),
                    Number(item, "recentSuccesses"),
                    Time(item, "lastResponseTime"),
                    Text(item, "age")));
            }
        }

        return nodes;
    }

    /// <summary>A duration as Trino and PrestoDB format them (<c>1.50s</c>, <c>250.00ms</c>, <c>2.00m</c>), or a number of milliseconds.</summary>
    internal static TimeSpan? ParseDuration(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return TimeSpan.FromMilliseconds(value.GetDouble());
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            return null;
        }

        var split = 0;
        while (split < text.Length && (char.IsDigit(text[split]) || text[split] == '.'))
        {
            split++;
        }

        if (!double.TryParse(text.Substring(0, split), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }

        double? milliseconds = text.Substring(split).Trim() switch
        {
            "ns" => amount / 1_000_000,
            "us" => amount / 1_000,
            "ms" => amount,
            "s" => amount * 1_000,
            "m" => amount * 60_000,
            "h" => amount * 3_600_000,
            "d" => amount * 86_400_000,
            _ => null,
        };
        return milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
    }

    private static PrestoQueryInfo Query(JsonElement item)
    {
        var session = item.TryGetProperty("session", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        var tags = new List<string>();
        if (session.ValueKind == JsonValueKind.Object && session.TryGetProperty("clientTags", out var t) && t.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in t.EnumerateArray())
            {
                if (tag.ValueKind == JsonValueKind.String)
                {
                    tags.Add(tag.GetString()!);
                }
            }
        }

        var stats = item.TryGetProperty("queryStats", out var q) && q.ValueKind == JsonValueKind.Object ? q : default;
        var errorCode = item.TryGetProperty("errorCode", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        return new PrestoQueryInfo(
            Text(item, "queryId") ?? string.Empty,
            Text(item, "state"),
            Text(item, "query"),
            Text(session, "user"),
            Text(session, "source"),
            Text(session, "catalog"),
            Text(session, "schema"),
            tags,
            Flag(item, "scheduled"),
            Time(stats, "createTime"),
            stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty("elapsedTime", out var elapsed) ? ParseDuration(elapsed) : null,
            Text(errorCode, "name"),
            Text(item, "errorType") ?? Text(errorCode, "type"));
    }

    private PrestoCluster Cluster(string? name) => name is null ? _router.Clusters[0] : _router[name];

    /// <summary>A GET through the cluster's transport; <see langword="null"/> for 404.</summary>
    private async Task<JsonDocument?> GetAsync(string? cluster, string path, CancellationToken cancellationToken)
    {
        var target = Cluster(cluster);
        var transport = await _router.TransportAsync(target, async: true, cancellationToken).ConfigureAwait(false);
        var body = new PageBuffer(16 * 1024);
        try
        {
            await transport.SendAsync(new ProtocolRequest(HttpMethod.Get, new Uri(target.BaseUri, path)), body, async: true, cancellationToken).ConfigureAwait(false);
        }
        catch (PrestoProtocolException ex) when (ex.StatusCode == 404)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body.Memory);
        }
        catch (JsonException ex)
        {
            throw new PrestoProtocolException($"GET /{path} did not answer JSON.", 200, Encoding.UTF8.GetString(body.Span.Slice(0, Math.Min(body.Length, 200)).ToArray()), null, false, ex);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Flag(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static double Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        Text(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
