using System.Data;
using System.Data.Common;

namespace Presto.Tests.Conformance;

/// <summary>The connection state machine and misuse of a connection.</summary>
public sealed class ConnectionConformanceTests(ConformanceServer fixture) : IClassFixture<ConformanceServer>
{
    public static IEnumerable<object[]> SyncAndAsync => Ado.SyncAndAsync;

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Closed_open_closed_with_StateChange_events(bool async)
    {
        await using DbConnection connection = new PrestoConnection(fixture.ConnectionString);
        var events = new List<(ConnectionState From, ConnectionState To)>();
        connection.StateChange += (_, e) => events.Add((e.OriginalState, e.CurrentState));
        Assert.Equal(ConnectionState.Closed, connection.State);

        await Ado.Open(connection, async);
        Assert.Equal(ConnectionState.Open, connection.State);

        // Deliberate: Open passes through Connecting (it may probe /v1/info), and says so.
        Assert.Equal([(ConnectionState.Closed, ConnectionState.Connecting), (ConnectionState.Connecting, ConnectionState.Open)], events);

        events.Clear();
        await Ado.Close(connection, async);
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal([(ConnectionState.Open, ConnectionState.Closed)], events);

        // Close is idempotent and raises nothing the second time.
        events.Clear();
        await Ado.Close(connection, async);
        Assert.Empty(events);

        // A closed connection opens again.
        await Ado.Open(connection, async);
        Assert.Equal(ConnectionState.Open, connection.State);
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Open_twice_throws_InvalidOperationException(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.Open(connection, async));
        Assert.Equal(ConnectionState.Open, connection.State);
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task ConnectionString_cannot_change_while_open(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        Assert.Throws<InvalidOperationException>(() => connection.ConnectionString = "Server=http://elsewhere");
        await Ado.Close(connection, async);
        connection.ConnectionString = fixture.ConnectionString + ";Catalog=tpch";
        Assert.Equal("tpch", connection.Database);
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Dispose_is_idempotent_and_closes(bool async)
    {
        var connection = await fixture.OpenAsync(async);
        var disposed = 0;
        connection.Disposed += (_, _) => disposed++;
        await Ado.Dispose(connection, async);
        Assert.Equal(ConnectionState.Closed, connection.State);
        await Ado.Dispose(connection, async);
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.True(disposed >= 1);
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Open_after_Dispose_throws_ObjectDisposedException(bool async)
    {
        var connection = await fixture.OpenAsync(async);
        await Ado.Dispose(connection, async);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Ado.Open(connection, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Open_without_a_connection_string_throws_InvalidOperationException(bool async)
    {
        await using DbConnection connection = new PrestoConnection();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.Open(connection, async));
        connection.ConnectionString = null;
        Assert.Equal(string.Empty, connection.ConnectionString);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.Open(connection, async));
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Theory]
    [InlineData(false, "Bogus=1", "Bogus")]
    [InlineData(true, "Bogus=1", "Bogus")]
    [InlineData(false, "CommandTimeout=soon", "CommandTimeout")]
    [InlineData(true, "Command Timeout=-1", "CommandTimeout")]
    [InlineData(false, "Dialect=Oracle", "Dialect")]
    [InlineData(true, "HeartbeatInterval=x", "HeartbeatInterval")]
    [InlineData(false, "Schema=tiny", "Catalog")]
    public async Task A_bad_keyword_or_value_throws_ArgumentException_naming_it(bool async, string extra, string keyword)
    {
        await using DbConnection connection = new PrestoConnection(fixture.ConnectionString + ";" + extra);
        var events = 0;
        connection.StateChange += (_, _) => events++;
        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Ado.Open(connection, async));
        // DbConnectionStringBuilder lower-cases keywords as it parses (so does SqlClient's message): compare ignoring case.
        Assert.Contains(keyword, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(0, events);
    }

    [Fact]
    public void The_builder_rejects_an_unknown_keyword_naming_it()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new PrestoConnectionStringBuilder("Server=http://x;Colour=blue"));
        Assert.Contains("colour", ex.Message, StringComparison.OrdinalIgnoreCase);
        var builder = new PrestoConnectionStringBuilder();
        ex = Assert.ThrowsAny<ArgumentException>(() => builder["Colour"] = "blue");
        Assert.Contains("Colour", ex.Message, StringComparison.Ordinal);
        Assert.False(builder.ContainsKey("Colour"));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Members_that_need_an_open_connection_throw_InvalidOperationException(bool async)
    {
        await using DbConnection connection = new PrestoConnection(fixture.ConnectionString + ";Catalog=tpch");
        Assert.Throws<InvalidOperationException>(() => connection.ServerVersion);
        Assert.Throws<InvalidOperationException>(() => connection.ChangeDatabase("memory"));
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteReader(command, async));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteScalar(command, async));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteNonQuery(command, async));

        // Readable while closed: the connection string's values.
        Assert.Equal("tpch", connection.Database);
        Assert.Equal(fixture.Server.BaseAddress.ToString(), connection.DataSource);
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task ChangeDatabase_switches_the_catalog(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        connection.ChangeDatabase("tpch");
        Assert.Equal("tpch", connection.Database);
        Assert.ThrowsAny<ArgumentException>(() => connection.ChangeDatabase(" "));
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM tiny.region";
        Assert.Equal(5L, await Ado.ExecuteScalar(command, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task CreateCommand_binds_the_connection_and_closing_closes_the_open_reader(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var command = connection.CreateCommand();
        Assert.Same(connection, command.Connection);
        Assert.IsType<PrestoCommand>(command);
        command.CommandText = ConformanceServer.ThreeRows;
        var reader = await Ado.ExecuteReader(command, async);
        Assert.True(await Ado.Read(reader, async));
        await Ado.Close(connection, async);
        Assert.True(reader.IsClosed);
    }
}
