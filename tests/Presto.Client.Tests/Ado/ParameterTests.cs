using System.Data;
using System.Globalization;
using System.Net;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

/// <summary>Parameters through the public API against the embedded server, in both dialects.</summary>
public sealed class ParameterTests
{
    public static IEnumerable<object[]> Dialects => TestServers.Dialects;

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Each_clr_type_round_trips_through_a_positional_parameter(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);

        await AssertRoundTrip(connection, "plain text", "varchar");
        await AssertRoundTrip(connection, string.Empty, "varchar");
        await AssertRoundTrip(connection, true, "boolean");
        await AssertRoundTrip(connection, false, "boolean");
        await AssertRoundTrip(connection, (sbyte)-128, "tinyint");
        await AssertRoundTrip(connection, short.MinValue, "smallint");
        await AssertRoundTrip(connection, int.MinValue, "integer");
        await AssertRoundTrip(connection, int.MaxValue, "integer");
        await AssertRoundTrip(connection, long.MinValue, "bigint");
        await AssertRoundTrip(connection, long.MaxValue, "bigint");
        await AssertRoundTrip(connection, 0.1, "double");
        await AssertRoundTrip(connection, 1e300, "double");
        await AssertRoundTrip(connection, -2.5e-300, "double");
        await AssertRoundTrip(connection, Math.PI, "double");
        await AssertRoundTrip(connection, 0.1f, "real");
        await AssertRoundTrip(connection, float.MaxValue, "real");
        await AssertRoundTrip(connection, new byte[] { 0, 1, 0x0A, 0xFF, (byte)'\'' }, "varbinary");
        await AssertRoundTrip(connection, new DateTime(2024, 2, 29, 13, 14, 15, 123), "timestamp");
        if (dialect == ServerDialect.Trino)
        {
            // PrestoDB timestamps have millisecond precision.
            await AssertRoundTrip(connection, new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(1234567), "timestamp(7)");
        }
#if NET6_0_OR_GREATER
        await AssertRoundTrip(connection, new DateOnly(1999, 12, 31), "date");
#endif
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Decimals_keep_their_digits_and_scale(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);

        foreach (decimal value in new[] { 123.450m, -0.05m, 79228162514264337593543950335m, 0.0000000000000000000000000001m, 42m })
        {
            await using var command = new PrestoCommand("SELECT ?", connection);
            command.Parameters.Add(new PrestoParameter { Value = value });
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.StartsWith("decimal(", reader.GetDataTypeName(0), StringComparison.Ordinal);
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), reader.GetDecimal(0).ToString(CultureInfo.InvariantCulture));
            Assert.Equal("EXECUTE ", server.Submissions[^1].Body[..8]);
            Assert.EndsWith("USING DECIMAL '" + value.ToString(CultureInfo.InvariantCulture) + "'", server.Submissions[^1].Body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Literals_the_embedded_engine_cannot_evaluate_are_sent_exactly(ServerDialect dialect)
    {
        // The embedded engine has no uuid, time, interval, array, map or timestamp with time zone; a real server
        // evaluates these literals, so the EXECUTE text the server received is what is checked.
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        var cases = new (object? Value, string Literal)[]
        {
            (Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), "UUID '0f8fad5b-d9cb-469f-a165-70867728950e'"),
            (new DateTimeOffset(2024, 1, 2, 3, 4, 5, 6, TimeSpan.FromMinutes(-330)), "TIMESTAMP '2024-01-02 03:04:05.006 -05:30'"),
            (new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), "TIMESTAMP '2024-01-02 03:04:05.000 UTC'"),
            (new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Local), "TIMESTAMP '2024-01-02 03:04:05.000'"),
            (new TimeSpan(1, 2, 3, 4, 5), "INTERVAL '1 02:03:04.005' DAY TO SECOND"),
            (TimeSpan.FromMilliseconds(-1500), "INTERVAL -'0 00:00:01.500' DAY TO SECOND"),
            (new PrestoIntervalYearToMonth(-14), "INTERVAL -'1-2' YEAR TO MONTH"),
            (new PrestoIntervalDayToSecond(long.MinValue), "INTERVAL -'106751991167 07:12:55.808' DAY TO SECOND"),
            (double.NaN, "nan()"),
            (double.PositiveInfinity, "infinity()"),
            (double.NegativeInfinity, "-infinity()"),
            (float.NaN, "CAST(nan() AS real)"),
            (-0.0, "DOUBLE '-0'"),
            (1e7, "DOUBLE '10000000'"),
            (ulong.MaxValue, "DECIMAL '18446744073709551615'"),
            ((byte)200, "SMALLINT '200'"),
            ('x', "'x'"),
            (DayOfWeek.Friday, "INTEGER '5'"),
            (IPAddress.Parse("2001:db8::1"), "IPADDRESS '2001:db8::1'"),
            (IPAddress.Parse("10.0.0.1"), "IPADDRESS '10.0.0.1'"),
            (new[] { 1L, 2L, 3L }, "ARRAY[BIGINT '1', BIGINT '2', BIGINT '3']"),
            (new List<string?> { "a'b", null }, "ARRAY['a''b', NULL]"),
            (Array.Empty<int>(), "CAST(ARRAY[] AS array(integer))"),
            (new int?[][] { [1, null], [] }, "ARRAY[ARRAY[INTEGER '1', NULL], CAST(ARRAY[] AS array(integer))]"),
            (new Dictionary<string, double> { ["k"] = 1.5 }, "MAP(ARRAY['k'], ARRAY[DOUBLE '1.5'])"),
            (PrestoDecimal.Parse("-12345678901234567890123456789012345.678"), "DECIMAL '-12345678901234567890123456789012345.678'"),
            (PrestoTimestamp.Parse("+10000-01-01 00:00:00.123456789012"), "TIMESTAMP '+10000-01-01 00:00:00.123456789012'"),
            (PrestoTimestampWithTimeZone.Parse("2024-03-10 02:30:00.000 America/New_York"), "TIMESTAMP '2024-03-10 02:30:00.000 America/New_York'"),
            (PrestoDate.Parse("-0001-01-01"), "DATE '-0001-01-01'"),
            (PrestoTime.Parse("23:59:59.999999999999"), "TIME '23:59:59.999999999999'"),
            (PrestoTimeWithTimeZone.Parse("10:15:30.123+05:30"), "TIME '10:15:30.123+05:30'"),
            (null, "NULL"),
            (DBNull.Value, "NULL"),
#if NET6_0_OR_GREATER
            (new TimeOnly(23, 59, 59, 999), "TIME '23:59:59.999'"),
            (new TimeOnly(1, 2, 3).Add(TimeSpan.FromTicks(10)), "TIME '01:02:03.000001'"),
#endif
        };

        foreach (var (value, literal) in cases)
        {
            await using var command = new PrestoCommand("SELECT @v", connection);
            command.Parameters.AddWithValue("v", value);
            var text = await SentAsync(server, command);
            Assert.Equal(literal, text.Arguments);
            Assert.Equal("SELECT ?", text.Statement);
        }
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Injection_attempts_come_back_verbatim_as_data(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using (var create = new PrestoCommand("CREATE TABLE memory.default.victims (id bigint, name varchar)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        string[] attacks =
        [
            "'; DROP TABLE memory.default.victims; --",
            "\\'; DROP TABLE memory.default.victims; --",
            "' OR '1'='1",
            "''",
            "'",
            "\u2019; DROP TABLE x; --\u2018 \u02BC \uFF07",
            "nul\0byte",
            "line\nbreak\r\n-- comment\n/* block */",
            "?, @v, :v, $1",
            "X'00' || U&'\\0000'",
            "\"quoted\"\" identifier",
            "emoji 😀 and 中文",
        ];

        long id = 0;
        foreach (string attack in attacks)
        {
            await using (var insert = new PrestoCommand("INSERT INTO memory.default.victims VALUES (:id, :name)", connection))
            {
                insert.Parameters.AddWithValue(":id", ++id);
                insert.Parameters.AddWithValue(":name", attack);
                Assert.Equal(1, await insert.ExecuteNonQueryAsync());
            }

            await using var select = new PrestoCommand("SELECT name, @name = name FROM memory.default.victims WHERE id = @id", connection);
            select.Parameters.AddWithValue("@id", id);
            select.Parameters.AddWithValue("@name", attack);
            await using var reader = await select.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(attack, reader.GetString(0));
            Assert.True(reader.GetBoolean(1));
            Assert.False(await reader.ReadAsync());
        }

        await using var count = new PrestoCommand("SELECT count(*) FROM memory.default.victims", connection);
        Assert.Equal(attacks.Length, Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Placeholders_inside_literals_identifiers_and_comments_are_left_alone(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        const string sql = "SELECT '@a ? :b '' @c' AS \"x@y ?:z\", @a AS v -- ? @b :c\n, /* @a ? :b */ 'it''s' AS w";
        await using var command = new PrestoCommand(sql, connection);
        command.Parameters.AddWithValue("a", "value");

        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("@a ? :b ' @c", reader.GetString(0));
        Assert.Equal("x@y ?:z", reader.GetName(0));
        Assert.Equal("value", reader.GetString(1));
        Assert.Equal("it's", reader.GetString(2));
        await reader.CloseAsync();

        var sent = Sent(server);
        Assert.Equal(sql.Replace("@a AS v", "? AS v", StringComparison.Ordinal), sent.Statement);
        Assert.Equal("'value'", sent.Arguments);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task A_named_parameter_used_twice_is_sent_twice(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT @n + 1, @N * 2, :n", connection);
        command.Parameters.Add(new PrestoParameter("@n", 20));

        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(21, Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        Assert.Equal(40, Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
        Assert.Equal(20, reader.GetInt32(2));
        await reader.CloseAsync();
        Assert.Equal("INTEGER '20', INTEGER '20', INTEGER '20'", Sent(server).Arguments);
        Assert.Equal("SELECT ? + 1, ? * 2, ?", Sent(server).Statement);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Positional_parameters_bind_in_order(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server, "Catalog=tpch;Schema=tiny");
        await using var command = new PrestoCommand("SELECT name FROM nation WHERE regionkey = ? AND nationkey < ? ORDER BY nationkey", connection);
        command.Parameters.Add(new PrestoParameter { Value = 1L });
        command.Parameters.Add(new PrestoParameter { Value = 10 });

        var names = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["ARGENTINA", "BRAZIL", "CANADA"], names);
        Assert.Equal("BIGINT '1', INTEGER '10'", Sent(server).Arguments);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task An_in_list_of_parameters_expanded_like_dapper_works(ServerDialect dialect)
    {
        // Dapper rewrites "IN @ids" into "IN (@ids1, @ids2, @ids3)" and adds one parameter per element.
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server, "Catalog=tpch;Schema=tiny");
        await using var command = new PrestoCommand("SELECT name FROM region WHERE regionkey IN (@ids1, @ids2, @ids3) ORDER BY regionkey", connection);
        command.Parameters.AddWithValue("ids1", 0L);
        command.Parameters.AddWithValue("ids2", 2L);
        command.Parameters.AddWithValue("ids3", 4L);
        command.Parameters.AddWithValue("unused", "ignored");

        var names = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["AFRICA", "ASIA", "MIDDLE EAST"], names);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Typed_nulls_carry_their_type(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT ?, ?, ?, ?", connection);
        command.Parameters.Add(new PrestoParameter { DbType = DbType.Int64, Value = null });
        command.Parameters.Add(new PrestoParameter { DbType = DbType.String, Value = DBNull.Value });
        command.Parameters.Add(new PrestoParameter { PrestoTypeName = "decimal(10,2)", Value = null });
        command.Parameters.Add(new PrestoParameter { Value = null });

        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("bigint", reader.GetDataTypeName(0));
        Assert.Equal("varchar", reader.GetDataTypeName(1));
        Assert.Equal("decimal(10,2)", reader.GetDataTypeName(2).Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal("unknown", reader.GetDataTypeName(3));
        for (int i = 0; i < 4; i++)
        {
            Assert.True(reader.IsDBNull(i));
        }

        await reader.CloseAsync();
        Assert.Equal("CAST(NULL AS bigint), CAST(NULL AS varchar), CAST(NULL AS decimal(10,2)), NULL", Sent(server).Arguments);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task PrestoTypeName_casts_the_literal_and_rejects_anything_but_type_syntax(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT ?", connection);
        var parameter = command.Parameters.Add(new PrestoParameter { Value = 12.5m, PrestoTypeName = "decimal(10,3)" });

        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal("decimal(10,3)", reader.GetDataTypeName(0).Replace(" ", string.Empty, StringComparison.Ordinal));
            Assert.Equal(12.5m, reader.GetDecimal(0));
        }

        Assert.Equal("CAST(DECIMAL '12.5' AS decimal(10,3))", Sent(server).Arguments);

        int sent = server.Submissions.Count;
        parameter.PrestoTypeName = "bigint) FROM x; --";
        await Assert.ThrowsAsync<ArgumentException>(() => command.ExecuteReaderAsync());
        Assert.Equal(sent, server.Submissions.Count);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Explicit_date_and_time_db_types_convert_a_DateTime(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT ?", connection);
        var parameter = command.Parameters.Add(new PrestoParameter { DbType = DbType.Date, Value = new DateTime(2020, 5, 6, 7, 8, 9) });
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal("date", reader.GetDataTypeName(0));
            Assert.Equal(new DateTime(2020, 5, 6), reader.GetDateTime(0));
        }

        parameter.DbType = DbType.Time;
        parameter.Value = new TimeSpan(0, 7, 8, 9, 10);
        await Assert.ThrowsAnyAsync<Exception>(() => command.ExecuteReaderAsync());
        Assert.Equal("TIME '07:08:09.010'", Sent(server).Arguments);

        parameter.ResetDbType();
        Assert.Equal(DbType.Object, parameter.DbType);
        parameter.Value = 5L;
        Assert.Equal(DbType.Int64, parameter.DbType);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task The_prepared_statement_is_sent_for_that_request_only(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        string prefix = dialect == ServerDialect.Trino ? "X-Trino-" : "X-Presto-";
        await using (var command = new PrestoCommand("SELECT @x", connection))
        {
            command.Parameters.AddWithValue("x", "a,b=c+d%e f");
            Assert.Equal("a,b=c+d%e f", await command.ExecuteScalarAsync());
        }

        var first = server.Submissions[^1];
        var header = Assert.Single(first.Headers[prefix + "Prepared-Statement"]);
        Assert.Matches("^presto_client_stmt_[0-9]+=SELECT%20%3F$", header);
        Assert.StartsWith("EXECUTE " + header[..header.IndexOf('=', StringComparison.Ordinal)] + " USING ", first.Body, StringComparison.Ordinal);

        await using (var plain = new PrestoCommand("SELECT 1", connection))
        {
            Assert.Equal(1, await plain.ExecuteScalarAsync());
        }

        Assert.False(server.Submissions[^1].Headers.ContainsKey(prefix + "Prepared-Statement"));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task A_statement_without_placeholders_runs_unchanged(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT 'no @params here' -- ?", connection);
        command.Parameters.AddWithValue("params", 1);

        Assert.Equal("no @params here", await command.ExecuteScalarAsync());
        Assert.Equal("SELECT 'no @params here' -- ?", server.Submissions[^1].Body);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Binding_errors_name_the_problem_before_anything_is_sent(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);

        await using var missing = new PrestoCommand("SELECT @present, @absent", connection);
        missing.Parameters.AddWithValue("present", 1);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => missing.ExecuteReaderAsync());
        Assert.Contains("'absent'", error.Message, StringComparison.Ordinal);

        await using var mixed = new PrestoCommand("SELECT @a, ?", connection);
        mixed.Parameters.AddWithValue("a", 1);
        error = await Assert.ThrowsAsync<InvalidOperationException>(() => mixed.ExecuteReaderAsync());
        Assert.Contains("mixes", error.Message, StringComparison.Ordinal);

        await using var tooFew = new PrestoCommand("SELECT ?, ?", connection);
        tooFew.Parameters.Add(new PrestoParameter { Value = 1 });
        error = await Assert.ThrowsAsync<InvalidOperationException>(() => tooFew.ExecuteReaderAsync());
        Assert.Contains("2 positional", error.Message, StringComparison.Ordinal);

        await using var duplicate = new PrestoCommand("SELECT @a", connection);
        duplicate.Parameters.AddWithValue("@a", 1);
        duplicate.Parameters.AddWithValue(":A", 2);
        error = await Assert.ThrowsAsync<InvalidOperationException>(() => duplicate.ExecuteReaderAsync());
        Assert.Contains("more than one", error.Message, StringComparison.Ordinal);

        await using var unsupported = new PrestoCommand("SELECT @a", connection);
        unsupported.Parameters.AddWithValue("a", new object());
        var notSupported = await Assert.ThrowsAsync<NotSupportedException>(() => unsupported.ExecuteReaderAsync());
        Assert.Contains("System.Object", notSupported.Message, StringComparison.Ordinal);
        Assert.Contains("'a'", notSupported.Message, StringComparison.Ordinal);

        await using var surrogate = new PrestoCommand("SELECT @a", connection);
        surrogate.Parameters.AddWithValue("a", "bad \uD800 text");
        await Assert.ThrowsAsync<ArgumentException>(() => surrogate.ExecuteReaderAsync());

        await using var subMillisecond = new PrestoCommand("SELECT @a", connection);
        subMillisecond.Parameters.AddWithValue("a", TimeSpan.FromTicks(1));
        await Assert.ThrowsAsync<ArgumentException>(() => subMillisecond.ExecuteReaderAsync());

        Assert.Empty(server.Submissions);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Cast_operators_system_variables_and_identifiers_with_at_or_colon_are_not_placeholders(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT a@b, x:y, @@version, 1::int, @p", connection);
        command.Parameters.AddWithValue("p", 1);
        command.Parameters.AddWithValue("b", 2);
        command.Parameters.AddWithValue("y", 3);
        command.Parameters.AddWithValue("version", 4);
        command.Parameters.AddWithValue("int", 5);

        // The embedded engine rejects this SQL; what matters is what was bound.
        await Assert.ThrowsAnyAsync<Exception>(() => command.ExecuteReaderAsync());
        Assert.Equal("SELECT a@b, x:y, @@version, 1::int, ?", Sent(server).Statement);
        Assert.Equal("INTEGER '1'", Sent(server).Arguments);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task The_synchronous_path_binds_the_same_way(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        using var connection = new PrestoConnection(TestServers.ConnectionString(server, "Catalog=tpch;Schema=tiny"));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM region WHERE name = :name OR regionkey = :key";
        var name = command.CreateParameter();
        name.ParameterName = "name";
        name.Value = "EUROPE";
        command.Parameters.Add(name);
        command.Parameters.Add(new PrestoParameter("key", 0L));

        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        Assert.Equal(["AFRICA", "EUROPE"], names.Order(StringComparer.Ordinal));
        Assert.Equal("EUROPE", ((System.Data.Common.DbCommand)command).Parameters["@name"].Value);
    }

    private static async Task AssertRoundTrip(PrestoConnection connection, object value, string type)
    {
        foreach (string sql in (string[])["SELECT ?", "SELECT @value", "SELECT :value"])
        {
            await using var command = new PrestoCommand(sql, connection);
            if (sql.Contains('?', StringComparison.Ordinal))
            {
                command.Parameters.Add(new PrestoParameter { Value = value });
            }
            else
            {
                command.Parameters.AddWithValue("value", value);
            }

            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.StartsWith(type, reader.GetDataTypeName(0), StringComparison.Ordinal);
            object read = reader.GetValue(0);
            Assert.Equal(value, read);
            Assert.Equal(value.GetType(), read.GetType());
        }
    }

    private static async Task<(string Statement, string Arguments)> SentAsync(PrestoTestServer server, PrestoCommand command)
    {
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }
        catch (PrestoQueryException)
        {
            // The embedded engine could not evaluate the literal; the request is what is checked.
        }

        return Sent(server);
    }

    /// <summary>The prepared statement (URL-decoded header) and the USING arguments of the last submission.</summary>
    private static (string Statement, string Arguments) Sent(PrestoTestServer server)
    {
        var request = server.Submissions[^1];
        string prefix = server.Dialect == ServerDialect.Trino ? "X-Trino-" : "X-Presto-";
        string header = Assert.Single(request.Headers[prefix + "Prepared-Statement"]);
        int eq = header.IndexOf('=', StringComparison.Ordinal);
        string name = Uri.UnescapeDataString(header[..eq]);
        string statement = Uri.UnescapeDataString(header[(eq + 1)..]);
        string expectedStart = "EXECUTE " + name + " USING ";
        Assert.StartsWith(expectedStart, request.Body, StringComparison.Ordinal);
        return (statement, request.Body[expectedStart.Length..]);
    }

    private static async Task<PrestoConnection> OpenAsync(PrestoTestServer server, string? extra = null)
    {
        var connection = new PrestoConnection(TestServers.ConnectionString(server, extra));
        await connection.OpenAsync();
        return connection;
    }
}
