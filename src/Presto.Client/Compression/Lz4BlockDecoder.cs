using System;
using System.IO;

namespace Presto.Compression;

/// <summary>
/// Decoder of one raw LZ4 block (no frame header, no checksum), the payload of a <c>json+lz4</c> spooled segment
/// (PROTOCOL.md §7.3). The output size is not in the block: the caller sizes <c>destination</c> from the segment's
/// <c>uncompressedSize</c>. Every offset and length is checked, so a corrupt block fails instead of reading or
/// writing out of bounds.
/// </summary>
internal static class Lz4BlockDecoder
{
    private const int MinMatch = 4;

    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="InvalidDataException">The block is corrupt or its output does not fit <paramref name="destination"/>.</exception>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var ip = 0;
        var op = 0;
        if (source.Length == 0)
        {
            throw new InvalidDataException("The LZ4 block is empty.");
        }

        while (true)
        {
            var token = source[ip++];
            var literals = ReadLength(source, ref ip, token >> 4);
            if (literals > source.Length - ip)
            {
                throw new InvalidDataException("An LZ4 literal run goes past the end of the block.");
            }

            if (literals > destination.Length - op)
            {
                throw new InvalidDataException("The LZ4 block decodes to more bytes than announced.");
            }

            source.Slice(ip, literals).CopyTo(destination.Slice(op));
            ip += literals;
            op += literals;
            if (ip == source.Length)
            {
                // The last sequence has literals only.
                return op;
            }

            if (source.Length - ip < 2)
            {
                throw new InvalidDataException("An LZ4 match offset is cut off at the end of the block.");
            }

            var offset = source[ip] | (source[ip + 1] << 8);
            ip += 2;
            if (offset == 0 || offset > op)
            {
                throw new InvalidDataException("An LZ4 match refers to data before the start of the output.");
            }

            var length = ReadLength(source, ref ip, token & 0x0F) + MinMatch;
            if (length > destination.Length - op)
            {
                throw new InvalidDataException("The LZ4 block decodes to more bytes than announced.");
            }

            var from = op - offset;
            if (offset >= length)
            {
                destination.Slice(from, length).CopyTo(destination.Slice(op));
                op += length;
            }
            else
            {
                // Overlapping copy: the match repeats bytes it is writing.
                for (var end = op + length; op < end; op++, from++)
                {
                    destination[op] = destination[from];
                }
            }

            if (ip == source.Length)
            {
                throw new InvalidDataException("The LZ4 block ends with a match instead of literals.");
            }
        }
    }

    /// <summary>A 4-bit length from the token, extended by following bytes when it is 15 (each 255 adds and continues).</summary>
    private static int ReadLength(ReadOnlySpan<byte> source, ref int ip, int nibble)
    {
        long length = nibble;
        if (nibble == 15)
        {
            byte b;
            do
            {
                if (ip >= source.Length)
                {
                    throw new InvalidDataException("An LZ4 length is cut off at the end of the block.");
                }

                b = source[ip++];
                length += b;
                if (length > int.MaxValue)
                {
                    throw new InvalidDataException("An LZ4 length is out of range.");
                }
            }
            while (b == 255);
        }

        return (int)length;
    }
}
