using Presto.Testing;

namespace Presto.Tests.Support;

/// <summary>Starts embedded servers for tests and builds connection strings for them.</summary>
public static class TestServers
{
    public static Task<PrestoTestServer> StartAsync(ServerDialect dialect = ServerDialect.Trino, Action<PrestoTestServerOptions>? configure = null)
    {
        var options = new PrestoTestServerOptions { Dialect = dialect };
        configure?.Invoke(options);
        return PrestoTestServer.StartAsync(options);
    }

    /// <summary>A connection string for <paramref name="server"/> with its dialect set explicitly.</summary>
    public static string ConnectionString(PrestoTestServer server, string? extra = null) =>
        $"Server={server.BaseAddress};User=test;Dialect={server.Dialect}" + (extra is null ? string.Empty : ";" + extra);

    public static IEnumerable<object[]> Dialects => [[ServerDialect.Trino], [ServerDialect.Presto]];
}
