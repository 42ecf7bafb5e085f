using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Presto.Testing.Tests.Support;
using Xunit.Abstractions;

namespace Presto.Testing.Tests;

public sealed class LargeResultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_million_generated_rows_stream_exactly_without_the_server_holding_them()
    {
        const long total = 10_000_000;
        await using var server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { RecordRequests = false });
        server.Script("SELECT * FROM huge", ScriptedResult.Generated(
            [new("id", "bigint"), new("flag", "boolean"), new("label", "varchar")],
            total,
            i => [i, (i & 1) == 0, "r"]));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/statement") { Content = new StringContent("SELECT * FROM huge", Encoding.UTF8) };
        post.Headers.Add("X-Trino-User", "test");
        using var posted = await http.SendAsync(post);
        string? next = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("nextUri").GetString();

        GC.Collect();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long maxHeap = 0, expected = 0, pages = 0, bytes = 0;
        var clock = Stopwatch.StartNew();
        while (next is not null)
        {
            byte[] body = await http.GetByteArrayAsync(next);
            bytes += body.Length;
            next = ReadPage(body, ref expected);
            if (++pages % 50 == 0)
            {
                maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(forceFullCollection: false) - baseline);
            }
        }

        Assert.Equal(total, expected);
        Assert.InRange(pages, 150, 2_000);
        // 10 M rows are ~190 MB of JSON; a server that buffered them would grow the heap far past this bound.
        Assert.InRange(maxHeap, long.MinValue, 64L * 1024 * 1024);
        var info = Assert.Single(server.Queries);
        Assert.Equal("FINISHED", info.State);
        Assert.Equal(total, info.RowsServed);
        output.WriteLine($"{total:N0} rows, {bytes / 1e6:N0} MB of JSON in {pages} pages, {clock.Elapsed.TotalSeconds:N1} s, max managed heap growth {maxHeap / 1e6:N1} MB");
    }

    /// <summary>Checks that ids arrive in order with no gap or duplicate; returns the page's nextUri.</summary>
    private static string? ReadPage(byte[] body, ref long expected)
    {
        var reader = new Utf8JsonReader(body);
        string? next = null;
        int depth = 0;
        bool inData = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                    if (reader.ValueTextEquals("nextUri"))
                    {
                        reader.Read();
                        next = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("data"))
                    {
                        inData = true;
                        depth = reader.CurrentDepth;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }

                    break;
                case JsonTokenType.StartArray when inData && reader.CurrentDepth == depth + 1:
                    reader.Read();
                    Assert.Equal(expected, reader.GetInt64());
                    expected++;
                    reader.Read();
                    Assert.Equal((expected & 1) == 1, reader.TokenType == JsonTokenType.True);
                    reader.Read();
                    reader.Read();
                    break;
                case JsonTokenType.EndArray when inData && reader.CurrentDepth == depth:
                    inData = false;
                    break;
            }
        }

        return next;
    }
}
