using System.IO;
using System.Text;
using System.Text.Json;
using Presto.Compression;
using Presto.Protocol;
using Presto.Spooling;

namespace Presto.Tests.Spooling;

/// <summary>The raw LZ4 block decoder against the reference vector and hand-made blocks, and the encoded <c>data</c> object of the protocol samples.</summary>
public sealed class SegmentDecodingTests
{
    [Fact]
    public void The_reference_lz4_vector_decodes_to_its_rows()
    {
        // protocol/samples/13-segment-compression-vectors.json, the json+lz4 vector.
        var payload = Convert.FromBase64String("8AFbWzEwMDBdLFsxMDAwMV1d");
        var output = new byte[16];

        Assert.Equal(16, Lz4BlockDecoder.Decompress(payload, output));
        Assert.Equal("[[1000],[10001]]", Encoding.UTF8.GetString(output));
    }

    [Fact]
    public void Overlapping_matches_and_long_lengths_decode()
    {
        // "ab", then a match of 10 at offset 2 (overlapping), then 5 literals.
        byte[] overlap = [0x26, (byte)'a', (byte)'b', 0x02, 0x00, 0x50, (byte)'x', (byte)'y', (byte)'z', (byte)'w', (byte)'v'];
        var output = new byte[17];
        Assert.Equal(17, Lz4BlockDecoder.Decompress(overlap, output));
        Assert.Equal("ababababababxyzwv", Encoding.ASCII.GetString(output));

        // 300 literals (15 + 255 + 30), a match of 4 + 15 + 255 + 1 = 275 at offset 300, then 5 literals.
        var literals = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();
        var block = new List<byte> { 0xFF, 255, 30 };
        block.AddRange(literals);
        block.AddRange([0x2C, 0x01, 255, 1]);
        block.Add(0x50);
        block.AddRange("tail!"u8.ToArray());
        var expected = literals.Concat(literals.Take(275)).Concat("tail!"u8.ToArray()).ToArray();
        var decoded = new byte[expected.Length];

        Assert.Equal(expected.Length, Lz4BlockDecoder.Decompress(block.ToArray(), decoded));
        Assert.Equal(expected, decoded);
    }

    public static TheoryData<string, byte[], int> CorruptBlocks() => new()
    {
        { "empty block", [], 16 },
        { "offset 0", [0x10, (byte)'a', 0x00, 0x00, 0x50, 1, 2, 3, 4, 5], 16 },
        { "offset before the output", [0x10, (byte)'a', 0x02, 0x00, 0x50, 1, 2, 3, 4, 5], 16 },
        { "literals past the end", [0x50, (byte)'a', (byte)'b'], 16 },
        { "length cut off", [0xF0, 255], 300 },
        { "offset cut off", [0x10, (byte)'a', 0x01], 16 },
        { "ends with a match", [0x10, (byte)'a', 0x01, 0x00], 16 },
        { "output larger than announced", [0x50, 1, 2, 3, 4, 5], 4 },
        { "match larger than announced", [0x1F, (byte)'a', 0x01, 0x00, 40, 0x50, 1, 2, 3, 4, 5], 16 },
    };

    [Theory]
    [MemberData(nameof(CorruptBlocks))]
    public void A_corrupt_block_is_invalid_data_never_an_out_of_range_access(string name, byte[] block, int size)
    {
        var error = Assert.Throws<InvalidDataException>(() => Lz4BlockDecoder.Decompress(block, new byte[size]));
        Assert.False(string.IsNullOrEmpty(error.Message), name);
    }

    [Fact]
    public void The_spooled_sample_parses_into_inline_and_spooled_segments_with_their_headers()
    {
        var response = Parse(File.ReadAllText(SamplePath("07-trino-spooled-encoded-data-field.json")), wrap: true);

        var data = Assert.IsType<EncodedData>(response.EncodedData);
        Assert.Equal("json", data.Encoding);
        Assert.Equal(2, data.Segments.Count);
        Assert.Equal("testData", Encoding.UTF8.GetString(data.Segments[0].InlineData!));
        Assert.False(data.Segments[0].IsSpooled);
        Assert.Equal(1000, data.Segments[0].SegmentSize);
        var spooled = data.Segments[1];
        Assert.True(spooled.IsSpooled);
        Assert.Equal(new Uri("https://download.uri"), spooled.Uri);
        Assert.Equal(new Uri("https://ack.uri"), spooled.AckUri);
        var header = Assert.Single(spooled.Headers);
        Assert.Equal("X-Trino-Header", header.Key);
        Assert.Equal(["Header-Value"], header.Value);
        Assert.Equal(0, spooled.RowOffset);
        Assert.Equal(0, spooled.RowsCount);
    }

    [Fact]
    public void Metadata_numbers_may_be_strings_as_in_the_inline_update_sample()
    {
        var response = Parse(File.ReadAllText(SamplePath("08-trino-spooled-inline-update.json")), wrap: false);

        var segment = Assert.Single(response.EncodedData!.Segments);
        Assert.Equal(5, segment.UncompressedSize);
        Assert.Equal(5, segment.SegmentSize);
        Assert.Equal("[[3]]", Encoding.UTF8.GetString(segment.InlineData!));
        Assert.Equal("INSERT", response.UpdateType);
    }

    [Theory]
    [InlineData("""{"segments":[{"type":"inline","data":"W10="}]}""", "no 'encoding'")]
    [InlineData("""{"encoding":"json","segments":[]}""", "no 'segments'")]
    [InlineData("""{"encoding":"json","segments":[{"type":"inline"}]}""", "has no 'data'")]
    [InlineData("""{"encoding":"json","segments":[{"type":"inline","data":"***"}]}""", "not a Base64 string")]
    [InlineData("""{"encoding":"json","segments":[{"type":"spooled"}]}""", "has no 'uri'")]
    [InlineData("""{"encoding":"json","segments":[{"type":"spooled","uri":"file:///etc/passwd"}]}""", "not an absolute http(s) URI")]
    [InlineData("""{"encoding":"json","segments":[{"type":"carrier-pigeon"}]}""", "unknown type")]
    [InlineData("""{"encoding":"json","segments":[{"type":"inline","data":"W10=","metadata":{"rowsCount":-1}}]}""", "not a non-negative integer")]
    [InlineData("""{"encoding":"json","segments":[{"type":"spooled","uri":"https://s/1","headers":{"k":[1]}}]}""", "not a string")]
    public void A_malformed_data_object_is_a_protocol_error(string data, string expected)
    {
        var body = """{"id":"q1","columns":[{"name":"n","type":"bigint"}],"data":""" + data + "}";
        var error = Assert.Throws<PrestoProtocolException>(() => Parse(body, wrap: false));
        Assert.Contains(expected, error.Message);
    }

    private static QueryResponse Parse(string json, bool wrap)
    {
        var text = wrap ? """{"id":"q1","columns":[{"name":"n","type":"bigint"}],"data":""" + json + "}" : json;
        var bytes = Encoding.UTF8.GetBytes(text);
        var body = new PageBuffer(bytes.Length);
        Buffer.BlockCopy(bytes, 0, body.Array, 0, bytes.Length);
        body.Length = bytes.Length;
        var response = new QueryResponse();
        QueryResultsParser.Parse(body, response, ProtocolDialect.Trino);
        return response;
    }

    private static string SamplePath(string name) => Path.Combine(AppContext.BaseDirectory, "Samples", name);
}
