using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.Json;
using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

/// <summary>CLR values in scripted results come out on the wire exactly as PROTOCOL.md §6 says, per dialect.</summary>
public sealed class ValueEncodingTests
{
    private static readonly DateTimeOffset s_tz = new(2024, 2, 29, 13, 14, 15, TimeSpan.FromMinutes(330));

    public static TheoryData<string, object?, string, string> Cases => new()
    {
        // type, value, Trino wire JSON, PrestoDB wire JSON
        { "boolean", true, "true", "true" },
        { "tinyint", (sbyte)-128, "-128", "-128" },
        { "smallint", (short)32767, "32767", "32767" },
        { "integer", int.MinValue, "-2147483648", "-2147483648" },
        { "bigint", long.MaxValue, "9223372036854775807", "9223372036854775807" },
        { "double", 1.0, "1.0", "1.0" },
        { "double", 1e7, "1.0E7", "1.0E7" },
        { "double", 0.0001, "1.0E-4", "1.0E-4" },
        { "double", 123.456, "123.456", "123.456" },
        { "double", double.NaN, "\"NaN\"", "\"NaN\"" },
        { "double", double.NegativeInfinity, "\"-Infinity\"", "\"-Infinity\"" },
        { "real", float.MaxValue, "3.4028235E38", "3.4028235E38" },
        { "real", float.PositiveInfinity, "\"Infinity\"", "\"Infinity\"" },
        { "decimal(12,2)", 1234.5m, "\"1234.50\"", "\"1234.50\"" },
        { "decimal(10,2)", -0.5m, "\"-0.50\"", "\"-0.50\"" },
        { "decimal(3,2)", 0.05m, "\"0.05\"", "\"0.05\"" },
        { "decimal(10,0)", 42m, "\"42\"", "\"42\"" },
        { "decimal(38,2)", BigInteger.Parse("-123456789012345678901234567890123456", CultureInfo.InvariantCulture), "\"-123456789012345678901234567890123456.00\"", "\"-123456789012345678901234567890123456.00\"" },
        { "decimal(38,10)", "1234567890123456789012345678.0123456789", "\"1234567890123456789012345678.0123456789\"", "\"1234567890123456789012345678.0123456789\"" },
        { "varchar", "héllo \"q\" \u0001", "\"héllo \\\"q\\\" \\u0001\"", "\"héllo \\\"q\\\" \\u0001\"" },
        { "char(5)", "ab", "\"ab   \"", "\"ab   \"" },
        { "varbinary", new byte[] { 0, 1, 2, 254, 255 }, "\"AAEC/v8=\"", "\"AAEC/v8=\"" },
        { "json", "{\"a\":[1,2]}", "\"{\\\"a\\\":[1,2]}\"", "\"{\\\"a\\\":[1,2]}\"" },
        { "date", new DateOnly(1, 1, 1), "\"0001-01-01\"", "\"0001-01-01\"" },
        { "date", "+10000-01-01", "\"+10000-01-01\"", "\"+10000-01-01\"" },
        { "time(3)", new TimeOnly(23, 59, 59, 999), "\"23:59:59.999\"", "\"23:59:59.999\"" },
        { "time(0)", new TimeOnly(1, 2, 3), "\"01:02:03\"", "\"01:02:03.000\"" },
        { "timestamp(3)", new DateTime(2024, 2, 29, 13, 14, 15, 123), "\"2024-02-29 13:14:15.123\"", "\"2024-02-29 13:14:15.123\"" },
        { "timestamp(12)", new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(1234567), "\"2024-02-29 13:14:15.123456700000\"", "\"2024-02-29 13:14:15.123\"" },
        { "timestamp(6) with time zone", s_tz, "\"2024-02-29 13:14:15.000000 +05:30\"", "\"2024-02-29 13:14:15.000 +05:30\"" },
        { "timestamp(3) with time zone", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), "\"2024-01-01 00:00:00.000 UTC\"", "\"2024-01-01 00:00:00.000 UTC\"" },
        { "timestamp(3) with time zone", "2024-01-01 00:00:00.000 America/New_York", "\"2024-01-01 00:00:00.000 America/New_York\"", "\"2024-01-01 00:00:00.000 America/New_York\"" },
        { "time(3) with time zone", s_tz, "\"13:14:15.000+05:30\"", "\"13:14:15.000 +05:30\"" },
        { "interval day to second", new TimeSpan(-3, -4, -5, -6, -7), "\"-3 04:05:06.007\"", "\"-3 04:05:06.007\"" },
        { "interval year to month", 14, "\"1-2\"", "\"1-2\"" },
        { "uuid", Guid.Parse("12151fd2-7586-11e9-8f9e-2a86e4085a59"), "\"12151fd2-7586-11e9-8f9e-2a86e4085a59\"", "\"12151fd2-7586-11e9-8f9e-2a86e4085a59\"" },
        { "ipaddress", IPAddress.Parse("::ffff:10.0.0.1"), "\"10.0.0.1\"", "\"10.0.0.1\"" },
        { "ipaddress", IPAddress.Parse("2001:0db8:0000:0000:0000:0000:0000:0001"), "\"2001:db8::1\"", "\"2001:db8::1\"" },
        { "array(bigint)", new long?[] { 1, null, 3 }, "[1,null,3]", "[1,null,3]" },
        { "map(varchar, double)", new Dictionary<string, double> { ["a"] = 1.0 }, "{\"a\":1.0}", "{\"a\":1.0}" },
        { "map(double, bigint)", new Dictionary<double, long> { [1.0] = 1, [1e7] = 2 }, "{\"1.0\":1,\"1.0E7\":2}", "{\"1.0\":1,\"1.0E7\":2}" },
        { "row(a bigint, b varchar)", new object?[] { 1L, null }, "[1,null]", "[1,null]" },
        { "array(map(varchar, row(x integer, y array(double))))", new object?[] { new Dictionary<string, object?> { ["k"] = new object?[] { 7, new[] { 0.5 } }, ["n"] = null }, null },
            "[{\"k\":[7,[0.5]],\"n\":null},null]", "[{\"k\":[7,[0.5]],\"n\":null},null]" },
        { "HyperLogLog", new byte[] { 2, 12 }, "\"Agw=\"", "\"Agw=\"" },
        { "unknown", null, "null", "null" },
        { "bigint", null, "null", "null" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Values_are_encoded_per_dialect(string type, object? value, string trino, string presto)
    {
        foreach (var (dialect, expected) in new[] { (ServerDialect.Trino, trino), (ServerDialect.Presto, presto) })
        {
            await using var server = await Servers.StartAsync(dialect);
            server.Script("q", ScriptedResult.FromRows([new("v", type)], [[value]]));
            using var client = new ProtocolClient(server);

            var run = await client.RunAsync("q");

            Assert.Null(run.Error);
            var body = run.Exchanges.Single(e => e.Json.TryGetProperty("data", out _)).Body;
            string data = body[(body.IndexOf("\"data\":[[", StringComparison.Ordinal) + 9)..];
            Assert.StartsWith(expected + "]]", data);
        }
    }

    [Theory]
    [InlineData("decimal(12,2)", "decimal(12, 2)", "decimal(12,2)")]
    [InlineData("row(x bigint, y double)", "row(x bigint, y double)", "row(x bigint,y double)")]
    [InlineData("map(varchar(3), varchar(3))", "map(varchar(3), varchar(3))", "map(varchar(3),varchar(3))")]
    [InlineData("timestamp(6) with time zone", "timestamp(6) with time zone", "timestamp with time zone")]
    public async Task Column_types_are_reported_in_each_dialect(string declared, string trinoType, string prestoType)
    {
        foreach (var (dialect, expected) in new[] { (ServerDialect.Trino, trinoType), (ServerDialect.Presto, prestoType) })
        {
            await using var server = await Servers.StartAsync(dialect);
            server.Script("q", ScriptedResult.FromRows([new("v", declared)], []));
            using var client = new ProtocolClient(server);

            var run = await client.RunAsync("q");

            Assert.Equal(expected, run.Columns!.Value[0].GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Nested_type_signatures_follow_each_dialect()
    {
        const string type = "array(row(a bigint, \"b c\" decimal(38,10)))";
        await using var trino = await Servers.StartAsync(ServerDialect.Trino);
        await using var presto = await Servers.StartAsync(ServerDialect.Presto);
        trino.Script("q", ScriptedResult.FromRows([new("v", type)], []));
        presto.Script("q", ScriptedResult.FromRows([new("v", type)], []));
        using var t = new ProtocolClient(trino);
        using var p = new ProtocolClient(presto);

        var trinoSig = (await t.RunAsync("q")).Columns!.Value[0].GetProperty("typeSignature");
        var prestoSig = (await p.RunAsync("q")).Columns!.Value[0].GetProperty("typeSignature");

        var trinoRow = trinoSig.GetProperty("arguments")[0];
        Assert.Equal("TYPE", trinoRow.GetProperty("kind").GetString());
        var field = trinoRow.GetProperty("value").GetProperty("arguments")[1];
        Assert.Equal("NAMED_TYPE", field.GetProperty("kind").GetString());
        Assert.Equal("b c", field.GetProperty("value").GetProperty("fieldName").GetProperty("name").GetString());
        var dec = field.GetProperty("value").GetProperty("typeSignature");
        Assert.Equal("decimal", dec.GetProperty("rawType").GetString());
        Assert.Equal([38L, 10L], dec.GetProperty("arguments").EnumerateArray().Select(a => a.GetProperty("value").GetInt64()));

        var prestoRow = prestoSig.GetProperty("arguments")[0];
        Assert.Equal("TYPE_SIGNATURE", prestoRow.GetProperty("kind").GetString());
        var prestoField = prestoRow.GetProperty("value").GetProperty("arguments")[1];
        Assert.Equal("NAMED_TYPE_SIGNATURE", prestoField.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.String, prestoField.GetProperty("value").GetProperty("typeSignature").ValueKind);
        Assert.Equal("decimal(38,10)", prestoField.GetProperty("value").GetProperty("typeSignature").GetString());
        Assert.Equal(JsonValueKind.Array, prestoSig.GetProperty("typeArguments").ValueKind);
    }

    [Fact]
    public async Task A_value_that_cannot_be_encoded_fails_the_query_with_a_clear_message()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        server.Script("q", ScriptedResult.FromRows([new("v", "bigint")], [[new object()]]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("q");

        var error = run.Error!.Value;
        Assert.Equal("GENERIC_INTERNAL_ERROR", error.GetProperty("errorName").GetString());
        Assert.Contains("bigint", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_column_type_text_fails_the_query_instead_of_crashing()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        server.Script("q", ScriptedResult.FromRows([new("v", "array(")], [[1]]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("q");

        Assert.Equal("GENERIC_INTERNAL_ERROR", run.Error!.Value.GetProperty("errorName").GetString());
    }
}
