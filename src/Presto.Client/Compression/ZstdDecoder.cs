using System;
using System.Buffers.Binary;

namespace Presto.Compression;

/// <summary>
/// A Zstandard decoder (RFC 8878) for whole payloads, such as <c>json+zstd</c> spooled segments: decodes one or more
/// concatenated frames (skippable frames skipped) into a caller-sized buffer, checks each frame's content size and
/// checksum when present, and throws <see cref="System.IO.InvalidDataException"/> on corrupt or truncated input,
/// dictionaries, or output larger than the destination. Since the whole output is in the destination, it is also the
/// window: matches are copied from the frame's own earlier output.
/// </summary>
internal static class ZstdDecoder
{
    private const uint FrameMagic = 0xFD2FB528;
    private const uint SkippableMagicMask = 0xFFFFFFF0;
    private const uint SkippableMagic = 0x184D2A50;

    /// <summary>Decodes every frame of <paramref name="source"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.IsEmpty)
        {
            throw ZstdErrors.Truncated("the first frame header (the input is empty)");
        }

        var state = ZstdDecoderState.Rent();
        try
        {
            var input = 0;
            var output = 0;
            while (input < source.Length)
            {
                if (source.Length - input < 4)
                {
                    throw ZstdErrors.Truncated("a frame magic number");
                }

                var magic = BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(input));
                input += 4;
                if (magic == FrameMagic)
                {
                    input = DecodeFrame(source, input, destination, ref output, state);
                }
                else if ((magic & SkippableMagicMask) == SkippableMagic)
                {
                    if (source.Length - input < 4)
                    {
                        throw ZstdErrors.Truncated("a skippable frame header");
                    }

                    var size = BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(input));
                    input += 4;
                    if (size > (uint)(source.Length - input))
                    {
                        throw ZstdErrors.Truncated("a skippable frame");
                    }

                    input += (int)size;
                }
                else
                {
                    throw ZstdErrors.Corrupt("a frame starts with 0x" + magic.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) + ", not the Zstandard magic number");
                }
            }

            return output;
        }
        finally
        {
            ZstdDecoderState.Return(state);
        }
    }

    private static int DecodeFrame(ReadOnlySpan<byte> source, int input, Span<byte> destination, ref int output, ZstdDecoderState state)
    {
        if (input >= source.Length)
        {
            throw ZstdErrors.Truncated("a frame header");
        }

        int descriptor = source[input++];
        var contentSizeFlag = descriptor >> 6;
        var singleSegment = (descriptor & 0x20) != 0;
        var hasChecksum = (descriptor & 0x04) != 0;
        var dictionaryIdSize = (descriptor & 3) == 3 ? 4 : descriptor & 3;
        var contentSizeSize = contentSizeFlag == 0 ? (singleSegment ? 1 : 0) : 1 << contentSizeFlag;
        if ((descriptor & 0x08) != 0)
        {
            throw ZstdErrors.Corrupt("the reserved bit of a frame header is set");
        }

        if (source.Length - input < (singleSegment ? 0 : 1) + dictionaryIdSize + contentSizeSize)
        {
            throw ZstdErrors.Truncated("a frame header");
        }

        long windowSize = 0;
        if (!singleSegment)
        {
            int windowDescriptor = source[input++];
            var windowBase = 1L << (10 + (windowDescriptor >> 3));
            windowSize = windowBase + ((windowBase >> 3) * (windowDescriptor & 7));
        }

        if (dictionaryIdSize > 0)
        {
            var dictionaryId = ReadLittleEndian(source.Slice(input, dictionaryIdSize));
            input += dictionaryIdSize;
            if (dictionaryId != 0)
            {
                throw ZstdErrors.Unsupported("the frame needs dictionary " + dictionaryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var contentSize = -1L;
        if (contentSizeSize > 0)
        {
            var value = ReadLittleEndian(source.Slice(input, contentSizeSize));
            input += contentSizeSize;
            contentSize = contentSizeSize == 2 ? (long)value + 256 : value > long.MaxValue ? long.MaxValue : (long)value;
            if (contentSize > destination.Length - output)
            {
                throw ZstdErrors.DestinationTooSmall(destination.Length);
            }
        }

        if (singleSegment)
        {
            windowSize = contentSize;
        }

        var maxBlockSize = (int)Math.Min(windowSize, ZstdDecoderState.MaxBlockSize);
        var frameStart = output;
        state.StartFrame();
        while (true)
        {
            if (source.Length - input < 3)
            {
                throw ZstdErrors.Truncated("a block header");
            }

            var header = source[input] | (source[input + 1] << 8) | (source[input + 2] << 16);
            input += 3;
            var blockType = (header >> 1) & 3;
            var blockSize = header >> 3;
            if (blockSize > maxBlockSize)
            {
                throw ZstdErrors.Corrupt("a block of " + blockSize + " bytes is larger than the maximum of " + maxBlockSize);
            }

            switch (blockType)
            {
                case 0:
                    if (source.Length - input < blockSize)
                    {
                        throw ZstdErrors.Truncated("a raw block");
                    }

                    CheckRoom(destination, output, blockSize);
                    source.Slice(input, blockSize).CopyTo(destination.Slice(output));
                    input += blockSize;
                    output += blockSize;
                    break;
                case 1:
                    if (source.Length - input < 1)
                    {
                        throw ZstdErrors.Truncated("an RLE block");
                    }

                    CheckRoom(destination, output, blockSize);
                    destination.Slice(output, blockSize).Fill(source[input]);
                    input += 1;
                    output += blockSize;
                    break;
                case 2:
                    if (source.Length - input < blockSize)
                    {
                        throw ZstdErrors.Truncated("a compressed block");
                    }

                    output = DecodeCompressedBlock(source.Slice(input, blockSize), destination, output, frameStart, maxBlockSize, state);
                    input += blockSize;
                    break;
                default:
                    throw ZstdErrors.Corrupt("a block has the reserved block type");
            }

            if ((header & 1) != 0)
            {
                break;
            }
        }

        if (contentSize >= 0 && output - frameStart != contentSize)
        {
            throw ZstdErrors.Corrupt("a frame holds " + (output - frameStart) + " bytes but its header says " + contentSize);
        }

        if (hasChecksum)
        {
            if (source.Length - input < 4)
            {
                throw ZstdErrors.Truncated("a frame checksum");
            }

            var expected = BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(input));
            input += 4;
            var actual = (uint)ZstdXxHash64.Hash(destination.Slice(frameStart, output - frameStart));
            if (actual != expected)
            {
                throw ZstdErrors.Corrupt("the content checksum of a frame does not match its content");
            }
        }

        return input;
    }

    private static int DecodeCompressedBlock(
        ReadOnlySpan<byte> block, Span<byte> destination, int output, int frameStart, int maxBlockSize, ZstdDecoderState state)
    {
        if (block.IsEmpty)
        {
            throw ZstdErrors.Corrupt("a compressed block is empty");
        }

        var literalsSize = ZstdLiterals.Decode(block, state, maxBlockSize, out var literals);
        return ZstdSequences.Execute(block.Slice(literalsSize), literals, destination, output, frameStart, state);
    }

    private static void CheckRoom(Span<byte> destination, int output, int length)
    {
        if (length > destination.Length - output)
        {
            throw ZstdErrors.DestinationTooSmall(destination.Length);
        }
    }

    private static ulong ReadLittleEndian(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            value |= (ulong)bytes[i] << (8 * i);
        }

        return value;
    }
}
