using System.Data;
using Microsoft.Extensions.Logging;
using Presto.Protocol;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

/// <summary>Tests that count HTTP handlers run one at a time (other classes creating data sources would move the counter).</summary>
[CollectionDefinition(nameof(HandlerCountingCollection), DisableParallelization = true)]
public sealed class HandlerCountingCollection;

[Collection(nameof(HandlerCountingCollection))]
public sealed class DataSourceTests
{
    [Fact]
    public async Task A_data_source_creates_working_connections()
    {
        await using var server = await TestServers.StartAsync();
        await using var dataSource = PrestoDataSource.Create(TestServers.ConnectionString(server, "Catalog=tpch;Schema=tiny"));

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new PrestoCommand("SELECT count(*) FROM nation", connection);

        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(25L, await command.ExecuteScalarAsync());
        using var sync = dataSource.OpenConnection();
        Assert.Equal("tpch", sync.Database);
        await using var dbCommand = dataSource.CreateCommand("SELECT count(*) FROM region");
        Assert.Equal(5L, await dbCommand.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_connection_string_of_a_data_source_hides_secrets()
    {
        await using var dataSource = PrestoDataSource.Create("Server=https://trino.example.com;User=alice;Password=s3cret");

        Assert.DoesNotContain("s3cret", dataSource.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("alice", dataSource.ConnectionString, StringComparison.Ordinal);
        await using var connection = dataSource.CreateConnection();
        Assert.DoesNotContain("s3cret", connection.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Fact]
    public void An_invalid_connection_string_fails_at_build()
    {
        var error = Assert.Throws<ArgumentException>(() => new PrestoDataSourceBuilder("User=alice").Build());
        Assert.Contains("Server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_logger_factory_receives_transport_events()
    {
        await using var server = await TestServers.StartAsync();
        DialectResolver.Forget(server.BaseAddress); // a port reused from an earlier test server must not answer from the cache
        var loggers = new CapturingLoggerFactory();
        var builder = new PrestoDataSourceBuilder(TestServers.ConnectionString(server)).UseLoggerFactory(loggers);
        await using var dataSource = builder.Build();
        server.Faults.FailRequests(RequestKind.Get, 503, times: 1);

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new PrestoCommand("SELECT 1", connection);
        Assert.Equal(1, Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));

        Assert.All(loggers.Entries, e => Assert.Equal("Presto.Client", e.Category));
        Assert.Contains(loggers.Entries, e => e.EventId.Id == 1007);                               // endpoint validated
        Assert.Contains(loggers.Entries, e => e.EventId.Id == 1001 && e.Level == LogLevel.Warning); // retried the 503
    }

    [Fact]
    public async Task A_handler_given_by_the_user_carries_every_request()
    {
        await using var server = await TestServers.StartAsync();
        var handler = new CountingHandler();
        var dataSource = new PrestoDataSourceBuilder(TestServers.ConnectionString(server)).UseHttpMessageHandler(handler, disposeHandler: true).Build();

        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var command = new PrestoCommand("SELECT 1", connection))
        {
            await command.ExecuteScalarAsync();
        }

        Assert.True(handler.Count >= 2);
        Assert.Equal(server.Requests.Count, handler.Count);
        Assert.False(handler.Disposed);
        await dataSource.DisposeAsync();
        Assert.True(handler.Disposed);
        Assert.Throws<ObjectDisposedException>(() => dataSource.CreateConnection());
    }

    [Fact]
    public async Task A_handler_not_owned_is_not_disposed_and_an_http_client_can_be_used()
    {
        await using var server = await TestServers.StartAsync();
        var handler = new CountingHandler();
        await using (var dataSource = new PrestoDataSourceBuilder(TestServers.ConnectionString(server)).UseHttpMessageHandler(handler).Build())
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await new PrestoCommand("SELECT 1", connection).ExecuteScalarAsync();
        }

        Assert.False(handler.Disposed);
        using var client = new HttpClient(handler, disposeHandler: false);
        var before = handler.Count;
        await using (var dataSource = new PrestoDataSourceBuilder(TestServers.ConnectionString(server)).UseHttpClient(client).Build())
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await new PrestoCommand("SELECT 1", connection).ExecuteScalarAsync();
        }

        Assert.True(handler.Count > before);
        Assert.False(handler.Disposed);
    }

    [Fact]
    public async Task Thousands_of_connections_share_one_handler_and_probe_once()
    {
        await using var server = await TestServers.StartAsync();
        DialectResolver.Forget(server.BaseAddress); // a port reused from an earlier test server must not answer from the cache
        var handlersBefore = HttpClientCache.HandlersCreated;
        var shared = HttpClientCache.Shared;
        var handler = new CountingHandler();
        await using var dataSource = new PrestoDataSourceBuilder(TestServers.ConnectionString(server)).UseHttpMessageHandler(handler).Build();

        for (int i = 0; i < 2_000; i++)
        {
            await using var plain = new PrestoConnection(TestServers.ConnectionString(server));
            await plain.OpenAsync();
            Assert.Same(shared, plain.Http);
            using var fromSource = dataSource.OpenConnection();
            Assert.Same(dataSource.Engine.Http, fromSource.Http);
        }

        Assert.Equal(handlersBefore, HttpClientCache.HandlersCreated);
        Assert.Equal("/v1/info", Assert.Single(server.Requests).PathAndQuery); // validated once per endpoint, not per open
        Assert.Equal(0, handler.Count);                                        // the data source reuses that validation
    }

    [Fact]
    public async Task Open_against_a_closed_port_fails_transiently_and_stays_closed()
    {
        await using var server = await TestServers.StartAsync();
        await server.StopListeningAsync();
        DialectResolver.Forget(server.BaseAddress); // a port reused from an earlier test server must not answer from the cache
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "RequestTimeout=1"));
        var states = new List<ConnectionState>();
        connection.StateChange += (_, e) => states.Add(e.CurrentState);

        var error = await Assert.ThrowsAsync<PrestoException>(() => connection.OpenAsync());

        Assert.True(error.IsTransient);
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal([ConnectionState.Connecting, ConnectionState.Closed], states);

        await server.StartListeningAsync();
        connection.Open();
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal("480", connection.ServerVersion); // learned by the validation, even with Dialect=Trino
    }

    [Fact]
    public async Task ChangeDatabase_takes_a_catalog_or_catalog_and_schema()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "Catalog=memory;Schema=default"));
        await connection.OpenAsync();

        connection.ChangeDatabase("tpch.tiny");
        Assert.Equal(("tpch", "tiny"), (connection.Database, connection.Schema));
        await using var command = new PrestoCommand("SELECT count(*) FROM nation", connection);
        Assert.Equal(25L, await command.ExecuteScalarAsync());

        connection.ChangeDatabase("memory");
        Assert.Equal("memory", connection.Database);
        Assert.Null(connection.Schema);
        Assert.Throws<ArgumentException>(() => connection.ChangeDatabase("a.b.c"));
        Assert.Throws<ArgumentException>(() => connection.ChangeDatabase(".x"));

        connection.Close();
        Assert.Equal("memory", connection.Database); // back to the connection string
        Assert.Throws<InvalidOperationException>(() => connection.ChangeDatabase("tpch"));
    }
}
