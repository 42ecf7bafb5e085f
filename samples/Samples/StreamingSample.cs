using Presto.Testing;

namespace Presto.Samples;

/// <summary>Streaming a large result in constant memory, and stopping early.</summary>
internal static class StreamingSample
{
    public static async Task RunAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        const long rowCount = 300_000;
        server.Script("SELECT id, price, label FROM events", ScriptedResult.Generated(
            [new("id", "bigint"), new("price", "decimal(12,2)"), new("label", "varchar")],
            rowCount,
            i => [i, 19.99m, i % 2 == 0 ? "even" : "odd"]));

        await using var client = new PrestoClient($"Server={server.BaseAddress};User=samples");

        // <snippet:streaming-records>
        long rows = 0;
        decimal total = 0;
        await foreach (var e in client.Query("SELECT id, price, label FROM events").StreamAsync<Event>())
        {
            rows++;                 // one page (about 1 MB) is held at a time, whatever the result's size
            total += e.Price;
        }
        // </snippet:streaming-records>
        Console.WriteLine($"streamed {rows:N0} rows, total {total:N2}");
        SampleCheck.Expect(rows == rowCount && total == rowCount * 19.99m, "every row arrives once");

        // <snippet:streaming-early-exit>
        await foreach (var e in client.Query("SELECT id, price, label FROM events").StreamAsync<Event>())
        {
            if (e.Id == 1_000)
            {
                break;              // leaving the loop cancels the query on the server (DELETE nextUri)
            }
        }
        // </snippet:streaming-early-exit>
        var last = server.Queries[^1];
        Console.WriteLine($"stopped early: the server served {last.RowsServed:N0} of {rowCount:N0} rows, state {last.State}");
        SampleCheck.Expect(last.RowsServed < rowCount, "an early exit stops the query");

        // The ADO.NET reader streams the same way; typed getters read without boxing.
        await using var connection = client.CreateConnection();
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT id, price, label FROM events", connection);
        await using var reader = await command.ExecuteReaderAsync();
        long evens = 0;
        while (await reader.ReadAsync())
        {
            if (reader.GetString(2) == "even")
            {
                evens++;
            }
        }

        Console.WriteLine($"{evens:N0} even rows; query {reader.QueryId}: {reader.Stats.ProcessedRows:N0} rows processed");
        SampleCheck.Expect(evens == rowCount / 2, "half the rows are even");
    }

    private sealed record Event(long Id, decimal Price, string Label);
}
