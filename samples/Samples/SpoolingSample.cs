using Presto.Testing;

namespace Presto.Samples;

/// <summary>
/// Trino's spooling protocol (docs/spooling.md): an embedded server that spools segments (lz4 and plain json, inline and
/// downloaded, behind a redirect, with storage headers and two failed downloads), read per connection, per command and
/// per query.
/// </summary>
internal static class SpoolingSample
{
    public static async Task RunAsync()
    {
        // <snippet:spooling-test-server>
        await using var server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions
        {
            Spooling = new SpoolingOptions
            {
                Encodings = ["json+lz4", "json"],         // default: json+zstd, json+lz4, json
                Placement = SegmentPlacement.Alternate,   // Spooled (default), Inline, or alternating
                RowsPerSegment = 1_000,
                SegmentsPerResponse = 4,
                CompressionThresholdBytes = 0,            // default 8 KiB: smaller payloads stay raw, like Trino
                SegmentHeaders = { ["x-amz-server-side-encryption-customer-key"] = "sample-key" }, // required on download and ack (else 403)
                RedirectDownloads = true,                 // download answers 303 to a storage URI of the server
            },
        });
        server.Faults.Http(new HttpFault { On = RequestKind.SegmentDownload, StatusCode = 503, Times = 2 });
        // </snippet:spooling-test-server>
        server.Script("SELECT * FROM big", ScriptedResult.Generated(
            [new ResultColumn("id", "bigint"), new ResultColumn("price", "decimal(12,2)")], rowCount: 20_000, row: i => [i, 19.99m]));
        var connectionString = $"Server={server.BaseAddress};User=etl";
        await using var client = new PrestoClient(connectionString);

        // <snippet:spooling-use>
        // Connection string: every statement of the connection
        await using var connection = new PrestoConnection(connectionString + ";SpoolingEncodings=auto");   // "Server=https://trino.example.com;User=etl;SpoolingEncodings=auto"

        // One command (overrides the connection; "" turns spooling off for it)
        await using var command = new PrestoCommand("SELECT * FROM big", connection) { SpoolingEncodings = "json+lz4,json" };

        // Fluent client (no arguments: every encoding this client decodes)
        decimal total = 0;
        await foreach (var row in client.Query("SELECT * FROM big").WithSpooling().StreamAsync<Item>())
        {
            total += row.Price;
        }
        // </snippet:spooling-use>
        Console.WriteLine($"fluent client, spooled: {total} in total");
        SampleCheck.Expect(total == 20_000 * 19.99m, "every spooled row arrives once");

        await connection.OpenAsync();
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
        }

        var downloads = server.Requests.Count(r => r.Method == "GET" && r.PathAndQuery.Contains("/v1/spooled/download/", StringComparison.Ordinal));
        Console.WriteLine($"command, spooled: {rows} rows; {downloads} segment requests");
        SampleCheck.Expect(rows == 20_000 && downloads > 0, "the command reads every row through downloaded segments");
    }

    private sealed record Item(long Id, decimal Price);
}
