using System.Data;
using Dapper;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Dapper;

/// <summary>
/// Dapper 2.1 over Presto.Client against the embedded server, in both dialects: materialising classes and positional records
/// (Dapper binds records through their constructor, which needs each column's <c>GetFieldType</c> to equal the parameter type),
/// scalars, DML counts and parameters of every supported type, including Dapper's <c>IN @list</c> expansion.
/// </summary>
public sealed class DapperTests
{
    private const string AllTypesSql = "SELECT all_types";

    private static readonly ResultColumn[] s_columns =
    [
        new("big", "bigint"), new("int", "integer"), new("wide", "decimal(38,2)"), new("narrow", "decimal(10,2)"),
        new("dbl", "double"), new("flag", "boolean"), new("text", "varchar"), new("ts", "timestamp(3)"),
        new("tstz", "timestamp(3) with time zone"), new("day", "date"), new("id", "uuid"), new("bytes", "varbinary"),
    ];

    private static readonly Guid s_guid = Guid.Parse("12151fd2-7586-11e9-8f9e-2a86e4085a59");
    private static readonly DateTime s_ts = new(2024, 2, 29, 13, 14, 15, 123);
    private static readonly DateTimeOffset s_tstz = new(2024, 1, 2, 3, 4, 5, 678, TimeSpan.FromMinutes(330));
    private static readonly DateOnly s_day = new(1999, 12, 31);
    private static readonly byte[] s_bytes = [0, 1, 0x27, 0xFF];

    // A decimal(38,2) value with 36 digits does not fit System.Decimal; 28 digits do.
    private const decimal Wide = 12345678901234567890123456.78m;

    private static readonly object?[] s_row =
    [
        long.MinValue, int.MaxValue, "12345678901234567890123456.78", -12345678.90m, 1.0E7, true, "it's \"quoted\"", s_ts, s_tstz,
        s_day, s_guid, s_bytes,
    ];

    public static IEnumerable<object[]> Dialects => TestServers.Dialects;

    public sealed class AllTypes
    {
        public long Big { get; set; }
        public int Int { get; set; }
        public decimal Wide { get; set; }
        public decimal Narrow { get; set; }
        public double Dbl { get; set; }
        public bool Flag { get; set; }
        public string Text { get; set; } = string.Empty;
        public DateTime Ts { get; set; }
        public DateTimeOffset Tstz { get; set; }
        public DateOnly Day { get; set; }
        public Guid Id { get; set; }
        public byte[] Bytes { get; set; } = [];
    }

    public sealed class NullableTypes
    {
        public long? Big { get; set; }
        public int? Int { get; set; }
        public decimal? Wide { get; set; }
        public decimal? Narrow { get; set; }
        public double? Dbl { get; set; }
        public bool? Flag { get; set; }
        public string? Text { get; set; }
        public DateTime? Ts { get; set; }
        public DateTimeOffset? Tstz { get; set; }
        public DateOnly? Day { get; set; }
        public Guid? Id { get; set; }
        public byte[]? Bytes { get; set; }
    }

    public sealed record AllTypesRecord(
        long Big, int Int, decimal Wide, decimal Narrow, double Dbl, bool Flag, string Text, DateTime Ts, DateTimeOffset Tstz,
        DateOnly Day, Guid Id, byte[] Bytes);

    public sealed record NullableRecord(
        long? Big, int? Int, decimal? Wide, decimal? Narrow, double? Dbl, bool? Flag, string? Text, DateTime? Ts,
        DateTimeOffset? Tstz, DateOnly? Day, Guid? Id, byte[]? Bytes);

    public sealed record Nation(long NationKey, string Name, long RegionKey);

    /// <summary>Common property types that differ from the column's natural type; Dapper converts them.</summary>
    public sealed class Widened
    {
        public long Int { get; set; }
        public double Narrow { get; set; }
        public DateTime Day { get; set; }
        public decimal Dbl { get; set; }
        public string Text { get; set; } = string.Empty;
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Query_maps_every_type_into_a_class(ServerDialect dialect)
    {
        await using var server = await StartWithAllTypesAsync(dialect);
        await using var connection = await OpenAsync(server);

        var rows = connection.Query<AllTypes>(AllTypesSql).ToList();
        AssertFirstRow(rows[0]);
        var asyncRows = (await connection.QueryAsync<AllTypes>(AllTypesSql)).ToList();
        AssertFirstRow(asyncRows[0]);

        // The NULL row leaves non-nullable members at their default.
        Assert.Equal(0, rows[1].Big);
        Assert.Equal(default, rows[1].Day);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Query_maps_every_type_into_nullable_members(ServerDialect dialect)
    {
        await using var server = await StartWithAllTypesAsync(dialect);
        await using var connection = await OpenAsync(server);

        foreach (var rows in new[] { connection.Query<NullableTypes>(AllTypesSql).ToList(), (await connection.QueryAsync<NullableTypes>(AllTypesSql)).ToList() })
        {
            Assert.Equal(2, rows.Count);
            var r = rows[0];
            Assert.Equal(long.MinValue, r.Big);
            Assert.Equal(int.MaxValue, r.Int);
            Assert.Equal(Wide, r.Wide);
            Assert.Equal(-12345678.90m, r.Narrow);
            Assert.Equal(1.0E7, r.Dbl);
            Assert.True(r.Flag);
            Assert.Equal("it's \"quoted\"", r.Text);
            Assert.Equal(s_ts, r.Ts);
            Assert.Equal(s_tstz, r.Tstz);
            Assert.Equal(s_day, r.Day);
            Assert.Equal(s_guid, r.Id);
            Assert.Equal(s_bytes, r.Bytes);

            var n = rows[1];
            Assert.Null(n.Big);
            Assert.Null(n.Int);
            Assert.Null(n.Wide);
            Assert.Null(n.Narrow);
            Assert.Null(n.Dbl);
            Assert.Null(n.Flag);
            Assert.Null(n.Text);
            Assert.Null(n.Ts);
            Assert.Null(n.Tstz);
            Assert.Null(n.Day);
            Assert.Null(n.Id);
            Assert.Null(n.Bytes);
        }
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Query_maps_every_type_into_a_positional_record(ServerDialect dialect)
    {
        await using var server = await StartWithAllTypesAsync(dialect);
        await using var connection = await OpenAsync(server);

        var record = connection.QueryFirst<AllTypesRecord>(AllTypesSql);
        var asyncRecord = await connection.QueryFirstAsync<AllTypesRecord>(AllTypesSql);
        foreach (var r in new[] { record, asyncRecord })
        {
            Assert.Equal(long.MinValue, r.Big);
            Assert.Equal(int.MaxValue, r.Int);
            Assert.Equal(Wide, r.Wide);
            Assert.Equal(-12345678.90m, r.Narrow);
            Assert.Equal(1.0E7, r.Dbl);
            Assert.True(r.Flag);
            Assert.Equal("it's \"quoted\"", r.Text);
            Assert.Equal(s_ts, r.Ts);
            Assert.Equal(s_tstz, r.Tstz);
            Assert.Equal(s_day, r.Day);
            Assert.Equal(s_guid, r.Id);
            Assert.Equal(s_bytes, r.Bytes);
        }

        var nullable = connection.Query<NullableRecord>(AllTypesSql).ToList();
        Assert.Equal(long.MinValue, nullable[0].Big);
        Assert.Equal(s_day, nullable[0].Day);
        Assert.Equal(s_guid, nullable[0].Id);
        Assert.Equal(new NullableRecord(null, null, null, null, null, null, null, null, null, null, null, null), nullable[1]);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Query_converts_to_wider_or_other_member_types(ServerDialect dialect)
    {
        await using var server = await StartWithAllTypesAsync(dialect);
        await using var connection = await OpenAsync(server);

        var r = connection.QueryFirst<Widened>(AllTypesSql);
        Assert.Equal(int.MaxValue, r.Int);
        Assert.Equal(-12345678.90, r.Narrow);
        Assert.Equal(s_day.ToDateTime(TimeOnly.MinValue), r.Day);
        Assert.Equal(1.0E7m, r.Dbl);
        Assert.Equal("it's \"quoted\"", r.Text);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Single_column_queries_and_scalars_read_every_type(ServerDialect dialect)
    {
        await using var server = await StartWithAllTypesAsync(dialect);
        await using var connection = await OpenAsync(server);

        await AssertScalar(server, connection, "bigint", long.MinValue);
        await AssertScalar(server, connection, "integer", int.MaxValue);
        await AssertScalar(server, connection, "decimal(38,2)", Wide);
        await AssertScalar(server, connection, "decimal(10,2)", -12345678.90m);
        await AssertScalar(server, connection, "double", 1.0E7);
        await AssertScalar(server, connection, "boolean", true);
        await AssertScalar(server, connection, "varchar", "it's");
        await AssertScalar(server, connection, "timestamp(3)", s_ts);
        await AssertScalar(server, connection, "timestamp(3) with time zone", s_tstz);
        await AssertScalar(server, connection, "date", s_day);
        await AssertScalar(server, connection, "uuid", s_guid);
        await AssertScalar(server, connection, "varbinary", s_bytes);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task QueryFirstOrDefault_and_scalars_handle_no_row_and_null(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        server.Script("SELECT none", ScriptedResult.FromRows([new ResultColumn("v", "bigint")], []));
        server.Script("SELECT null_value", ScriptedResult.FromRows([new ResultColumn("v", "bigint")], [[null]]));

        Assert.Null(connection.QueryFirstOrDefault<Nation>("SELECT none"));
        Assert.Null(await connection.QueryFirstOrDefaultAsync<Nation>("SELECT none"));
        Assert.Equal(0L, connection.QueryFirstOrDefault<long>("SELECT none"));
        Assert.Null(connection.QueryFirstOrDefault<long?>("SELECT null_value"));
        Assert.Null(connection.ExecuteScalar<long?>("SELECT none"));
        Assert.Null(await connection.ExecuteScalarAsync<long?>("SELECT null_value"));
        Assert.Null(connection.ExecuteScalar("SELECT none"));
        Assert.Null(connection.ExecuteScalar("SELECT null_value")); // Dapper turns DBNull into null
        await using var command = new PrestoCommand("SELECT null_value", connection);
        Assert.Equal(DBNull.Value, command.ExecuteScalar()); // ADO.NET itself returns DBNull
        Assert.Throws<InvalidOperationException>(() => connection.QueryFirst<long>("SELECT none"));
        Assert.Throws<InvalidOperationException>(() => connection.QuerySingle<long>("SELECT none"));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Query_reads_tpch_into_a_record_sync_and_async(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server, "Catalog=tpch;Schema=tiny");

        var nations = connection.Query<Nation>("SELECT nationkey, name, regionkey FROM nation ORDER BY nationkey").ToList();
        Assert.Equal(25, nations.Count);
        Assert.Equal(new Nation(0, "ALGERIA", 0), nations[0]);

        var unbuffered = connection.Query<Nation>("SELECT nationkey, name, regionkey FROM nation ORDER BY nationkey", buffered: false).Take(3).ToList();
        Assert.Equal(nations.Take(3), unbuffered);

        var asyncNations = (await connection.QueryAsync<Nation>("SELECT nationkey, name, regionkey FROM nation ORDER BY nationkey")).ToList();
        Assert.Equal(nations, asyncNations);

        var dynamicRow = connection.QueryFirst("SELECT nationkey, name FROM nation WHERE nationkey = 7");
        Assert.Equal("GERMANY", (string)dynamicRow.name);
        Assert.Equal(25L, connection.ExecuteScalar<long>("SELECT count(*) FROM nation"));
        Assert.Equal(25, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM nation"));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Dapper_opens_and_closes_a_closed_connection(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "Catalog=tpch;Schema=tiny"));

        Assert.Equal(5L, connection.ExecuteScalar<long>("SELECT count(*) FROM region"));
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(5, (await connection.QueryAsync<long>("SELECT regionkey FROM region")).Count());
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Execute_returns_the_update_count(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        connection.Execute("CREATE TABLE memory.default.people (id bigint, name varchar)");

        Assert.Equal(2, connection.Execute("INSERT INTO memory.default.people VALUES (1, 'a'), (2, 'b')"));
        Assert.Equal(1, await connection.ExecuteAsync("INSERT INTO memory.default.people VALUES (@id, @name)", new { id = 3L, name = "O'Brien" }));

        // A sequence of parameter objects runs the statement once per element; Dapper adds the counts.
        var many = new[] { new { id = 4L, name = "d" }, new { id = 5L, name = "e" }, new { id = 6L, name = "f" } };
        Assert.Equal(3, connection.Execute("INSERT INTO memory.default.people VALUES (@id, @name)", many));
        Assert.Equal(3, await connection.ExecuteAsync("INSERT INTO memory.default.people VALUES (@id, @name)", many));

        Assert.Equal(6, connection.Execute("DELETE FROM memory.default.people WHERE id > @min", new { min = 3 }));
        Assert.Equal("O'Brien", connection.QuerySingle<string>("SELECT name FROM memory.default.people WHERE id = @id", new { id = 3 }));
        Assert.Equal(3L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memory.default.people"));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task In_list_parameters_are_expanded(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        const string Sql = "SELECT nationkey, name, regionkey FROM tpch.tiny.nation WHERE nationkey IN @ids ORDER BY nationkey";

        var nations = connection.Query<Nation>(Sql, new { ids = new[] { 3, 7, 24 } }).ToList();
        Assert.Equal(["CANADA", "GERMANY", "UNITED STATES"], nations.Select(n => n.Name));
        var prepared = server.Submissions[^1].Header(dialect == ServerDialect.Trino ? "X-Trino-Prepared-Statement" : "X-Presto-Prepared-Statement");
        Assert.Contains("IN (?,?,?)", Uri.UnescapeDataString(prepared!), StringComparison.Ordinal);

        var byName = await connection.QueryAsync<Nation>(
            "SELECT nationkey, name, regionkey FROM tpch.tiny.nation WHERE name IN @names AND regionkey = @region ORDER BY nationkey",
            new { names = new List<string> { "FRANCE", "GERMANY", "O'HARA" }, region = 3L });
        Assert.Equal(["FRANCE", "GERMANY"], byName.Select(n => n.Name));

        Assert.Empty(connection.Query<Nation>(Sql, new { ids = Array.Empty<int>() }));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Parameters_of_every_type_round_trip(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);

        await AssertParameter(connection, 42L);
        await AssertParameter(connection, -7);
        await AssertParameter(connection, (short)12);
        await AssertParameter(connection, 123.45m);
        await AssertParameter(connection, 0.1);
        await AssertParameter(connection, true);
        await AssertParameter(connection, "it's a 'quoted' \"string\" -- not a comment");
        await AssertParameter(connection, s_ts);
        await AssertParameter(connection, s_day);
        await AssertParameter(connection, s_bytes);
        Assert.Null(await connection.ExecuteScalarAsync<long?>("SELECT @v", new { v = (long?)null }));
        Assert.Null(connection.ExecuteScalar<string>("SELECT @v", new { v = (string?)null }));

        // The embedded engine cannot evaluate uuid, time, timestamp with time zone: check the literal the server received.
        var cases = new (object Value, string Literal)[]
        {
            (s_guid, "UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59'"),
            (s_tstz, "TIMESTAMP '2024-01-02 03:04:05.678 +05:30'"),
            (new TimeOnly(13, 14, 15, 123), "TIME '13:14:15.123'"),
        };
        foreach (var (value, literal) in cases)
        {
            var parameters = new DynamicParameters();
            parameters.Add("v", value);
            await Assert.ThrowsAnyAsync<PrestoException>(() => connection.ExecuteScalarAsync("SELECT @v", parameters));
            Assert.EndsWith("USING " + literal, server.Submissions[^1].Body, StringComparison.Ordinal);
        }

        // Several parameters, used twice, with DynamicParameters and an explicit DbType.
        var dynamicParameters = new DynamicParameters(new { region = 1L });
        dynamicParameters.Add("day", s_day.ToDateTime(TimeOnly.MinValue), DbType.Date);
        var row = connection.QueryFirst<(long Region, DateOnly Day, long Twice)>("SELECT @region, @day, @region + @region", dynamicParameters);
        Assert.Equal((1L, s_day, 2L), row);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task QueryMultiple_with_one_statement_yields_one_grid(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server, "Catalog=tpch;Schema=tiny");
        using var grid = connection.QueryMultiple("SELECT nationkey, name, regionkey FROM nation WHERE nationkey < 2 ORDER BY nationkey");
        Assert.Equal(2, grid.Read<Nation>().Count());
        Assert.True(grid.IsConsumed);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Query_errors_surface_as_PrestoQueryException(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        var ex = Assert.Throws<PrestoQueryException>(() => connection.Query<long>("SELECT nope FROM tpch.tiny.nation").ToList());
        Assert.Equal("COLUMN_NOT_FOUND", ex.ErrorName);
        var asyncEx = await Assert.ThrowsAsync<PrestoQueryException>(() => connection.QueryAsync<long>("SELECT * FROM tpch.tiny.missing"));
        Assert.Equal("TABLE_NOT_FOUND", asyncEx.ErrorName);

        // The connection is still usable afterwards.
        Assert.Equal(25L, connection.ExecuteScalar<long>("SELECT count(*) FROM tpch.tiny.nation"));
    }

    private static void AssertFirstRow(AllTypes r)
    {
        Assert.Equal(long.MinValue, r.Big);
        Assert.Equal(int.MaxValue, r.Int);
        Assert.Equal(Wide, r.Wide);
        Assert.Equal(-12345678.90m, r.Narrow);
        Assert.Equal(1.0E7, r.Dbl);
        Assert.True(r.Flag);
        Assert.Equal("it's \"quoted\"", r.Text);
        Assert.Equal(s_ts, r.Ts);
        Assert.Equal(DateTimeKind.Unspecified, r.Ts.Kind);
        Assert.Equal(s_tstz, r.Tstz);
        Assert.Equal(s_tstz.Offset, r.Tstz.Offset);
        Assert.Equal(s_day, r.Day);
        Assert.Equal(s_guid, r.Id);
        Assert.Equal(s_bytes, r.Bytes);
    }

    private static async Task AssertScalar<T>(PrestoTestServer server, PrestoConnection connection, string type, T expected)
        where T : notnull
    {
        var sql = "SELECT scalar " + type;
        server.Script(sql, ScriptedResult.FromRows([new ResultColumn("v", type)], [[expected]]));
        server.Script(sql + " null", ScriptedResult.FromRows([new ResultColumn("v", type)], [[null]]));

        Assert.Equal(expected, connection.ExecuteScalar<T>(sql));
        Assert.Equal(expected, await connection.ExecuteScalarAsync<T>(sql));
        Assert.Equal(expected, connection.QueryFirst<T>(sql));
        Assert.Equal(expected, await connection.QueryFirstOrDefaultAsync<T>(sql));
        Assert.Equal(expected, Assert.Single(await connection.QueryAsync<T>(sql)));
        Assert.Equal(expected, connection.ExecuteScalar(sql));
        Assert.Null(connection.ExecuteScalar(sql + " null"));
        Assert.Null(await connection.ExecuteScalarAsync<object>(sql + " null"));
    }

    private static async Task AssertParameter<T>(PrestoConnection connection, T value)
    {
        Assert.Equal(value, connection.ExecuteScalar<T>("SELECT @v", new { v = value }));
        Assert.Equal(value, await connection.QuerySingleAsync<T>("SELECT @v AS v", new { v = value }));
    }

    private static async Task<PrestoTestServer> StartWithAllTypesAsync(ServerDialect dialect)
    {
        var server = await TestServers.StartAsync(dialect);
        server.Script(AllTypesSql, ScriptedResult.FromRows(s_columns, [s_row, new object?[s_columns.Length]]));
        return server;
    }

    private static async Task<PrestoConnection> OpenAsync(PrestoTestServer server, string? extra = null)
    {
        var connection = new PrestoConnection(TestServers.ConnectionString(server, extra));
        await connection.OpenAsync();
        return connection;
    }
}
