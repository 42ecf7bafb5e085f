using System.Net.Http;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Presto.Protocol;
using Presto.Testing;

namespace Presto.Tests.Protocol;

/// <summary>Settings, transports and small protocol helpers for the transport tests.</summary>
internal static class ProtocolTestKit
{
    public static ProtocolDialect DialectOf(PrestoTestServer server) =>
        server.Dialect == ServerDialect.Presto ? ProtocolDialect.Presto : ProtocolDialect.Trino;

    public static ConnectionSettings Settings(PrestoTestServer server, TimeSpan? requestTimeout = null) => new()
    {
        Servers = [server.BaseAddress],
        User = "test",
        Dialect = server.Dialect == ServerDialect.Presto ? PrestoDialect.Presto : PrestoDialect.Trino,
        RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(20),
    };

    public static ProtocolTransport Transport(ConnectionSettings settings, ProtocolDialect dialect, ILogger? logger = null) =>
        new(settings, dialect, HttpClientCache.Shared, logger ?? NullLogger.Instance) { BackoffBase = TimeSpan.FromMilliseconds(10) };

    public static ProtocolTransport Transport(PrestoTestServer server, ConnectionSettings? settings = null, ILogger? logger = null) =>
        Transport(settings ?? Settings(server), DialectOf(server), logger);

    public static Uri StatementUri(Uri server) => new(server, "/v1/statement");

    /// <summary>A bare submission (no session headers but the user, which both servers require).</summary>
    public static ProtocolRequest Submit(PrestoTestServer server, string sql) =>
        new(HttpMethod.Post, StatementUri(server.BaseAddress))
        {
            Body = Encoding.UTF8.GetBytes(sql),
            ConfigureHeaders = m => m.Headers.TryAddWithoutValidation(RequestHeaders.Prefix(DialectOf(server)) + "User", "test"),
        };

    public static string? NextUri(PageBuffer body) => Json(body).NextUri;

    public static (string? Id, string? NextUri, string? ErrorName) Json(PageBuffer body)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(body.Memory);
        var root = doc.RootElement;
        string? Get(string name) => root.TryGetProperty(name, out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString() : null;
        string? error = root.TryGetProperty("error", out var err) && err.ValueKind == System.Text.Json.JsonValueKind.Object && err.TryGetProperty("errorName", out var n) ? n.GetString() : null;
        return (Get("id"), Get("nextUri"), error);
    }

    public static int Count(PrestoTestServer server, string method, string? pathPrefix = null) =>
        server.Requests.Count(r => r.Method == method && (pathPrefix is null || r.PathAndQuery.StartsWith(pathPrefix, StringComparison.Ordinal)));
}
