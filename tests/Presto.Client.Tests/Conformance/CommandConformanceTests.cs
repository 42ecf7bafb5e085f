using System.Data;
using System.Data.Common;

namespace Presto.Tests.Conformance;

/// <summary>Command properties, execution results and misuse of a command.</summary>
public sealed class CommandConformanceTests(ConformanceServer fixture) : IClassFixture<ConformanceServer>
{
    public static IEnumerable<object[]> SyncAndAsync => Ado.SyncAndAsync;

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Missing_or_empty_CommandText_throws_InvalidOperationException(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var command = connection.CreateCommand();
        Assert.Equal(string.Empty, command.CommandText);
        command.CommandText = null;
        Assert.Equal(string.Empty, command.CommandText);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteReader(command, async));
        command.CommandText = "   ";
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteScalar(command, async));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteNonQuery(command, async));
        Assert.DoesNotContain(fixture.Server.Submissions, s => string.IsNullOrWhiteSpace(s.Body));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task No_connection_or_a_closed_one_throws_InvalidOperationException(bool async)
    {
        await using DbCommand command = new PrestoCommand(ConformanceServer.ThreeRows);
        Assert.Null(command.Connection);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteReader(command, async));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteScalar(command, async));

        await using DbConnection closed = new PrestoConnection(fixture.ConnectionString);
        command.Connection = closed;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteReader(command, async));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteNonQuery(command, async));
    }

    [Fact]
    public async Task CommandTimeout_validates_and_defaults_to_the_connection_string()
    {
        await using var connection = new PrestoConnection(fixture.ConnectionString + ";CommandTimeout=45");
        await using DbCommand command = connection.CreateCommand();
        Assert.Equal(0, command.CommandTimeout);
        await connection.OpenAsync();
        Assert.Equal(45, command.CommandTimeout);
        command.CommandTimeout = 5;
        Assert.Equal(5, command.CommandTimeout);
        command.CommandTimeout = 0;
        Assert.Equal(0, command.CommandTimeout);
        var ex = Assert.ThrowsAny<ArgumentException>(() => command.CommandTimeout = -1);
        Assert.Equal(0, command.CommandTimeout);
        Assert.NotNull(ex.ParamName);
    }

    [Fact]
    public void Only_CommandType_Text_is_supported()
    {
        using DbCommand command = new PrestoCommand();
        Assert.Equal(CommandType.Text, command.CommandType);
        command.CommandType = CommandType.Text;
        Assert.Throws<NotSupportedException>(() => command.CommandType = CommandType.StoredProcedure);
        Assert.Throws<NotSupportedException>(() => command.CommandType = CommandType.TableDirect);
        Assert.Equal(CommandType.Text, command.CommandType);
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Prepare_is_a_no_op_and_the_command_still_runs(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM tpch.tiny.region";
        if (async)
        {
            await command.PrepareAsync();
        }
        else
        {
            command.Prepare();
        }

        Assert.Equal(5L, await Ado.ExecuteScalar(command, async));
        Assert.Equal(5L, await Ado.ExecuteScalar(command, async));
    }

    [Fact]
    public void CreateParameter_returns_an_unattached_PrestoParameter()
    {
        using DbCommand command = new PrestoCommand();
        var parameter = command.CreateParameter();
        Assert.IsType<PrestoParameter>(parameter);
        Assert.Empty(command.Parameters);
        Assert.Equal(ParameterDirection.Input, parameter.Direction);
        Assert.Equal(string.Empty, parameter.ParameterName);
        Assert.Null(parameter.Value);
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Cancel_when_idle_does_nothing(bool async)
    {
        using DbCommand detached = new PrestoCommand("SELECT 1");
        detached.Cancel();

        await using var connection = await fixture.OpenAsync(async);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM tpch.tiny.region";
        command.Cancel();
        Assert.Equal(5L, await Ado.ExecuteScalar(command, async));
        command.Cancel();
        Assert.Equal(5L, await Ado.ExecuteScalar(command, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task ExecuteScalar_returns_the_first_value_null_without_rows_DBNull_for_NULL(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var command = connection.CreateCommand();
        command.CommandText = ConformanceServer.ThreeRows;
        Assert.Equal(1L, await Ado.ExecuteScalar(command, async));
        command.CommandText = ConformanceServer.NoRows;
        Assert.Null(await Ado.ExecuteScalar(command, async));
        command.CommandText = "SELECT CAST(NULL AS bigint)";
        Assert.Equal(DBNull.Value, await Ado.ExecuteScalar(command, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task ExecuteNonQuery_returns_the_update_count_or_minus_one(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var command = connection.CreateCommand();
        var table = "memory.default.nonquery_" + (async ? "async" : "sync");
        command.CommandText = $"CREATE TABLE {table} (id bigint)";
        await Ado.ExecuteNonQuery(command, async);
        command.CommandText = $"INSERT INTO {table} VALUES (1), (2), (3)";
        Assert.Equal(3, await Ado.ExecuteNonQuery(command, async));
        command.CommandText = ConformanceServer.ThreeRows;
        Assert.Equal(-1, await Ado.ExecuteNonQuery(command, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task A_second_reader_on_the_connection_throws_until_the_first_is_closed(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var command = connection.CreateCommand();
        command.CommandText = ConformanceServer.ThreeRows;
        var first = await Ado.ExecuteReader(command, async);
        await using var other = connection.CreateCommand();
        other.CommandText = ConformanceServer.ThreeRows;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteReader(other, async));
        await Ado.Close(first, async);
        await using var second = await Ado.ExecuteReader(other, async);
        Assert.True(await Ado.Read(second, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task A_failed_query_throws_a_DbException_and_the_connection_stays_usable(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT nope FROM tpch.tiny.nation";
        var ex = await Assert.ThrowsAnyAsync<DbException>(() => Ado.ExecuteReader(command, async));
        Assert.IsType<PrestoQueryException>(ex);
        Assert.Equal(ConnectionState.Open, connection.State);
        command.CommandText = "SELECT count(*) FROM tpch.tiny.region";
        Assert.Equal(5L, await Ado.ExecuteScalar(command, async));
    }

    [Fact]
    public void Connection_and_Transaction_properties()
    {
        using var connection = new PrestoConnection(fixture.ConnectionString);
        using DbCommand command = new PrestoCommand();
        command.Connection = connection;
        Assert.Same(connection, command.Connection);
        command.Connection = null;
        Assert.Null(command.Connection);
        Assert.Null(command.Transaction);
        command.CommandText = "SELECT 1";
        Assert.Equal("SELECT 1", command.CommandText);
    }
}
