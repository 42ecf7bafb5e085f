using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Presto.Compression;

/// <summary>XXH64 (seed 0), the content checksum of Zstandard frames.</summary>
internal static class ZstdXxHash64
{
    private const ulong Prime1 = 11400714785074694791UL;
    private const ulong Prime2 = 14029467366897019727UL;
    private const ulong Prime3 = 1609587929392839161UL;
    private const ulong Prime4 = 9650029242287828579UL;
    private const ulong Prime5 = 2870177450012600261UL;

    public static ulong Hash(ReadOnlySpan<byte> data)
    {
        var length = data.Length;
        var offset = 0;
        ulong hash;
        if (length >= 32)
        {
            var v1 = unchecked(Prime1 + Prime2);
            var v2 = Prime2;
            var v3 = 0UL;
            var v4 = unchecked(0UL - Prime1);
            var lanes = MemoryMarshal.Cast<byte, ulong>(data.Slice(0, length & ~31));
            var little = BitConverter.IsLittleEndian;
            for (var i = 0; i < lanes.Length; i += 4)
            {
                v1 = Round(v1, little ? lanes[i] : BinaryPrimitives.ReverseEndianness(lanes[i]));
                v2 = Round(v2, little ? lanes[i + 1] : BinaryPrimitives.ReverseEndianness(lanes[i + 1]));
                v3 = Round(v3, little ? lanes[i + 2] : BinaryPrimitives.ReverseEndianness(lanes[i + 2]));
                v4 = Round(v4, little ? lanes[i + 3] : BinaryPrimitives.ReverseEndianness(lanes[i + 3]));
            }

            offset = length & ~31;
            hash = unchecked(RotateLeft(v1, 1) + RotateLeft(v2, 7) + RotateLeft(v3, 12) + RotateLeft(v4, 18));
            hash = Merge(hash, v1);
            hash = Merge(hash, v2);
            hash = Merge(hash, v3);
            hash = Merge(hash, v4);
        }
        else
        {
            hash = Prime5;
        }

        unchecked
        {
            hash += (ulong)length;
            for (; offset + 8 <= length; offset += 8)
            {
                hash ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(offset)));
                hash = (RotateLeft(hash, 27) * Prime1) + Prime4;
            }

            if (offset + 4 <= length)
            {
                hash ^= BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(offset)) * Prime1;
                hash = (RotateLeft(hash, 23) * Prime2) + Prime3;
                offset += 4;
            }

            for (; offset < length; offset++)
            {
                hash ^= data[offset] * Prime5;
                hash = RotateLeft(hash, 11) * Prime1;
            }

            hash ^= hash >> 33;
            hash *= Prime2;
            hash ^= hash >> 29;
            hash *= Prime3;
            hash ^= hash >> 32;
        }

        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Round(ulong accumulator, ulong input) =>
        unchecked(RotateLeft(accumulator + (input * Prime2), 31) * Prime1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Merge(ulong hash, ulong lane) =>
        unchecked(((hash ^ Round(0, lane)) * Prime1) + Prime4);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong RotateLeft(ulong value, int bits) => (value << bits) | (value >> (64 - bits));
}
