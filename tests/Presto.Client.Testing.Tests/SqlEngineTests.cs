using System.Text.Json;
using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

public sealed class SqlEngineTests
{
    private static async Task<QueryRun> Run(PrestoTestServer server, string sql, string? catalog = null, string? schema = null)
    {
        using var client = new ProtocolClient(server);
        string p = client.Prefix;
        var headers = new Dictionary<string, string>();
        if (catalog is not null)
        {
            headers[p + "Catalog"] = catalog;
        }

        if (schema is not null)
        {
            headers[p + "Schema"] = schema;
        }

        return await client.RunAsync(sql, headers);
    }

    private static string ErrorName(QueryRun run) => run.Error!.Value.GetProperty("errorName").GetString()!;

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Nation_has_the_25_standard_rows_with_presto_types(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);

        var run = await Run(server, "SELECT * FROM tpch.tiny.nation");

        Assert.Null(run.Error);
        Assert.Equal(["nationkey", "name", "regionkey", "comment"], run.Columns!.Value.EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["bigint", "varchar(25)", "bigint", "varchar(152)"], run.Columns!.Value.EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        Assert.Equal(25, run.Rows.Count);
        var byKey = run.Rows.ToDictionary(r => r[0].GetInt64(), r => (Name: r[1].GetString(), Region: r[2].GetInt64()));
        Assert.Equal(("ALGERIA", 0L), byKey[0]);
        Assert.Equal(("GERMANY", 3L), byKey[7]);
        Assert.Equal(("UNITED STATES", 1L), byKey[24]);
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Typed_numeric_literals_keep_their_type_and_value(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);

        var run = await Run(server, "SELECT BIGINT '-9223372036854775808', INTEGER '7', SMALLINT '-3', TINYINT '127', DOUBLE '0.1', REAL '2.5', DECIMAL '-0012.340', 'a' || 'nul\0x'");

        Assert.Null(run.Error);
        Assert.Equal(
            ["bigint", "integer", "smallint", "tinyint", "double", "real", "decimal(5,3)"],
            run.Columns!.Value.EnumerateArray().Take(7).Select(c => c.GetProperty("type").GetString()!.Replace(" ", string.Empty, StringComparison.Ordinal)));
        var row = Assert.Single(run.Rows);
        Assert.Equal(long.MinValue, row[0].GetInt64());
        Assert.Equal(7, row[1].GetInt32());
        Assert.Equal(0.1, row[4].GetDouble());
        Assert.Equal("anul\0x", row[7].GetString());

        var invalid = await Run(server, "SELECT TINYINT '128'");
        Assert.Equal("INVALID_LITERAL", ErrorName(invalid));
    }

    [Fact]
    public async Task Tpch_tiny_has_the_scale_factor_001_cardinalities()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        var expected = new Dictionary<string, long>
        {
            ["region"] = 5, ["nation"] = 25, ["supplier"] = 100, ["customer"] = 1500, ["part"] = 2000, ["partsupp"] = 8000, ["orders"] = 15000,
        };

        foreach (var (table, count) in expected)
        {
            var run = await Run(server, $"SELECT count(*) FROM {table}", "tpch", "tiny");
            Assert.Equal(count, Assert.Single(run.Rows)[0].GetInt64());
            Assert.Equal("bigint", run.Columns!.Value[0].GetProperty("type").GetString());
        }

        var lineitems = Assert.Single((await Run(server, "SELECT count(*) FROM tpch.tiny.lineitem")).Rows)[0].GetInt64();
        Assert.InRange(lineitems, 15000, 15000 * 7);
    }

    [Fact]
    public async Task Joins_aggregates_ordering_and_offset_limit_run_like_presto()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);

        var run = await Run(server, """
            SELECT r.name AS region, count(*) AS nations
            FROM tpch.tiny.nation n JOIN tpch.tiny.region r ON n.regionkey = r.regionkey
            GROUP BY r.name
            ORDER BY r.name
            OFFSET 1 LIMIT 3
            """);

        Assert.Null(run.Error);
        Assert.Equal(["AMERICA", "ASIA", "EUROPE"], run.Rows.Select(r => r[0].GetString()));
        Assert.All(run.Rows, r => Assert.Equal(5, r[1].GetInt64()));
        Assert.Equal("varchar(25)", run.Columns!.Value[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Orders_decode_with_dates_and_doubles()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);

        var run = await Run(server, "SELECT orderkey, orderdate, totalprice, CAST(totalprice AS decimal(12,2)) AS price FROM orders ORDER BY orderkey LIMIT 5", "tpch", "tiny");

        Assert.Equal(["bigint", "date", "double", "decimal(12, 2)"], run.Columns!.Value.EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        Assert.All(run.Rows, r =>
        {
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", r[1].GetString());
            Assert.Equal(JsonValueKind.Number, r[2].ValueKind);
            Assert.Matches(@"^-?\d+\.\d{2}$", r[3].GetString());
        });
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Show_and_describe_list_the_catalogs(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);

        var catalogs = (await Run(server, "SHOW CATALOGS")).Rows.Select(r => r[0].GetString()).ToList();
        Assert.Contains("tpch", catalogs);
        Assert.Contains("memory", catalogs);
        Assert.Contains("tiny", (await Run(server, "SHOW SCHEMAS FROM tpch")).Rows.Select(r => r[0].GetString()));
        Assert.Equal(
            ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"],
            (await Run(server, "SHOW TABLES FROM tpch.tiny")).Rows.Select(r => r[0].GetString()).Order());
        var describe = await Run(server, "DESCRIBE tpch.tiny.region");
        Assert.Equal(["Column", "Type", "Extra", "Comment"], describe.Columns!.Value.EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal([("regionkey", "bigint"), ("name", "varchar(25)"), ("comment", "varchar(152)")], describe.Rows.Select(r => (r[0].GetString(), r[1].GetString())));
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task The_memory_catalog_accepts_create_insert_delete_and_drop(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);

        var create = await Run(server, "CREATE TABLE memory.default.t (id bigint, name varchar, price decimal(10,2))");
        Assert.Equal("CREATE TABLE", create.Last.GetProperty("updateType").GetString());
        var insert = await Run(server, "INSERT INTO memory.default.t VALUES (1, 'a', 1.50), (2, 'b', 2.25), (3, 'c', NULL)");
        Assert.Equal("INSERT", insert.Last.GetProperty("updateType").GetString());
        Assert.Equal(3, insert.Last.GetProperty("updateCount").GetInt64());
        var delete = await Run(server, "DELETE FROM t WHERE id = 2", "memory", "default");
        Assert.Equal(1, delete.Last.GetProperty("updateCount").GetInt64());

        var select = await Run(server, "SELECT id, name, price FROM memory.default.t ORDER BY id");
        Assert.Equal([1L, 3L], select.Rows.Select(r => r[0].GetInt64()));
        Assert.Equal("1.50", select.Rows[0][2].GetString());
        Assert.Equal(JsonValueKind.Null, select.Rows[1][2].ValueKind);
        Assert.Equal("decimal(10, 2)".Replace(", ", dialect == ServerDialect.Trino ? ", " : ",", StringComparison.Ordinal), select.Columns!.Value[2].GetProperty("type").GetString());

        var ctas = await Run(server, "CREATE TABLE memory.default.big_nations AS SELECT * FROM tpch.tiny.nation WHERE regionkey = 3");
        Assert.Equal(5, ctas.Last.GetProperty("updateCount").GetInt64());

        Assert.Equal("DROP TABLE", (await Run(server, "DROP TABLE memory.default.t")).Last.GetProperty("updateType").GetString());
        Assert.Equal("TABLE_NOT_FOUND", ErrorName(await Run(server, "SELECT * FROM memory.default.t")));
    }

    [Fact]
    public async Task Each_server_has_its_own_memory_catalog()
    {
        await using var a = await Servers.StartAsync(ServerDialect.Trino);
        await using var b = await Servers.StartAsync(ServerDialect.Trino);

        await Run(a, "CREATE TABLE memory.default.only_a (x bigint)");

        Assert.Null((await Run(a, "SELECT * FROM memory.default.only_a")).Error);
        Assert.Equal("TABLE_NOT_FOUND", ErrorName(await Run(b, "SELECT * FROM memory.default.only_a")));
    }

    [Theory]
    [InlineData("SELEC 1", "SYNTAX_ERROR")]
    [InlineData("SELECT * FROM tpch.tiny.nope", "TABLE_NOT_FOUND")]
    [InlineData("SELECT * FROM nope.tiny.nation", "CATALOG_NOT_FOUND")]
    [InlineData("SELECT * FROM nation", "MISSING_SCHEMA_NAME")]
    [InlineData("SELECT nope FROM tpch.tiny.nation", "COLUMN_NOT_FOUND")]
    [InlineData("SELECT sqlite_version()", "FUNCTION_NOT_FOUND")]
    [InlineData("SELECT 1 / 0", "DIVISION_BY_ZERO")]
    [InlineData("INSERT INTO tpch.tiny.nation VALUES (99, 'X', 0, 'x')", "NOT_SUPPORTED")]
    [InlineData("SELECT MAP(ARRAY[1], ARRAY[2])", "NOT_SUPPORTED")]
    [InlineData("SELECT 1; DROP TABLE x", "SYNTAX_ERROR")]
    public async Task Unsupported_or_wrong_sql_fails_with_a_presto_error(string sql, string expected)
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);

        var run = await Run(server, sql);

        var error = run.Error!.Value;
        Assert.Equal(expected, error.GetProperty("errorName").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal("FAILED", run.Last.GetProperty("stats").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Errors_carry_the_location_of_the_offending_token()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);

        var run = await Run(server, "SELECT name,\n       bogus\nFROM tpch.tiny.nation");

        var location = run.Error!.Value.GetProperty("errorLocation");
        Assert.Equal(2, location.GetProperty("lineNumber").GetInt32());
        Assert.Equal(8, location.GetProperty("columnNumber").GetInt32());
        Assert.Equal("USER_ERROR", run.Error!.Value.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task Session_catalog_and_schema_resolve_short_names()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);

        var run = await Run(server, "SELECT name FROM region ORDER BY regionkey", "TPCH", "TINY");

        Assert.Equal(["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"], run.Rows.Select(r => r[0].GetString()));
    }
}
