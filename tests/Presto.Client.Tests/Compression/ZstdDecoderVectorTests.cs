using System.Globalization;
using System.Security.Cryptography;
using Presto.Compression;

namespace Presto.Tests.Compression;

/// <summary>
/// The decoder against frames made by the reference zstd CLI (see ZstdVectors/generate.py): every level from 1 to
/// --ultra -22, with and without checksums and content sizes, --long windows, concatenated and skippable frames.
/// The manifest holds each file's decompressed length and SHA-256.
/// </summary>
public sealed class ZstdDecoderVectorTests
{
    internal static readonly string VectorDirectory = Path.Combine(AppContext.BaseDirectory, "Compression", "ZstdVectors");

    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(VectorDirectory, "manifest.txt")))
        {
            if (line.Length > 0)
            {
                data.Add(line.Split(' ')[0]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Decodes_reference_vector(string file)
    {
        var (length, sha256) = Expected(file);
        var compressed = Read(file);

        var output = new byte[length];
        var written = ZstdDecoder.Decompress(compressed, output);

        Assert.Equal(length, written);
        Assert.Equal(sha256, Convert.ToHexString(SHA256.HashData(output)).ToLowerInvariant());
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Writes_nothing_past_the_bytes_it_reports(string file)
    {
        var (length, sha256) = Expected(file);
        var buffer = new byte[length + 64];
        buffer.AsSpan().Fill(0xA5);

        var written = ZstdDecoder.Decompress(Read(file), buffer.AsSpan(0, length + 16));

        Assert.Equal(length, written);
        Assert.Equal(sha256, Convert.ToHexString(SHA256.HashData(buffer.AsSpan(0, length))).ToLowerInvariant());
        Assert.All(buffer.AsSpan(length).ToArray(), b => Assert.Equal(0xA5, b));
    }

    [Fact]
    public void Decodes_the_protocol_sample_segment()
    {
        // The json+zstd vector of the protocol reference samples (13-segment-compression-vectors.json).
        var compressed = Convert.FromBase64String("KLUv/QQAgQAAW1sxMDAwXSxbMTAwMDFdXZfUttw=");
        var output = new byte[16];

        var written = ZstdDecoder.Decompress(compressed, output);

        Assert.Equal(16, written);
        Assert.Equal("[[1000],[10001]]", System.Text.Encoding.UTF8.GetString(output));
    }

    [Fact]
    public void Skippable_frames_alone_decode_to_nothing()
    {
        byte[] skippable = [0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3, 0x5E, 0x2A, 0x4D, 0x18, 0, 0, 0, 0];

        Assert.Equal(0, ZstdDecoder.Decompress(skippable, Span<byte>.Empty));
    }

    [Fact]
    public void Decoding_again_with_the_reused_state_gives_the_same_output()
    {
        // The per-thread state must not leak tables or repeat offsets from one call or frame into the next.
        foreach (var file in new[] { "json-64k.l19.zst", "text-100k.l3.zst", "json-64k.l19.zst", "concatenated.zst" })
        {
            var (length, sha256) = Expected(file);
            var output = new byte[length];
            ZstdDecoder.Decompress(Read(file), output);
            Assert.Equal(sha256, Convert.ToHexString(SHA256.HashData(output)).ToLowerInvariant());
        }
    }

    internal static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(VectorDirectory, file));

    internal static (int Length, string Sha256) Expected(string file)
    {
        foreach (var line in File.ReadAllLines(Path.Combine(VectorDirectory, "manifest.txt")))
        {
            var parts = line.Split(' ');
            if (parts[0] == file)
            {
                return (int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]);
            }
        }

        throw new InvalidOperationException(file + " is not in the manifest");
    }
}
