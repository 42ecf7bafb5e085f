using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
#if NET
using System.Numerics;
#endif

namespace Presto.Compression;

/// <summary>The state of a <see cref="ZstdBitReader"/> after <see cref="ZstdBitReader.Reload"/>.</summary>
internal enum ZstdBitReaderStatus
{
    /// <summary>At least 57 unread bits are in the container.</summary>
    Unfinished,

    /// <summary>Every remaining bit is in the container, but fewer than 57 of them may be left.</summary>
    EndOfBuffer,

    /// <summary>Every bit has been read, exactly.</summary>
    Completed,

    /// <summary>More bits were read than the stream holds.</summary>
    Overflow,
}

/// <summary>
/// Reads a Zstandard backward bitstream (RFC 8878 §4.1): the stream is read from its last byte towards its first, the
/// highest set bit of the last byte marks where the data starts, and each field is read most significant bit first.
/// The unread bits sit at the top of a 64-bit container that <see cref="Reload"/> refills a whole byte at a time.
/// Reads past the end yield garbage bits but never leave the span; callers detect it with <see cref="Reload"/> or
/// <see cref="IsCompleted"/>.
/// </summary>
internal ref struct ZstdBitReader
{
    private readonly ReadOnlySpan<byte> _source;
    private ulong _container;
    private int _bitsConsumed;
    private int _position;

    public ZstdBitReader(ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty)
        {
            throw ZstdErrors.Corrupt("an entropy-coded bitstream is empty");
        }

        var last = source[source.Length - 1];
        if (last == 0)
        {
            throw ZstdErrors.Corrupt("an entropy-coded bitstream has no end mark");
        }

        _source = source;
        if (source.Length >= 8)
        {
            _position = source.Length - 8;
            _container = BinaryPrimitives.ReadUInt64LittleEndian(source.Slice(_position));
            _bitsConsumed = 0;
        }
        else
        {
            _position = 0;
            ulong container = 0;
            for (var i = 0; i < source.Length; i++)
            {
                container |= (ulong)source[i] << (8 * i);
            }

            _container = container;
            _bitsConsumed = (8 - source.Length) * 8;
        }

        _bitsConsumed += 8 - HighBit(last);
    }

    /// <summary>True when every bit of the stream has been read, no more and no less.</summary>
    public readonly bool IsCompleted => _position == 0 && _bitsConsumed == 64;

    /// <summary>Reads <paramref name="count"/> bits (0 to 63) without a refill.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadBits(int count)
    {
        var value = (_container << _bitsConsumed) >> 1 >> (63 - count);
        _bitsConsumed += count;
        return value;
    }

    /// <summary>The next <paramref name="count"/> bits (1 to 63), not consumed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong PeekBits(int count) => (_container << _bitsConsumed) >> (64 - count);

    /// <summary>Consumes <paramref name="count"/> bits after a <see cref="PeekBits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SkipBits(int count) => _bitsConsumed += count;

    /// <summary>Moves consumed whole bytes out of the container and loads the bytes before them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ZstdBitReaderStatus Reload()
    {
        if (_bitsConsumed > 64)
        {
            return ZstdBitReaderStatus.Overflow;
        }

        if (_position >= 8)
        {
            _position -= _bitsConsumed >> 3;
            _bitsConsumed &= 7;
            _container = BinaryPrimitives.ReadUInt64LittleEndian(_source.Slice(_position));
            return ZstdBitReaderStatus.Unfinished;
        }

        return ReloadNearStart();
    }

    /// <summary>The floor of log2: the index of the highest set bit of a non-zero value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HighBit(uint value)
    {
#if NET
        return BitOperations.Log2(value);
#else
        var bit = 0;
        while ((value >>= 1) != 0)
        {
            bit++;
        }

        return bit;
#endif
    }

    private ZstdBitReaderStatus ReloadNearStart()
    {
        if (_position == 0)
        {
            return _bitsConsumed == 64 ? ZstdBitReaderStatus.Completed : ZstdBitReaderStatus.EndOfBuffer;
        }

        var bytes = _bitsConsumed >> 3;
        var status = ZstdBitReaderStatus.Unfinished;
        if (bytes > _position)
        {
            bytes = _position;
            status = ZstdBitReaderStatus.EndOfBuffer;
        }

        _position -= bytes;
        _bitsConsumed -= bytes * 8;
        _container = BinaryPrimitives.ReadUInt64LittleEndian(_source.Slice(_position));
        return status;
    }
}
