using Presto.Testing;

namespace Presto.Samples;

/// <summary>Parameters: named, positional, typed, lists; always typed literals of a prepared statement.</summary>
internal static class ParametersSample
{
    public static async Task RunAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        var connectionString = $"Server={server.BaseAddress};User=samples;Catalog=tpch;Schema=tiny";

        await using var connection = new PrestoConnection(connectionString);
        await connection.OpenAsync();

        // <snippet:parameters-named>
        await using var command = new PrestoCommand(
            "SELECT name FROM nation WHERE regionkey = @region AND name LIKE @prefix ORDER BY name", connection);
        command.Parameters.AddWithValue("region", 3L);
        command.Parameters.AddWithValue("prefix", "U%");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine(reader.GetString(0));   // UNITED KINGDOM (region 3 is Europe)
        }
        // </snippet:parameters-named>
        await reader.CloseAsync();

        // <snippet:parameters-positional>
        await using var positional = new PrestoCommand("SELECT count(*) FROM orders WHERE orderstatus = ? AND totalprice > ?", connection);
        positional.Parameters.Add(new PrestoParameter { Value = "F" });
        positional.Parameters.Add(new PrestoParameter { Value = 100_000m });   // DECIMAL '100000'
        var expensive = (long)(await positional.ExecuteScalarAsync())!;
        // </snippet:parameters-positional>
        Console.WriteLine($"{expensive} finished orders over 100,000");
        SampleCheck.Expect(expensive > 0, "some finished orders cost more than 100,000");

        // <snippet:parameters-fluent>
        await using var client = new PrestoClient(connectionString);
        var names = await client.Query("SELECT name FROM nation WHERE nationkey IN (@a, @b, @c) ORDER BY nationkey")
            .WithParameter("a", 3)                                     // INTEGER '3'
            .WithParameter("b", 7)
            .WithParameter("c", 24)
            .ToListAsync<string>();
        var recent = await client.Query("SELECT count(*) FROM orders WHERE orderdate >= ? AND totalprice > ?")
            .WithParameter(new DateOnly(1998, 1, 1))                   // DATE '1998-01-01'
            .WithParameter(1000.5m)                                    // DECIMAL '1000.5'
            .ScalarAsync<long>();
        // </snippet:parameters-fluent>
        Console.WriteLine($"{string.Join(", ", names)}; {recent} orders since 1998");
        SampleCheck.Expect(names.SequenceEqual(["CANADA", "GERMANY", "UNITED STATES"]), $"nations 3, 7, 24 are CANADA, GERMANY, UNITED STATES, not {string.Join(", ", names)}");
        SampleCheck.Expect(recent > 0, "some orders are from 1998");

        // A value can only ever be data: this name is compared, not executed.
        var hostile = await client.Query("SELECT count(*) FROM nation WHERE name = @name")
            .WithParameter("name", "x' OR '1'='1")
            .ScalarAsync<long>();
        Console.WriteLine($"rows matching a hostile string: {hostile}");
        SampleCheck.Expect(hostile == 0, "a quoted value is data");
    }
}
