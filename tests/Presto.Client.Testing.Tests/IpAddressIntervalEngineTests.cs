using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

/// <summary>The embedded engine's ipaddress, interval year to month and time with time zone columns and literals.</summary>
public sealed class IpAddressIntervalEngineTests
{
    private static async Task<QueryRun> Run(PrestoTestServer server, string sql)
    {
        using var client = new ProtocolClient(server);
        return await client.RunAsync(sql);
    }

    private static string ErrorName(QueryRun run) => run.Error!.Value.GetProperty("errorName").GetString()!;

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
