using System.Data;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

public sealed class StatementTests
{
    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Ddl_and_dml_report_their_update_type_and_count(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);

        await using (var create = new PrestoCommand("CREATE TABLE memory.default.items (id bigint, name varchar)", connection))
        {
            Assert.Equal(-1, await create.ExecuteNonQueryAsync());
        }

        await using (var insert = new PrestoCommand("INSERT INTO memory.default.items VALUES (1, 'a'), (2, 'b'), (3, 'c')", connection))
        {
            Assert.Equal(3, await insert.ExecuteNonQueryAsync());
        }

        await using var select = new PrestoCommand("SELECT id, name FROM memory.default.items ORDER BY id", connection);
        await using var reader = await select.ExecuteReaderAsync();
        Assert.Null(reader.UpdateType);
        Assert.Equal(-1, reader.RecordsAffected);
        Assert.Equal(2, reader.FieldCount);
        Assert.Equal("id", reader.GetName(0));
        Assert.Equal(1, reader.GetOrdinal("NAME"));
        Assert.Equal("bigint", reader.GetDataTypeName(0));
        Assert.StartsWith("varchar", reader.GetDataTypeName(1), StringComparison.Ordinal);
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(1));
        }

        Assert.Equal(["a", "b", "c"], names);
        Assert.False(await reader.NextResultAsync());
    }

    [Fact]
    public void The_synchronous_path_reads_the_same_rows()
    {
        using var server = StartSync();
        using var connection = new PrestoConnection(TestServers.ConnectionString(server.Value, "Catalog=tpch;Schema=tiny"));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM region ORDER BY regionkey";
        using var reader = command.ExecuteReader();
        Assert.True(reader.HasRows);
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        Assert.Equal(["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"], names);
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task A_failed_query_raises_every_field_of_the_server_error(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT * FROM nowhere.nothing.none", connection);

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => command.ExecuteReaderAsync());

        Assert.False(string.IsNullOrEmpty(error.QueryId));
        Assert.Equal(server.Queries.Single().QueryId, error.QueryId);
        Assert.Equal(server.Queries.Single().ErrorName, error.ErrorName);
        Assert.Equal(PrestoErrorType.UserError, error.ErrorType);
        Assert.False(error.IsTransient);
        Assert.Contains(error.ErrorName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_syntax_error_carries_its_position_and_failure_info()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELEC 1", connection);

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal("SYNTAX_ERROR", error.ErrorName);
        Assert.Equal(1, error.ErrorCode);
        Assert.NotNull(error.ErrorLocation);
        Assert.Equal(1, error.ErrorLocation!.Value.LineNumber);
        Assert.True(error.ErrorLocation.Value.ColumnNumber > 0);
        Assert.NotNull(error.FailureInfo);
    }

    [Theory]
    [InlineData(ServerDialect.Trino, "PAGE_TRANSPORT_TIMEOUT", true)]
    [InlineData(ServerDialect.Presto, "REMOTE_HOST_GONE", true)]
    [InlineData(ServerDialect.Trino, "DIVISION_BY_ZERO", false)]
    public async Task Infrastructure_failures_are_transient_by_name(ServerDialect dialect, string errorName, bool transient)
    {
        await using var server = await TestServers.StartAsync(dialect);
        server.Faults.FailQuery(new QueryFault { ErrorName = errorName });
        await using var connection = await OpenAsync(server, "MaxQueryAttempts=1");
        await using var command = new PrestoCommand("SELECT 1", connection);

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => command.ExecuteScalarAsync());

        Assert.Equal(errorName, error.ErrorName);
        Assert.Equal(transient, error.IsTransient);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(transient ? PrestoRetryStopReason.Disabled : PrestoRetryStopReason.NotRetryable, error.Classification?.StopReason);
    }

    [Fact]
    public async Task A_failure_after_rows_were_read_is_raised_by_the_read_that_reaches_it()
    {
        await using var server = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 1_000);
        server.Script("SELECT x FROM many", ScriptedResult.Generated([new ResultColumn("x", "bigint")], 10_000, i => [i]));
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.AfterPage, AfterPages = 3 });
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT x FROM many", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;

        var error = await Assert.ThrowsAsync<PrestoQueryException>(async () =>
        {
            while (await reader.ReadAsync())
            {
                rows++;
            }
        });

        Assert.Equal("REMOTE_TASK_ERROR", error.ErrorName);
        Assert.True(error.IsTransient);
        Assert.InRange(rows, 1, 9_999);
        await Assert.ThrowsAsync<PrestoQueryException>(() => reader.ReadAsync());
    }

    [Fact]
    public async Task Warnings_are_exposed_on_the_reader()
    {
        await using var server = await TestServers.StartAsync();
        server.Script("SELECT 1", ScriptedResult.FromRows([new ResultColumn("x", "integer")], [[1]]).WithWarnings("careful"));
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }

        Assert.Contains(reader.Warnings, w => w.Message == "careful");
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Schema_is_available_before_reading_and_for_empty_results(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server, "Catalog=tpch;Schema=tiny");
        await using var command = new PrestoCommand("SELECT nationkey, name, comment FROM nation WHERE nationkey < 0", connection);
        await using var reader = await command.ExecuteReaderAsync();

        Assert.Equal(3, reader.FieldCount);
        Assert.False(reader.HasRows);
        var table = reader.GetSchemaTable();
        Assert.Equal(["nationkey", "name", "comment"], table.Rows.Cast<DataRow>().Select(r => (string)r["ColumnName"]));
        Assert.Equal("bigint", table.Rows[0]["DataTypeName"]);
        var schema = reader.GetColumnSchema();
        Assert.Equal(2, schema[2].ColumnOrdinal);
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Only_one_reader_at_a_time_per_connection()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server, "Catalog=tpch;Schema=tiny");
        await using var first = new PrestoCommand("SELECT name FROM nation", connection);
        await using var reader = await first.ExecuteReaderAsync();
        await using var second = new PrestoCommand("SELECT 1", connection);

        await Assert.ThrowsAsync<InvalidOperationException>(() => second.ExecuteReaderAsync());
        await reader.DisposeAsync();
        Assert.NotNull(await second.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Misuse_raises_clear_exceptions()
    {
        await using var server = await TestServers.StartAsync();
        await using var closed = new PrestoConnection(TestServers.ConnectionString(server));
        await using var command = new PrestoCommand("SELECT 1", closed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteReaderAsync());

        await closed.OpenAsync();
        command.CommandText = "  ";
        await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteReaderAsync());
        command.CommandText = "SELECT 1";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.Throws<InvalidOperationException>(() => reader.GetValue(0));
        Assert.True(await reader.ReadAsync());
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetValue(5));
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetOrdinal("nope"));
    }

    [Fact]
    public async Task Per_command_session_properties_and_trace_token_reach_the_server()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT 1", connection) { TraceToken = "trace-42" };
        command.SessionProperties["query_max_run_time"] = "1h";

        await command.ExecuteScalarAsync();

        var post = server.Submissions.Single();
        Assert.Equal("trace-42", post.Header("X-Trino-Trace-Token"));
        Assert.Contains(post.Headers["X-Trino-Session"], v => v.Contains("query_max_run_time=1h", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Session_changes_carry_to_later_statements_of_the_connection_only(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        var prefix = dialect == ServerDialect.Trino ? "X-Trino-" : "X-Presto-";

        await using (var use = new PrestoCommand("USE tpch.tiny", connection))
        {
            await use.ExecuteNonQueryAsync();
        }

        await using (var set = new PrestoCommand("SET SESSION query_max_run_time = '1h'", connection))
        {
            await set.ExecuteNonQueryAsync();
        }

        server.Faults.FailQuery(new QueryFault { ErrorName = "GENERIC_INTERNAL_ERROR", Match = sql => sql.StartsWith("USE", StringComparison.Ordinal) });
        await using (var failing = new PrestoCommand("USE memory.default", connection))
        {
            await Assert.ThrowsAsync<PrestoQueryException>(() => failing.ExecuteNonQueryAsync());
        }

        Assert.Equal("tpch", connection.Database);
        Assert.Equal("tiny", connection.Schema);
        await using var count = new PrestoCommand("SELECT count(*) FROM nation", connection);
        Assert.Equal(25L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        var last = server.Submissions[^1];
        Assert.Equal("tpch", last.Header(prefix + "Catalog"));
        Assert.Equal("tiny", last.Header(prefix + "Schema"));
        Assert.Contains(last.Headers[prefix + "Session"], v => v.Contains("query_max_run_time=1h", StringComparison.Ordinal));

        connection.Close();
        await connection.OpenAsync();
        Assert.Equal(string.Empty, connection.Database);
    }

    private static async Task<PrestoConnection> OpenAsync(PrestoTestServer server, string? extra = null)
    {
        var connection = new PrestoConnection(TestServers.ConnectionString(server, extra));
        await connection.OpenAsync();
        return connection;
    }

    private static SyncServer StartSync() => new(TestServers.StartAsync().GetAwaiter().GetResult());

    private sealed class SyncServer(PrestoTestServer value) : IDisposable
    {
        public PrestoTestServer Value { get; } = value;

        public void Dispose() => Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
