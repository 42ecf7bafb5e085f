using System.Text.Json;
using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

/// <summary>
/// The embedded engine's array(T) columns with ARRAY[…], contains, cardinality and element_at, and its ipaddress,
/// interval year to month and time with time zone columns and literals.
/// </summary>
public sealed class EngineTypeTests
{
    private static async Task<QueryRun> Run(PrestoTestServer server, string sql)
    {
        using var client = new ProtocolClient(server);
        return await client.RunAsync(sql);
    }

    private static readonly JsonSerializerOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(JsonElement row) => JsonSerializer.Serialize(row, s_json);

    private static string ErrorName(QueryRun run) => run.Error!.Value.GetProperty("errorName").GetString()!;

    private static List<string?> Types(QueryRun run) =>
        [.. run.Columns!.Value.EnumerateArray().Select(c => c.GetProperty("type").GetString()!.Replace(" ", string.Empty, StringComparison.Ordinal))];

    [Fact]
    public async Task Array_columns_store_ARRAY_literals_and_return_typed_json_arrays()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        Assert.Null((await Run(server, "CREATE TABLE memory.default.tagged (id bigint, tags array(varchar), scores array(integer), prices array(decimal(10,2)), flags array(boolean))")).Error);

        var insert = await Run(server,
            "INSERT INTO memory.default.tagged VALUES (1, ARRAY['red', 'it''s'], ARRAY[3, NULL, 5], ARRAY[DECIMAL '1.50'], ARRAY[TRUE, FALSE]), "
            + "(2, CAST(ARRAY[] AS array(varchar)), ARRAY[INTEGER '7'], NULL, ARRAY[FALSE])");
        Assert.Null(insert.Error);

        var run = await Run(server, "SELECT id, tags, scores, prices, flags FROM memory.default.tagged ORDER BY id");

        Assert.Null(run.Error);
        Assert.Equal(["bigint", "array(varchar)", "array(integer)", "array(decimal(10,2))", "array(boolean)"], Types(run));
        Assert.Equal(2, run.Rows.Count);
        Assert.Equal("""[1,["red","it's"],[3,null,5],["1.50"],[true,false]]""", Json(run.Rows[0]));
        Assert.Equal("""[2,[],[7],null,[false]]""", Json(run.Rows[1]));

        var described = await Run(server, "SELECT data_type FROM memory.information_schema.columns WHERE table_name = 'tagged' AND column_name = 'prices'");
        Assert.Equal("array(decimal(10,2))", Assert.Single(described.Rows)[0].GetString());
    }

    [Fact]
    public async Task Contains_cardinality_and_element_at_follow_presto()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        await Run(server, "CREATE TABLE memory.default.lists (id bigint, tags array(varchar))");
        await Run(server, "INSERT INTO memory.default.lists VALUES (1, ARRAY['a', 'b', 'c']), (2, ARRAY['b', NULL]), (3, NULL), (4, ARRAY[])");

        var filtered = await Run(server, "SELECT id FROM memory.default.lists WHERE contains(tags, 'b') ORDER BY id");
        Assert.Equal([1L, 2L], filtered.Rows.Select(r => r[0].GetInt64()));

        var run = await Run(server,
            "SELECT id, cardinality(tags), contains(tags, 'a'), element_at(tags, 1), element_at(tags, -1), element_at(tags, 9) FROM memory.default.lists ORDER BY id");
        Assert.Null(run.Error);
        Assert.Equal(["bigint", "bigint", "boolean", "varchar", "varchar", "varchar"], Types(run));
        Assert.Equal(
            ["""[1,3,true,"a","c",null]""", """[2,2,null,"b",null,null]""", "[3,null,null,null,null,null]", "[4,0,false,null,null,null]"],
            run.Rows.Select(Json));

        var literal = await Run(server, "SELECT ARRAY[1, 2], cardinality(ARRAY[ARRAY[1, 2], ARRAY[3]]), contains(ARRAY[1.5, 2.5], 2.5)");
        Assert.Null(literal.Error?.GetRawText());
        Assert.Equal(["array(integer)", "bigint", "boolean"], Types(literal));
        Assert.Equal("[[1,2],2,true]", Json(Assert.Single(literal.Rows)));

        var zero = await Run(server, "SELECT element_at(tags, 0) FROM memory.default.lists");
        Assert.Equal("INVALID_FUNCTION_ARGUMENT", ErrorName(zero));
        Assert.Contains("SQL array indices start at 1", zero.Error!.Value.GetProperty("message").GetString(), StringComparison.Ordinal);

        var subscript = await Run(server, "SELECT tags[1] FROM memory.default.lists");
        Assert.NotNull(subscript.Error);
    }

    [Fact]
    public async Task Ipaddress_and_interval_year_to_month_columns_round_trip_in_presto_text()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        Assert.Null((await Run(server, "CREATE TABLE memory.default.hosts (id bigint, address ipaddress, term interval year to month)")).Error);
        var insert = await Run(server,
            "INSERT INTO memory.default.hosts VALUES (1, IPADDRESS '10.0.0.1', INTERVAL '1-2' YEAR TO MONTH), (2, IPADDRESS '2001:DB8::0:1', INTERVAL -'0-5' YEAR TO MONTH), (3, IPADDRESS '::ffff:1.2.3.4', INTERVAL '3' YEAR)");
        Assert.Null(insert.Error);

        var run = await Run(server, "SELECT id, address, term FROM memory.default.hosts WHERE term > INTERVAL '0' MONTH ORDER BY term DESC");

        Assert.Null(run.Error);
        Assert.Equal(["bigint", "ipaddress", "interval year to month"], run.Columns!.Value.EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        Assert.Equal(["3 1.2.3.4 3-0", "1 10.0.0.1 1-2"], run.Rows.Select(r => $"{r[0].GetInt64()} {r[1].GetString()} {r[2].GetString()}"));

        var negative = await Run(server, "SELECT address, term, INTERVAL '2' MONTH FROM memory.default.hosts WHERE address = IPADDRESS '2001:db8::1'");
        Assert.Equal(["ipaddress", "interval year to month", "interval year to month"], negative.Columns!.Value.EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        var row = Assert.Single(negative.Rows);
        Assert.Equal(("2001:db8::1", "-0-5", "0-2"), (row[0].GetString(), row[1].GetString(), row[2].GetString()));

        Assert.Equal("INVALID_LITERAL", ErrorName(await Run(server, "SELECT IPADDRESS '300.1.1.1'")));
        Assert.Equal("INVALID_LITERAL", ErrorName(await Run(server, "SELECT INTERVAL '1-12' YEAR TO MONTH")));
        Assert.NotNull((await Run(server, "SELECT INTERVAL '1' DAY")).Error);
    }

    [Fact]
    public async Task Time_with_time_zone_columns_keep_the_literal_in_trino_text()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        Assert.Null((await Run(server, "CREATE TABLE memory.default.shops (id bigint, opens time(3) with time zone, closes time with time zone)")).Error);
        Assert.Null((await Run(server, "INSERT INTO memory.default.shops VALUES (1, TIME '8:30:00.000 +02:00', TIME '17:45:00.000+02:00')")).Error);

        var run = await Run(server, "SELECT id, opens, closes, TIME '01:02:03.456789-05:30' FROM memory.default.shops WHERE opens = TIME '08:30:00.000+02:00'");

        Assert.Null(run.Error);
        Assert.Equal(
            ["bigint", "time(3) with time zone", "time(3) with time zone", "time(6) with time zone"],
            run.Columns!.Value.EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        var row = Assert.Single(run.Rows);
        Assert.Equal(("08:30:00.000+02:00", "17:45:00.000+02:00", "01:02:03.456789-05:30"), (row[1].GetString(), row[2].GetString(), row[3].GetString()));
        Assert.Equal("NOT_SUPPORTED", ErrorName(await Run(server, "SELECT TIME '10:00:00'")));
    }
}
