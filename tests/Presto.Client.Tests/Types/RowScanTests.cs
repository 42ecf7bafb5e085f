using System.Globalization;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Types;

/// <summary>
/// The page parser scans rows by hand and decodes the common shape of each scalar type straight from the page bytes, handing
/// anything else to the general decoder. Through the public reader against the embedded server: the edges of every fast path
/// give the exact value and the exact wire text, the shapes it declines still decode, and malformed rows still fail.
/// </summary>
public sealed class RowScanTests
{
    public static TheoryData<string, string, string> Values() => new()
    {
        // type, wire JSON, expected value (invariant text; doubles as round-trip "R")
        { "bigint", "-9223372036854775808", "-9223372036854775808" },
        { "bigint", "9223372036854775807", "9223372036854775807" },
        { "bigint", "0", "0" },
        { "bigint", "-0", "0" },
        { "bigint", "1234567890123456789", "1234567890123456789" },
        { "bigint", "\"42\"", "42" },
        { "integer", "-2147483648", "-2147483648" },
        { "integer", "2147483647", "2147483647" },
        { "smallint", "-32768", "-32768" },
        { "tinyint", "127", "127" },
        { "double", "0.125", "0.125" },
        { "double", "1.0E7", "10000000" },
        { "double", "1e-7", "1E-07" },
        { "double", "-2.5E+3", "-2500" },
        { "double", "4.9E-324", "5E-324" },
        { "double", "1.7976931348623157E308", "1.7976931348623157E+308" },
        { "double", "12345678901234567890", "1.2345678901234567E+19" },
        { "double", "0.1000000000000000055511151231257827", "0.1" },
        { "double", "\"NaN\"", "NaN" },
        { "double", "\"-Infinity\"", "-Infinity" },
        { "boolean", "true", "True" },
        { "boolean", "false", "False" },
        { "decimal(38,18)", "\"0.123456789012345678\"", "0.123456789012345678" },
        { "decimal(38,18)", "\"-0.123456789012345678\"", "-0.123456789012345678" },
        { "decimal(38,18)", "\"1.000000000000000000\"", "1.000000000000000000" },
        { "decimal(38,18)", "\"12.123456789012345678\"", "12.123456789012345678" },
        { "decimal(12,2)", "\"-0.00\"", "0.00" },
        { "decimal(12,2)", "\"+1.50\"", "1.50" },
        { "decimal(12,2)", "\"7\"", "7" },
        { "decimal(12,2)", "12.25", "12.25" },
        { "decimal(20,0)", "\"99999999999999999999\"", "99999999999999999999" },
        { "date", "\"1998-09-18\"", "1998-09-18" },
        { "date", "\"2000-02-29\"", "2000-02-29" },
        { "date", "\"0001-01-01\"", "0001-01-01" },
        { "date", "\"9999-12-31\"", "9999-12-31" },
        { "timestamp(0)", "\"2020-01-02 03:04:05\"", "2020-01-02T03:04:05.0000000" },
        { "timestamp(1)", "\"2020-01-02 03:04:05.9\"", "2020-01-02T03:04:05.9000000" },
        { "timestamp(3)", "\"1989-08-29 18:58:59.898\"", "1989-08-29T18:58:59.8980000" },
        { "timestamp(7)", "\"2020-01-02 03:04:05.1234567\"", "2020-01-02T03:04:05.1234567" },
        { "timestamp(12)", "\"2020-01-02 23:59:59.999999999999\"", "2020-01-02T23:59:59.9999999" },
        { "timestamp(9)", "\"1999-12-31 00:00:00.123456789\"", "1999-12-31T00:00:00.1234567" },
        { "timestamp(6)", "\"2024-02-29 12:00:00.000001\"", "2024-02-29T12:00:00.0000010" },
        { "timestamp(3)", "\"2020-01-02T03:04:05.678\"", "2020-01-02T03:04:05.6780000" },
        { "varchar", "\"\"", "" },
        { "varchar", "\"plain ascii ~\u007f\"", "plain ascii ~\u007f" },
        { "varchar", "\"h\u00e9llo \u2713 \ud83d\ude00\"", "h\u00e9llo \u2713 \ud83d\ude00" },
        { "varchar", "\"esc \\\"q\\\" \\\\ \\/ \\n \\u00e9 \\ud83d\\ude00\"", "esc \"q\" \\ / \n \u00e9 \ud83d\ude00" },
        { "varchar", "\"\u00e9\\n\"", "\u00e9\n" },
        { "varchar", "\"" + new string('a', 300) + "\\t\\u00e9\"", new string('a', 300) + "\t\u00e9" },

        // Plain strings are checked byte by byte up to 32 bytes, then by a vectorised search: both sides of that length.
        { "varchar", "\"" + new string('a', 31) + "\"", new string('a', 31) },
        { "varchar", "\"" + new string('a', 32) + "\"", new string('a', 32) },
        { "varchar", "\"" + new string('a', 33) + "\"", new string('a', 33) },
        { "varchar", "\"" + new string('a', 31) + "\u00e9\"", new string('a', 31) + "\u00e9" },
        { "varchar", "\"" + new string('a', 40) + "\u00e9\"", new string('a', 40) + "\u00e9" },
        { "varchar", "\"" + new string('a', 32) + "\\n\"", new string('a', 32) + "\n" },
        { "varchar", "\"" + new string('a', 31) + "\\\"\"", new string('a', 31) + "\"" },
        { "real", "3.4028235E38", "3.4028235E+38" },
        { "real", "1.4E-45", "1E-45" },
        { "real", "-0.125", "-0.125" },
        { "real", "16777217", "16777216" },
        { "real", "\"NaN\"", "NaN" },
        { "time(3)", "\"13:14:15.678\"", "13:14:15.6780000" },
        { "time(12)", "\"23:59:59.999999999999\"", "23:59:59.9999999" },
        { "uuid", "\"12151fd2-7586-11e9-8f9e-2a86e4085a59\"", "12151fd2-7586-11e9-8f9e-2a86e4085a59" },
        { "timestamp(3) with time zone", "\"2020-01-02 03:04:05.678 +05:30\"", "2020-01-02T03:04:05.6780000+05:30" },
        { "timestamp(3) with time zone", "\"2020-06-01 12:00:00.000 America/New_York\"", "2020-06-01T12:00:00.0000000-04:00" },
        { "interval day to second", "\"1 02:03:04.005\"", "1.02:03:04.0050000" },
        { "interval year to month", "\"-1-2\"", "-1-2" },
        { "ipaddress", "\"10.1.2.3\"", "10.1.2.3" },
        { "varbinary", "\"aGVsbG8=\"", "aGVsbG8=" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task Each_value_reads_exactly_and_keeps_its_wire_text(string type, string wire, string expected)
    {
        // The cell between others, with JSON whitespace around every token, and again in a compact row.
        var columns = new[] { new ResultColumn("before", "bigint"), new ResultColumn("v", type), new ResultColumn("after", "varchar") };
        await using var query = await Query.RunAsync(columns, "[ 1 ,\n\t" + wire + " \r\n, \"x\" ]", "[2," + wire + ",\"y\"]", "[3,null,null]");
        var reader = query.Reader;
        var expectedWire = wire.StartsWith('"') ? System.Text.Json.JsonSerializer.Deserialize<string>(wire)! : wire;
        for (var row = 0; row < 2; row++)
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(row + 1, reader.GetInt64(0));
            Assert.Equal(Text(reader.GetValue(1)), expected);
            Assert.Equal(expectedWire, reader.GetFieldValue<string>(1));
            Assert.Equal(row == 0 ? "x" : "y", reader.GetString(2));
        }

        Assert.True(await reader.ReadAsync());
        Assert.True(reader.IsDBNull(1));
        Assert.True(reader.IsDBNull(2));
        Assert.Null(reader.GetFieldValue<string>(1));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Typed_getters_read_the_fast_path_values()
    {
        var columns = new[]
        {
            new ResultColumn("b", "bigint"), new ResultColumn("i", "integer"), new ResultColumn("d", "double"), new ResultColumn("s", "varchar"),
            new ResultColumn("t", "boolean"), new ResultColumn("m", "decimal(38,18)"), new ResultColumn("dt", "date"), new ResultColumn("ts", "timestamp(3)"),
        };
        await using var query = await Query.RunAsync(
            columns,
            """[-9223372036854775808,-2147483648,-0.0,"a\"b",true,"-0.000000000000000001","1970-01-01","1970-01-01 00:00:00.001"]""",
            """[9223372036854775807,2147483647,1.5E300,"é",false,"999999999999999999","2024-02-29","2024-02-29 23:59:59.999"]""");
        var reader = query.Reader;

        Assert.True(await reader.ReadAsync());
        Assert.Equal(long.MinValue, reader.GetInt64(0));
        Assert.Equal(int.MinValue, reader.GetInt32(1));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(reader.GetDouble(2)));
        Assert.Equal("-0.0", reader.GetFieldValue<string>(2));
        Assert.Equal("a\"b", reader.GetString(3));
        Assert.True(reader.GetBoolean(4));
        Assert.Equal(-0.000000000000000001m, reader.GetDecimal(5));
        Assert.Equal(18, reader.GetDecimal(5).Scale);
        Assert.Equal(new DateOnly(1970, 1, 1), reader.GetFieldValue<DateOnly>(6));
        Assert.Equal(new DateTime(1970, 1, 1, 0, 0, 0, 1), reader.GetDateTime(7));

        Assert.True(await reader.ReadAsync());
        Assert.Equal(long.MaxValue, reader.GetInt64(0));
        Assert.Equal(int.MaxValue, reader.GetInt32(1));
        Assert.Equal(1.5E300, reader.GetDouble(2));
        Assert.Equal("é", reader.GetString(3));
        Assert.False(reader.GetBoolean(4));
        Assert.Equal(999999999999999999m, reader.GetDecimal(5));
        Assert.Equal(new DateOnly(2024, 2, 29), reader.GetFieldValue<DateOnly>(6));
        Assert.Equal(new DateTime(2024, 2, 29, 23, 59, 59, 999), reader.GetDateTime(7));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Strings_read_again_and_nulls_after_values_in_a_page_read_right()
    {
        // Two text columns (each keeps its last made string), and nulls only in later rows of the page (a column's cells are
        // all values until its first null).
        var columns = new[] { new ResultColumn("a", "varchar"), new ResultColumn("b", "varchar"), new ResultColumn("n", "bigint") };
        await using var query = await Query.RunAsync(columns, "[\"x1\",\"y1\",1]", "[\"x2\",null,2]", "[null,\"y3\",null]");
        var reader = query.Reader;

        Assert.True(await reader.ReadAsync());
        var first = reader.GetString(0);
        Assert.Equal("x1", first);
        Assert.Equal("y1", reader.GetString(1));
        Assert.Same(first, reader.GetString(0));
        Assert.Equal("x1", reader.GetValue(0));
        Assert.Equal("x1", reader.GetFieldValue<string>(0));
        Assert.False(reader.IsDBNull(2));
        Assert.Equal(1L, reader.GetInt64(2));

        Assert.True(await reader.ReadAsync());
        Assert.Equal("x2", reader.GetString(0));
        Assert.True(reader.IsDBNull(1));
        Assert.Equal(DBNull.Value, reader.GetValue(1));
        Assert.Equal(2L, reader.GetInt64(2));

        Assert.True(await reader.ReadAsync());
        Assert.True(reader.IsDBNull(0));
        Assert.Equal("y3", reader.GetString(1));
        Assert.True(reader.IsDBNull(2));
        Assert.Throws<InvalidCastException>(() => reader.GetInt64(2));
        Assert.Throws<InvalidCastException>(() => reader.GetString(0));
        Assert.False(await reader.ReadAsync());
    }

    [Theory]
    [InlineData("decimal(38,0)", "\"99999999999999999999999999999999999999\"")]
    [InlineData("decimal(38,30)", "\"-0.123456789012345678901234567890\"")]
    [InlineData("date", "\"+10000-01-01\"")]
    [InlineData("date", "\"-0001-12-31\"")]
    [InlineData("timestamp(3)", "\"+10000-01-01 00:00:00.000\"")]
    public async Task Values_beyond_the_natural_type_still_read_exactly(string type, string wire)
    {
        await using var query = await Query.RunAsync([new ResultColumn("v", type)], "[" + wire + "]");
        var reader = query.Reader;
        Assert.True(await reader.ReadAsync());
        Assert.Equal(System.Text.Json.JsonSerializer.Deserialize<string>(wire), reader.GetFieldValue<string>(0));
        Assert.Equal(reader.GetProviderSpecificFieldType(0), reader.GetValue(0).GetType());
        Assert.Equal(reader.GetFieldValue<string>(0), Convert.ToString(reader.GetProviderSpecificValue(0), CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("bigint", "9223372036854775808")]
    [InlineData("bigint", "-9223372036854775809")]
    [InlineData("bigint", "12345678901234567890")]
    [InlineData("bigint", "01")]
    [InlineData("bigint", "-")]
    [InlineData("bigint", "1.5")]
    [InlineData("bigint", "1e3")]
    [InlineData("bigint", "+1")]
    [InlineData("integer", "2147483648")]
    [InlineData("double", "01.5")]
    [InlineData("double", "1.")]
    [InlineData("double", ".5")]
    [InlineData("double", "1e")]
    [InlineData("double", "1e+")]
    [InlineData("double", "-")]
    [InlineData("double", "NaN")]
    [InlineData("boolean", "tru")]
    [InlineData("boolean", "True")]
    [InlineData("boolean", "truex")]
    [InlineData("boolean", "nul")]
    [InlineData("varchar", "nullx")]
    [InlineData("varchar", "\"tab\there\"")]
    [InlineData("varchar", "\"bad \\x escape\"")]
    [InlineData("varchar", "\"lone \\ud800 surrogate\"")]
    [InlineData("varchar", "\"short \\u12\"")]
    [InlineData("varchar", "'single'")]
    [InlineData("decimal(12,2)", "\"1.\"")]
    [InlineData("decimal(12,2)", "\"1.5\\u0000\"")]
    [InlineData("date", "\"2021-02-29\"")]
    [InlineData("date", "\"2020-1-01\"")]
    [InlineData("timestamp(3)", "\"2020-01-02 03:04:05.\"")]
    [InlineData("timestamp(3)", "\"2020-01-02 24:00:00.000\"")]
    [InlineData("timestamp(12)", "\"2020-01-02 03:04:05.1234567890123\"")]
    [InlineData("timestamp(3)", "\"2021-02-29 03:04:05.000\"")]
    [InlineData("timestamp(3)", "\"2020-01-02x03:04:05.000\"")]
    [InlineData("bigint", "1 2")]
    [InlineData("bigint", "1,")]
    [InlineData("bigint", "1]")]
    public async Task Malformed_cells_are_protocol_errors(string type, string wire) =>
        await Assert.ThrowsAsync<PrestoProtocolException>(async () =>
        {
            await using var query = await Query.RunAsync([new ResultColumn("v", type), new ResultColumn("w", "bigint")], "[" + wire + ",1]");
            while (await query.Reader.ReadAsync())
            {
                _ = query.Reader.GetValue(0);
            }
        });

    private static string Text(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToBase64String(b),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    /// <summary>An embedded server answering one query with raw rows, and an open reader on it.</summary>
    private sealed class Query : IAsyncDisposable
    {
        private const string Sql = "SELECT v";

        private readonly PrestoTestServer _server;
        private readonly PrestoConnection _connection;
        private readonly PrestoCommand _command;

        private Query(PrestoTestServer server, PrestoConnection connection, PrestoCommand command)
        {
            _server = server;
            _connection = connection;
            _command = command;
        }

        public PrestoDataReader Reader { get; private set; } = null!;

        public static async Task<Query> RunAsync(ResultColumn[] columns, params string[] rows)
        {
            var server = await TestServers.StartAsync();
            server.Script(Sql, ScriptedResult.FromRawRows(columns, rows));
            var connection = new PrestoConnection(TestServers.ConnectionString(server));
            var query = new Query(server, connection, new PrestoCommand(Sql, connection));
            try
            {
                await connection.OpenAsync();
                query.Reader = await query._command.ExecuteReaderAsync();
                return query;
            }
            catch
            {
                await query.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Reader is not null)
            {
                await Reader.DisposeAsync();
            }

            await _command.DisposeAsync();
            await _connection.DisposeAsync();
            await _server.DisposeAsync();
        }
    }
}
