namespace Presto.Testing.Tests.Support;

/// <summary>Starts a server of each dialect for a test class; tests use their own server when they change its state.</summary>
public static class Servers
{
    public static Task<PrestoTestServer> StartAsync(ServerDialect dialect, Action<PrestoTestServerOptions>? configure = null)
    {
        var options = new PrestoTestServerOptions { Dialect = dialect };
        configure?.Invoke(options);
        return PrestoTestServer.StartAsync(options);
    }

    public static IEnumerable<object[]> Dialects => [[ServerDialect.Trino], [ServerDialect.Presto]];
}
