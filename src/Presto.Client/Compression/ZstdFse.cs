using System;

namespace Presto.Compression;

/// <summary>One state of a finite state entropy decoding table.</summary>
internal struct ZstdFseEntry
{
    /// <summary>The symbol this state decodes to.</summary>
    public byte Symbol;

    /// <summary>How many bits to read for the next state.</summary>
    public byte NbBits;

    /// <summary>The next state is this plus the bits read.</summary>
    public ushort NextStateBase;
}

/// <summary>
/// Finite state entropy tables (RFC 8878 §4.1): reading a table description (the normalized counts) and spreading it
/// into a decoding table.
/// </summary>
internal static class ZstdFse
{
    /// <summary>
    /// Reads the FSE table description at the start of <paramref name="source"/> into <paramref name="counts"/>
    /// (-1 means "less than 1") and returns the bytes it took.
    /// </summary>
    public static int ReadNormalizedCounts(
        ReadOnlySpan<byte> source, Span<short> counts, int maxSymbolLimit, int maxAccuracyLog, out int maxSymbol, out int accuracyLog)
    {
        if (source.IsEmpty)
        {
            throw ZstdErrors.Truncated("an FSE table description");
        }

        var bitPosition = 4;
        accuracyLog = (source[0] & 15) + 5;
        if (accuracyLog > maxAccuracyLog)
        {
            throw ZstdErrors.Corrupt("an FSE table has accuracy log " + accuracyLog + ", more than the maximum " + maxAccuracyLog);
        }

        var remaining = (1 << accuracyLog) + 1;
        var threshold = 1 << accuracyLog;
        var nbBits = accuracyLog + 1;
        var symbol = 0;
        var previousWasZero = false;
        while (remaining > 1)
        {
            if (previousWasZero)
            {
                var zeroesEnd = symbol;
                uint flag;
                do
                {
                    flag = Peek32(source, bitPosition) & 3;
                    bitPosition += 2;
                    zeroesEnd += (int)flag;
                }
                while (flag == 3 && zeroesEnd <= maxSymbolLimit);

                if (zeroesEnd > maxSymbolLimit)
                {
                    throw ZstdErrors.Corrupt("an FSE table description has more symbols than allowed");
                }

                while (symbol < zeroesEnd)
                {
                    counts[symbol++] = 0;
                }
            }

            if (symbol > maxSymbolLimit)
            {
                throw ZstdErrors.Corrupt("an FSE table description has more symbols than allowed");
            }

            var max = (2 * threshold) - 1 - remaining;
            var bits = Peek32(source, bitPosition);
            int count;
            if ((bits & (uint)(threshold - 1)) < (uint)max)
            {
                count = (int)(bits & (uint)(threshold - 1));
                bitPosition += nbBits - 1;
            }
            else
            {
                count = (int)(bits & (uint)((2 * threshold) - 1));
                if (count >= threshold)
                {
                    count -= max;
                }

                bitPosition += nbBits;
            }

            count--;
            remaining -= count < 0 ? -count : count;
            counts[symbol++] = (short)count;
            previousWasZero = count == 0;
            if (remaining < 1)
            {
                throw ZstdErrors.Corrupt("an FSE table description has probabilities that add up to too much");
            }

            while (remaining < threshold)
            {
                nbBits--;
                threshold >>= 1;
            }
        }

        var consumed = (bitPosition + 7) >> 3;
        if (consumed > source.Length)
        {
            throw ZstdErrors.Truncated("an FSE table description");
        }

        maxSymbol = symbol - 1;
        return consumed;
    }

    /// <summary>
    /// Spreads normalized counts into a decoding table of 2^<paramref name="accuracyLog"/> states (RFC 8878 §4.1.1).
    /// </summary>
    public static void BuildTable(
        ReadOnlySpan<short> counts, int maxSymbol, int accuracyLog, Span<ZstdFseEntry> table, Span<ushort> symbolNext)
    {
        var tableSize = 1 << accuracyLog;
        var highThreshold = tableSize - 1;
        for (var s = 0; s <= maxSymbol; s++)
        {
            if (counts[s] == -1)
            {
                table[highThreshold--].Symbol = (byte)s;
                symbolNext[s] = 1;
            }
            else
            {
                symbolNext[s] = (ushort)counts[s];
            }
        }

        var mask = tableSize - 1;
        var step = (tableSize >> 1) + (tableSize >> 3) + 3;
        var position = 0;
        for (var s = 0; s <= maxSymbol; s++)
        {
            for (var i = 0; i < counts[s]; i++)
            {
                table[position].Symbol = (byte)s;
                do
                {
                    position = (position + step) & mask;
                }
                while (position > highThreshold);
            }
        }

        if (position != 0)
        {
            throw ZstdErrors.Corrupt("an FSE table description does not fill its table");
        }

        for (var state = 0; state < tableSize; state++)
        {
            ref var entry = ref table[state];
            var next = symbolNext[entry.Symbol]++;
            var nbBits = accuracyLog - ZstdBitReader.HighBit(next);
            entry.NbBits = (byte)nbBits;
            entry.NextStateBase = (ushort)((next << nbBits) - tableSize);
        }
    }

    /// <summary>32 bits of a forward (little-endian) bitstream from a bit position; zeroes past the end.</summary>
    private static uint Peek32(ReadOnlySpan<byte> source, int bitPosition)
    {
        var index = bitPosition >> 3;
        uint value = 0;
        for (var i = 0; i < 4 && index + i < source.Length; i++)
        {
            value |= (uint)source[index + i] << (8 * i);
        }

        return value >> (bitPosition & 7);
    }
}
