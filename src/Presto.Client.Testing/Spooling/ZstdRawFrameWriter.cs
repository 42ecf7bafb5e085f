using System;
using System.Buffers.Binary;

namespace Presto.Testing.Spooling;

/// <summary>
/// Writes a standard zstd frame (RFC 8878) made of raw (stored) blocks: a legal frame that every zstd decoder reads, without
/// a compressor. Single-segment frame with a 4-byte content size, no checksum, blocks of at most 128 KiB.
/// </summary>
internal static class ZstdRawFrameWriter
{
    private const int MaxBlockSize = 128 * 1024;

    public static byte[] Write(ReadOnlySpan<byte> input)
    {
        var blocks = Math.Max(1, (input.Length + MaxBlockSize - 1) / MaxBlockSize);
        var frame = new byte[4 + 1 + 4 + (blocks * 3) + input.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, 0xFD2FB528u);
        // Frame header descriptor: content size flag 2 (4 bytes), single segment (no window descriptor), no checksum, no dictionary.
        frame[4] = 0b1010_0000;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(5), (uint)input.Length);
        var pos = 9;
        var offset = 0;
        for (var i = 0; i < blocks; i++)
        {
            var size = Math.Min(MaxBlockSize, input.Length - offset);
            var last = i == blocks - 1 ? 1 : 0;

            // Block header (3 bytes, little-endian): last-block bit, type 0 (raw), size.
            var header = (size << 3) | last;
            frame[pos] = (byte)header;
            frame[pos + 1] = (byte)(header >> 8);
            frame[pos + 2] = (byte)(header >> 16);
            pos += 3;
            input.Slice(offset, size).CopyTo(frame.AsSpan(pos));
            pos += size;
            offset += size;
        }

        return frame;
    }
}
