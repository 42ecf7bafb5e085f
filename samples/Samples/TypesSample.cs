using System.Numerics;
using Presto.Testing;

namespace Presto.Samples;

/// <summary>Types: decimal(38), timestamps with time zones, nested rows, arrays and maps, exactly as the server sent them.</summary>
internal static class TypesSample
{
    private const string Sql =
        "SELECT CAST('12345678901234567890123456789012.345678' AS decimal(38,6)) AS big, " +
        "CAST('19.99' AS decimal(12,2)) AS price, " +
        "TIMESTAMP '2024-03-10 01:30:00.123456 America/New_York' AS happened, " +
        "TIMESTAMP '2024-03-10 01:30:00.123456789' AS local_time, " +
        "CAST(ROW(42, 'Ada', ROW('London', 51.5)) AS row(id bigint, name varchar, city row(name varchar, lat double))) AS person, " +
        "ARRAY[1, NULL, 3] AS numbers, MAP(ARRAY['a', 'b'], ARRAY[1.5, 2.5]) AS weights";

    public static async Task RunAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        // The embedded engine is SQLite underneath; this answer is scripted the way Trino answers the query above.
        server.Script(Sql, ScriptedResult.FromRawRows(
            [
                new("big", "decimal(38,6)"), new("price", "decimal(12,2)"),
                new("happened", "timestamp(6) with time zone"), new("local_time", "timestamp(9)"),
                new("person", "row(id bigint,name varchar,city row(name varchar,lat double))"),
                new("numbers", "array(integer)"), new("weights", "map(varchar(1),decimal(2,1))"),
            ],
            ["""["12345678901234567890123456789012.345678","19.99","2024-03-10 01:30:00.123456 America/New_York","2024-03-10 01:30:00.123456789",[42,"Ada",["London",51.5]],[1,null,3],{"a":"1.5","b":"2.5"}]"""]));

        await using var connection = new PrestoConnection($"Server={server.BaseAddress};User=samples");
        await connection.OpenAsync();
        await using var command = new PrestoCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        // <snippet:types-decimal>
        // decimal(38,6) with 38 digits does not fit System.Decimal: GetValue returns the exact PrestoDecimal.
        var big = reader.GetFieldValue<PrestoDecimal>(0);
        BigInteger unscaled = big.UnscaledValue;                   // 12345678901234567890123456789012345678, scale 6
        decimal price = reader.GetDecimal(1);                      // 19.99: fits, so a plain decimal
        // </snippet:types-decimal>
        Console.WriteLine($"big = {big} (unscaled {unscaled}, scale {big.Scale}), price = {price}");
        SampleCheck.Expect(big.ToString() == "12345678901234567890123456789012.345678" && price == 19.99m, "decimals keep every digit");

        // <snippet:types-timestamps>
        DateTimeOffset happened = reader.GetFieldValue<DateTimeOffset>(2);              // -05:00, resolved from the IANA zone
        var exact = reader.GetFieldValue<PrestoTimestampWithTimeZone>(2);              // keeps the zone id and all digits
        DateTime local = reader.GetDateTime(3);                                        // Kind = Unspecified, 100 ns ticks
        var localExact = reader.GetFieldValue<PrestoTimestamp>(3);                     // nanoseconds kept
        // </snippet:types-timestamps>
        Console.WriteLine($"happened = {happened:O} ({exact.ZoneId}), local = {local:O} (exact {localExact})");
        SampleCheck.Expect(happened.Offset == TimeSpan.FromHours(-5) && exact.ZoneId == "America/New_York", "the zone resolves to EST");
        SampleCheck.Expect(localExact.ToString().EndsWith(".123456789", StringComparison.Ordinal), "nanoseconds are kept");

        // <snippet:types-nested>
        var person = reader.GetFieldValue<PrestoRow>(4);
        var city = (PrestoRow)person["city"]!;
        var numbers = reader.GetFieldValue<int?[]>(5);                                 // [1, null, 3]
        var weights = reader.GetFieldValue<Dictionary<string, decimal?>>(6);
        Console.WriteLine($"{person["name"]} (#{person["id"]}) lives in {city["name"]} at {city["lat"]}; numbers {string.Join(",", numbers)}; b weighs {weights["b"]}");
        // </snippet:types-nested>
        SampleCheck.Expect((long)person["id"]! == 42 && numbers[1] is null && weights["b"] == 2.5m, "nested values decode");
    }
}
