using Presto.Protocol;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Protocol;

/// <summary>Dialect auto-detection by <c>GET /v1/info</c>, against both server dialects.</summary>
public sealed class DialectResolverTests
{
    [Theory]
    [InlineData("480", PrestoDialect.Trino)]
    [InlineData("480-SNAPSHOT", PrestoDialect.Trino)]
    [InlineData("443-e.5", PrestoDialect.Trino)]
    [InlineData("0.300", PrestoDialect.Presto)]
    [InlineData("0.287-edge3", PrestoDialect.Presto)]
    [InlineData("testversion", null)]
    [InlineData("", null)]
    public void Version_rule(string version, PrestoDialect? expected) => Assert.Equal(expected, (PrestoDialect?)DialectResolver.FromVersion(version));

    [Theory]
    [InlineData(ServerDialect.Trino, null, PrestoDialect.Trino, true)]
    [InlineData(ServerDialect.Presto, null, PrestoDialect.Presto, true)]
    [InlineData(ServerDialect.Presto, null, PrestoDialect.Presto, false)]
    [InlineData(ServerDialect.Trino, "443-e.5", PrestoDialect.Trino, true)]
    public async Task Auto_probes_once_per_endpoint(ServerDialect dialect, string? version, PrestoDialect expected, bool async)
    {
        await using var server = await TestServers.StartAsync(dialect, o => o.NodeVersion = version);
        DialectResolver.Forget(server.BaseAddress); // a port reused from an earlier test server must not answer from the cache
        var settings = new ConnectionSettings { Servers = [server.BaseAddress], Dialect = PrestoDialect.Auto };

        var first = await DialectResolver.ResolveAsync(settings, server.BaseAddress, HttpClientCache.Shared, async, default);
        var second = await DialectResolver.ResolveAsync(settings, new Uri(server.BaseAddress, "/"), HttpClientCache.Shared, async, default);

        Assert.Equal(expected, (PrestoDialect)first);
        Assert.Equal(expected, (PrestoDialect)second);
        Assert.Equal("/v1/info", Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Concurrent_first_callers_share_one_probe()
    {
        await using var server = await TestServers.StartAsync(ServerDialect.Presto);
        DialectResolver.Forget(server.BaseAddress); // a port reused from an earlier test server must not answer from the cache
        server.Faults.Http(new HttpFault { On = RequestKind.Other, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromMilliseconds(300) });
        var settings = new ConnectionSettings { Servers = [server.BaseAddress] };

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(async () => await DialectResolver.ResolveAsync(settings, server.BaseAddress, HttpClientCache.Shared, i % 2 == 0, default))));

        Assert.All(results, d => Assert.Equal(ProtocolDialect.Presto, d));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Explicit_dialects_validate_the_endpoint_once_and_learn_its_version()
    {
        await using var server = await TestServers.StartAsync();
        DialectResolver.Forget(server.BaseAddress); // a port reused from an earlier test server must not answer from the cache

        Assert.Equal(ProtocolDialect.Presto, await DialectResolver.ResolveAsync(new ConnectionSettings { Servers = [server.BaseAddress], Dialect = PrestoDialect.Presto }, server.BaseAddress, HttpClientCache.Shared, true, default));
        Assert.Equal(ProtocolDialect.Trino, await DialectResolver.ResolveAsync(new ConnectionSettings { Servers = [server.BaseAddress], Dialect = PrestoDialect.Trino }, server.BaseAddress, HttpClientCache.Shared, true, default));
        Assert.Equal("/v1/info", Assert.Single(server.Requests).PathAndQuery);
        Assert.Equal("480", DialectResolver.KnownVersion(server.BaseAddress));
    }

    [Fact]
    public async Task An_unreachable_server_is_a_transient_error_and_is_not_cached()
    {
        await using var server = await TestServers.StartAsync();
        await server.StopListeningAsync();
        var settings = new ConnectionSettings { Servers = [server.BaseAddress], RequestTimeout = TimeSpan.FromMilliseconds(500) };

        var ex = await Assert.ThrowsAsync<PrestoException>(async () => await DialectResolver.ResolveAsync(settings, server.BaseAddress, HttpClientCache.Shared, true, default));
        await server.StartListeningAsync();
        var dialect = await DialectResolver.ResolveAsync(settings, server.BaseAddress, HttpClientCache.Shared, true, default);

        Assert.True(ex.IsTransient);
        Assert.Equal(ProtocolDialect.Trino, dialect);
    }

    [Fact]
    public async Task An_unknown_version_is_reported_not_guessed()
    {
        await using var server = await TestServers.StartAsync(configure: o => o.NodeVersion = "testversion");
        DialectResolver.Forget(server.BaseAddress); // a port reused from an earlier test server must not answer from the cache
        var settings = new ConnectionSettings { Servers = [server.BaseAddress] };

        var ex = await Assert.ThrowsAsync<PrestoProtocolException>(async () => await DialectResolver.ResolveAsync(settings, server.BaseAddress, HttpClientCache.Shared, true, default));

        Assert.Contains("testversion", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Dialect=Trino", ex.Message, StringComparison.Ordinal);
    }
}
