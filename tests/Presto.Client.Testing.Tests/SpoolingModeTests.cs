using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using Presto.Testing.Spooling;
using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

/// <summary>The spooling mode of the embedded Trino server: negotiation, the encoded data object, each encoding's payload, the segment endpoints.</summary>
public sealed class SpoolingModeTests
{
    private const string Encoding = "X-Trino-Query-Data-Encoding";
    private static readonly ResultColumn[] s_integer = [new("_col0", "integer")];

    [Fact]
    public async Task The_first_offered_encoding_the_server_enables_is_chosen_and_echoed()
    {
        await using var server = await StartAsync(o => o.Encodings = ["json"]);
        server.Script("q", ScriptedResult.FromRows(s_integer, [[1000], [10001]]));
        using var client = new ProtocolClient(server);

        var (exchanges, segments) = await RunAsync(client, "json+zstd,json+lz4,json");

        Assert.All(exchanges, e => Assert.Equal(["json"], e.HeaderValues(Encoding)));
        var segment = Assert.Single(segments);
        Assert.Equal("spooled", segment.GetProperty("type").GetString());
        Assert.Equal(0, segment.GetProperty("metadata").GetProperty("rowOffset").GetInt64());
        Assert.Equal(2, segment.GetProperty("metadata").GetProperty("rowsCount").GetInt64());
        Assert.False(segment.GetProperty("metadata").TryGetProperty("uncompressedSize", out _));
    }

    [Fact]
    public async Task A_client_without_an_enabled_encoding_gets_the_direct_protocol()
    {
        await using var server = await StartAsync(o => o.Encodings = ["json+zstd"]);
        server.Script("q", ScriptedResult.FromRows(s_integer, [[1000], [10001]]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("q", new Dictionary<string, string> { [Encoding] = "json+lz4,json" });

        Assert.Equal(2, run.Rows.Count);
        Assert.Empty(run.Header(Encoding));
    }

    [Fact]
    public async Task The_lz4_payload_of_the_reference_rows_is_the_reference_vector()
    {
        await using var server = await StartAsync(o =>
        {
            o.Placement = SegmentPlacement.Inline;
            o.CompressionThresholdBytes = 0;
        });
        server.Script("q", ScriptedResult.FromRows(s_integer, [[1000], [10001]]));
        using var client = new ProtocolClient(server);

        var (_, segments) = await RunAsync(client, "json+lz4");

        // protocol/samples/13-segment-compression-vectors.json
        var vector = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "13-segment-compression-vectors.json"))).RootElement;
        var lz4 = vector.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("encoding").GetString() == "json+lz4");
        var segment = Assert.Single(segments);
        Assert.Equal("inline", segment.GetProperty("type").GetString());
        Assert.Equal(lz4.GetProperty("payloadBase64").GetString(), segment.GetProperty("data").GetString());
        Assert.Equal(16, segment.GetProperty("metadata").GetProperty("uncompressedSize").GetInt32());
        Assert.Equal(18, segment.GetProperty("metadata").GetProperty("segmentSize").GetInt32());
    }

    [Theory]
    [InlineData(16)]
    [InlineData(300_000)]
    public void A_zstd_segment_is_a_frame_of_raw_blocks_holding_the_payload(int size)
    {
        var json = new byte[size];
        for (var i = 0; i < size; i++)
        {
            json[i] = (byte)('a' + (i % 26));
        }

        var frame = ZstdRawFrameWriter.Write(json);

        Assert.Equal(0xFD2FB528u, BinaryPrimitives.ReadUInt32LittleEndian(frame));
        Assert.Equal(0xA0, frame[4]);
        Assert.Equal((uint)size, BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(5)));
        var content = new List<byte>();
        var pos = 9;
        while (true)
        {
            var header = frame[pos] | (frame[pos + 1] << 8) | (frame[pos + 2] << 16);
            var blockSize = header >> 3;
            Assert.Equal(0, (header >> 1) & 3);
            Assert.InRange(blockSize, 0, 128 * 1024);
            content.AddRange(frame.AsSpan(pos + 3, blockSize).ToArray());
            pos += 3 + blockSize;
            if ((header & 1) == 1)
            {
                break;
            }
        }

        Assert.Equal(frame.Length, pos);
        Assert.Equal(json, content.ToArray());
    }

    [Fact]
    public void The_lz4_compressor_finds_matches_and_keeps_the_end_rules()
    {
        var json = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("[12345,\"abcdefgh\"],", 500)));

        var block = Lz4BlockCompressor.Compress(json);

        Assert.True(block.Length < json.Length / 10, $"{block.Length} bytes for {json.Length}");

        // The last sequence is literals only, at least five of them, and they are the input's last bytes.
        Assert.Equal(json.AsSpan(json.Length - 5).ToArray(), block.AsSpan(block.Length - 5).ToArray());
    }

    [Fact]
    public async Task Spooled_segments_need_their_headers_need_no_credentials_and_are_deleted_by_the_acknowledgement()
    {
        await using var server = await StartAsync(o => o.SegmentHeaders["X-Key"] = "k1", requireToken: true);
        server.Script("q", ScriptedResult.FromRows(s_integer, [[1000], [10001]]));
        using var client = new ProtocolClient(server);
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.IssueAccessToken());
        using var storage = new HttpClient();

        var (_, segments) = await RunAsync(client, "json");
        var segment = Assert.Single(segments);
        Assert.Equal(["k1"], segment.GetProperty("headers").GetProperty("X-Key").EnumerateArray().Select(v => v.GetString()));
        var uri = segment.GetProperty("uri").GetString()!;
        var ack = segment.GetProperty("ackUri").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(storage, uri, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(storage, uri, "k2")).StatusCode);
        var download = await SendAsync(storage, uri, "k1");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("[[1000],[10001]]", await download.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(storage, ack, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(storage, ack, "k1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(storage, uri, "k1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(storage, ack, "k1")).StatusCode);
    }

    [Fact]
    public async Task Redirected_downloads_answer_303_to_the_storage_uri_and_faults_hit_segment_downloads_only()
    {
        await using var server = await StartAsync(o => o.RedirectDownloads = true);
        server.Script("q", ScriptedResult.FromRows(s_integer, [[1000], [10001]]));
        using var client = new ProtocolClient(server);
        var (_, segments) = await RunAsync(client, "json");
        var uri = Assert.Single(segments).GetProperty("uri").GetString()!;
        server.Faults.FailRequests(RequestKind.SegmentDownload, 503);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(uri)).Status);
        var redirect = await SendAsync(client.Http, uri, null);
        Assert.Equal(HttpStatusCode.SeeOther, redirect.StatusCode);
        var storage = await SendAsync(client.Http, redirect.Headers.Location!.ToString(), null);
        Assert.Equal("[[1000],[10001]]", await storage.Content.ReadAsStringAsync());
        Assert.Equal(0, server.Faults.Pending);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string uri, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (key is not null)
        {
            request.Headers.Add("X-Key", key);
        }

        return await http.SendAsync(request);
    }

    private static async Task<(List<Exchange> Exchanges, List<JsonElement> Segments)> RunAsync(ProtocolClient client, string encodings)
    {
        var exchanges = new List<Exchange>();
        var segments = new List<JsonElement>();
        var exchange = await client.PostAsync("q", new Dictionary<string, string> { [Encoding] = encodings });
        while (true)
        {
            Assert.Equal(HttpStatusCode.OK, exchange.Status);
            exchanges.Add(exchange);
            var json = exchange.Json;
            if (json.TryGetProperty("data", out var data))
            {
                Assert.Equal(JsonValueKind.Object, data.ValueKind);
                Assert.Equal(exchange.HeaderValues(Encoding).Single(), data.GetProperty("encoding").GetString());
                segments.AddRange(data.GetProperty("segments").EnumerateArray().Select(s => s.Clone()));
            }

            if (!json.TryGetProperty("nextUri", out var next))
            {
                return (exchanges, segments);
            }

            exchange = await client.GetAsync(next.GetString()!);
        }
    }

    private static Task<PrestoTestServer> StartAsync(Action<SpoolingOptions> configure, bool requireToken = false)
    {
        var spooling = new SpoolingOptions();
        configure(spooling);
        return Servers.StartAsync(ServerDialect.Trino, o =>
        {
            o.Spooling = spooling;
            o.RequireBearerToken = requireToken;
        });
    }
}
