using Presto.Compression;

namespace Presto.Tests.Compression;

/// <summary>
/// Hostile and broken input: the decoder throws <see cref="InvalidDataException"/> (or, for undetectable damage,
/// returns some output) and never throws anything else, reads or writes out of bounds, or writes past the destination.
/// </summary>
public sealed class ZstdDecoderCorruptionTests
{
    private const byte Canary = 0x5A;

    public static TheoryData<string> SingleFrameVectors() =>
    [
        "json-16.l3.zst",
        "one.l1.zst",
        "empty.l3.zst",
        "json-1k.l19.zst",
        "json-64k.l3.nocheck.zst",
        "json-64k.l22.zst",
        "text-100k.l1.nosize.zst",
        "random-1k.l3.zst",
        "repetitive-1m.l19.long.zst",
    ];

    [Theory]
    [MemberData(nameof(SingleFrameVectors))]
    public void Every_truncation_throws(string file)
    {
        var compressed = ZstdDecoderVectorTests.Read(file);
        var (length, _) = ZstdDecoderVectorTests.Expected(file);
        var output = new byte[length];

        // Every cut point of small frames, about 300 spread over large ones, and the last 64 bytes always.
        var step = Math.Max(1, compressed.Length / 300);
        for (var cut = 0; cut < compressed.Length; cut += cut >= compressed.Length - 64 ? 1 : step)
        {
            var truncated = compressed.AsSpan(0, cut).ToArray();
            Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(truncated, output));
        }
    }

    [Theory]
    [InlineData("json-64k.l3.zst", 1)]
    [InlineData("json-64k.l19.zst", 2)]
    [InlineData("json-64k.l3.nocheck.zst", 3)]
    [InlineData("text-100k.l9.nocheck.zst", 4)]
    [InlineData("text-100k.l1.nosize.zst", 5)]
    [InlineData("repetitive-1m.l3.zst", 6)]
    [InlineData("random-1k.l3.zst", 7)]
    [InlineData("json-1k.l22.zst", 8)]
    [InlineData("concatenated.zst", 9)]
    public void Bit_flips_throw_or_decode_within_the_destination(string file, int seed)
    {
        var compressed = ZstdDecoderVectorTests.Read(file);
        var (length, _) = ZstdDecoderVectorTests.Expected(file);
        var random = new Random(seed);
        var buffer = new byte[length + 64];
        var rejected = 0;
        const int Rounds = 400;
        for (var round = 0; round < Rounds; round++)
        {
            var damaged = (byte[])compressed.Clone();
            var flips = 1 + random.Next(3);
            for (var i = 0; i < flips; i++)
            {
                damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            }

            buffer.AsSpan().Fill(Canary);
            try
            {
                var written = ZstdDecoder.Decompress(damaged, buffer.AsSpan(0, length));
                Assert.InRange(written, 0, length);
            }
            catch (InvalidDataException)
            {
                rejected++;
            }

            Assert.All(buffer.AsSpan(length).ToArray(), b => Assert.Equal(Canary, b));
        }

        // Most damage must be noticed (checksums, block structure, bitstream ends).
        Assert.True(rejected > Rounds / 2, rejected + " of " + Rounds + " damaged inputs were rejected");
    }

    [Fact]
    public void Random_bytes_after_a_frame_header_throw_or_decode_within_the_destination()
    {
        var random = new Random(42);
        var buffer = new byte[4096 + 64];
        for (var round = 0; round < 3000; round++)
        {
            var input = new byte[5 + random.Next(300)];
            random.NextBytes(input);
            input[0] = 0x28;
            input[1] = 0xB5;
            input[2] = 0x2F;
            input[3] = 0xFD;
            input[4] &= 0xF4; // no reserved bit, no dictionary
            // Make the first block a compressed one, so that the random bytes reach the literals and sequences decoders.
            var singleSegment = (input[4] & 0x20) != 0;
            var contentSizeFlag = input[4] >> 6;
            var blockHeader = 5 + (singleSegment ? 0 : 1) + (contentSizeFlag == 0 ? (singleSegment ? 1 : 0) : 1 << contentSizeFlag);
            if (blockHeader < input.Length)
            {
                input[blockHeader] = (byte)((input[blockHeader] & 0xF8) | 4 | (round & 1));
            }

            buffer.AsSpan().Fill(Canary);
            try
            {
                ZstdDecoder.Decompress(input, buffer.AsSpan(0, 4096));
            }
            catch (InvalidDataException)
            {
            }

            Assert.All(buffer.AsSpan(4096).ToArray(), b => Assert.Equal(Canary, b));
        }
    }

    [Fact]
    public void Destination_one_byte_too_small_throws()
    {
        foreach (var file in new[] { "json-64k.l19.zst", "text-100k.l1.nosize.zst", "json-64k.l3.stream.zst", "one.l1.zst", "concatenated.zst" })
        {
            var (length, _) = ZstdDecoderVectorTests.Expected(file);
            var buffer = new byte[length];
            buffer[length - 1] = Canary;

            var error = Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(ZstdDecoderVectorTests.Read(file), buffer.AsSpan(0, length - 1)));

            Assert.Contains("larger than the destination", error.Message, StringComparison.Ordinal);
            Assert.Equal(Canary, buffer[length - 1]);
        }
    }

    [Fact]
    public void Wrong_magic_number_throws()
    {
        var compressed = ZstdDecoderVectorTests.Read("json-1k.l3.zst");
        compressed[0] ^= 1;

        var error = Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(compressed, new byte[1024]));

        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_input_throws()
    {
        Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(ReadOnlySpan<byte>.Empty, new byte[16]));
    }

    [Fact]
    public void Trailing_bytes_after_a_frame_throw()
    {
        byte[] compressed = [.. ZstdDecoderVectorTests.Read("json-16.l3.zst"), 0x28, 0xB5];

        Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(compressed, new byte[32]));
    }

    [Fact]
    public void Frame_with_a_trained_dictionary_is_rejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(ZstdDecoderVectorTests.Read("dictionary.zst"), new byte[4096]));

        Assert.Contains("dictionary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Frame_with_a_one_byte_dictionary_id_is_rejected()
    {
        // Single segment, 1-byte dictionary id 7, content size 1, then one raw block "x".
        byte[] frame = [0x28, 0xB5, 0x2F, 0xFD, 0x21, 7, 1, 0x09, 0, 0, (byte)'x'];

        var error = Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(frame, new byte[1]));

        Assert.Contains("dictionary 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Frame_with_dictionary_id_zero_means_no_dictionary()
    {
        byte[] frame = [0x28, 0xB5, 0x2F, 0xFD, 0x21, 0, 1, 0x09, 0, 0, (byte)'x'];
        var output = new byte[1];

        Assert.Equal(1, ZstdDecoder.Decompress(frame, output));
        Assert.Equal((byte)'x', output[0]);
    }

    [Fact]
    public void Reserved_frame_header_bit_throws()
    {
        byte[] frame = [0x28, 0xB5, 0x2F, 0xFD, 0x28, 1, 0x09, 0, 0, (byte)'x'];

        var error = Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(frame, new byte[1]));

        Assert.Contains("reserved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reserved_block_type_throws()
    {
        byte[] frame = [0x28, 0xB5, 0x2F, 0xFD, 0x20, 1, 0x0F, 0, 0, (byte)'x'];

        var error = Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(frame, new byte[1]));

        Assert.Contains("reserved block type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_size_that_does_not_match_throws()
    {
        // The header says 2 bytes, the only block holds 1.
        byte[] frame = [0x28, 0xB5, 0x2F, 0xFD, 0x20, 2, 0x09, 0, 0, (byte)'x'];

        Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(frame, new byte[2]));
    }

    [Fact]
    public void Checksum_mismatch_throws()
    {
        var compressed = ZstdDecoderVectorTests.Read("json-64k.l3.zst");
        compressed[^1] ^= 0x80;
        var (length, _) = ZstdDecoderVectorTests.Expected("json-64k.l3.zst");

        var error = Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(compressed, new byte[length]));

        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skippable_frame_longer_than_the_input_throws()
    {
        byte[] skippable = [0x50, 0x2A, 0x4D, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3];

        Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(skippable, new byte[16]));
    }

    [Fact]
    public void Window_descriptor_frames_reject_blocks_larger_than_the_window()
    {
        // Window 1 KB (descriptor 0), one raw block of 2000 bytes.
        var frame = new byte[4 + 2 + 3 + 2000];
        frame[0] = 0x28;
        frame[1] = 0xB5;
        frame[2] = 0x2F;
        frame[3] = 0xFD;
        frame[4] = 0x00;
        frame[5] = 0x00;
        var header = (2000 << 3) | 1;
        frame[6] = (byte)header;
        frame[7] = (byte)(header >> 8);
        frame[8] = (byte)(header >> 16);

        Assert.Throws<InvalidDataException>(() => ZstdDecoder.Decompress(frame, new byte[4096]));
    }
}
