using System;
using System.Buffers.Binary;
using System.IO;

namespace Presto.Testing.Spooling;

/// <summary>
/// A greedy LZ4 block compressor (raw block: no frame, no checksum), what Trino's <c>json+lz4</c> segments hold. It follows the
/// block format's end rules: the last five bytes are literals and no match starts in the last twelve.
/// </summary>
internal static class Lz4BlockCompressor
{
    private const int MinMatch = 4;
    private const int LastLiterals = 5;
    private const int MatchFindLimit = 12;
    private const int HashBits = 16;
    private const int MaxOffset = 65_535;

    public static byte[] Compress(ReadOnlySpan<byte> input)
    {
        var output = new MemoryStream(input.Length / 2 + 16);
        var table = new int[1 << HashBits];
        var anchor = 0;
        var ip = 0;
        var limit = input.Length - MatchFindLimit;
        while (ip < limit)
        {
            var sequence = BinaryPrimitives.ReadUInt32LittleEndian(input.Slice(ip));
            var hash = (int)((sequence * 2654435761u) >> (32 - HashBits));
            var candidate = table[hash] - 1;
            table[hash] = ip + 1;
            if (candidate < 0 || ip - candidate > MaxOffset || BinaryPrimitives.ReadUInt32LittleEndian(input.Slice(candidate)) != sequence)
            {
                ip++;
                continue;
            }

            var length = MinMatch;
            var matchEnd = input.Length - LastLiterals;
            while (ip + length < matchEnd && input[candidate + length] == input[ip + length])
            {
                length++;
            }

            WriteSequence(output, input.Slice(anchor, ip - anchor), ip - candidate, length);
            ip += length;
            anchor = ip;
        }

        WriteLastLiterals(output, input.Slice(anchor));
        return output.ToArray();
    }

    private static void WriteSequence(MemoryStream output, ReadOnlySpan<byte> literals, int offset, int matchLength)
    {
        var extra = matchLength - MinMatch;
        output.WriteByte((byte)((Math.Min(literals.Length, 15) << 4) | Math.Min(extra, 15)));
        WriteLength(output, literals.Length);
        output.Write(literals);
        output.WriteByte((byte)offset);
        output.WriteByte((byte)(offset >> 8));
        WriteLength(output, extra);
    }

    private static void WriteLastLiterals(MemoryStream output, ReadOnlySpan<byte> literals)
    {
        output.WriteByte((byte)(Math.Min(literals.Length, 15) << 4));
        WriteLength(output, literals.Length);
        output.Write(literals);
    }

    /// <summary>The bytes that extend a length of 15 or more (written after the token's nibble of 15).</summary>
    private static void WriteLength(MemoryStream output, int length)
    {
        if (length < 15)
        {
            return;
        }

        length -= 15;
        while (length >= 255)
        {
            output.WriteByte(255);
            length -= 255;
        }

        output.WriteByte((byte)length);
    }
}
