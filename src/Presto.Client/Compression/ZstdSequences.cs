using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Presto.Compression;

/// <summary>
/// The sequences section of a compressed block (RFC 8878 §3.1.1.3.2, §3.1.1.4, §3.1.1.5): its header and tables, and
/// each sequence decoded and executed straight into the output (literals copied, then the match copied from earlier
/// output of the frame).
/// </summary>
internal static class ZstdSequences
{
    public const int LiteralLengthMaxLog = 9;
    public const int MatchLengthMaxLog = 9;
    public const int OffsetMaxLog = 8;
    public const int MaxAccuracyLog = 9;

    private const int LiteralLengthMaxCode = 35;
    private const int MatchLengthMaxCode = 52;
    private const int OffsetMaxCode = 31;

    private static readonly uint[] LiteralLengthBaselines =
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
        8192, 16384, 32768, 65536,
    ];

    private static readonly byte[] LiteralLengthExtraBits =
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12,
        13, 14, 15, 16,
    ];

    private static readonly uint[] MatchLengthBaselines =
    [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
        19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
        35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
        4099, 8195, 16387, 32771, 65539,
    ];

    private static readonly byte[] MatchLengthExtraBits =
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
        12, 13, 14, 15, 16,
    ];

    private static readonly uint[] OffsetBaselines = NewOffsetBaselines();
    private static readonly byte[] OffsetExtraBits = NewOffsetExtraBits();

    private static readonly short[] LiteralLengthDefault =
    [
        4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
        -1, -1, -1, -1,
    ];

    private static readonly short[] MatchLengthDefault =
    [
        1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
        -1, -1, -1, -1, -1,
    ];

    private static readonly short[] OffsetDefault =
    [
        1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
    ];

    private static readonly ZstdSequenceTable LiteralLengthPredefined =
        NewPredefined(LiteralLengthDefault, 6, LiteralLengthMaxLog, LiteralLengthBaselines, LiteralLengthExtraBits);

    private static readonly ZstdSequenceTable MatchLengthPredefined =
        NewPredefined(MatchLengthDefault, 6, MatchLengthMaxLog, MatchLengthBaselines, MatchLengthExtraBits);

    private static readonly ZstdSequenceTable OffsetPredefined =
        NewPredefined(OffsetDefault, 5, OffsetMaxLog, OffsetBaselines, OffsetExtraBits);

    /// <summary>
    /// Decodes the sequences section <paramref name="section"/> and executes it into <paramref name="output"/> from
    /// <paramref name="position"/>; returns the new output position.
    /// </summary>
    public static int Execute(
        ReadOnlySpan<byte> section, ReadOnlySpan<byte> literals, Span<byte> output, int position, int frameStart, ZstdDecoderState state)
    {
        if (section.IsEmpty)
        {
            throw ZstdErrors.Truncated("a sequences section header");
        }

        int first = section[0];
        int sequenceCount;
        int offset;
        if (first < 128)
        {
            sequenceCount = first;
            offset = 1;
        }
        else if (first < 255)
        {
            RequireLength(section, 2);
            sequenceCount = ((first - 128) << 8) + section[1];
            offset = 2;
        }
        else
        {
            RequireLength(section, 3);
            sequenceCount = section[1] + (section[2] << 8) + 0x7F00;
            offset = 3;
        }

        if (sequenceCount == 0)
        {
            if (section.Length != offset)
            {
                throw ZstdErrors.Corrupt("a block without sequences has data after its sequences header");
            }

            return CopyLiterals(literals, output, position);
        }

        RequireLength(section, offset + 1);
        int modes = section[offset++];
        if ((modes & 3) != 0)
        {
            throw ZstdErrors.Corrupt("the reserved bits of the sequence compression modes are set");
        }

        offset += SelectTable(
            section.Slice(offset), modes >> 6, ref state.LiteralLengthTable, state.LiteralLengthBuffer, LiteralLengthPredefined,
            LiteralLengthMaxCode, LiteralLengthMaxLog, LiteralLengthBaselines, LiteralLengthExtraBits, state);
        offset += SelectTable(
            section.Slice(offset), (modes >> 4) & 3, ref state.OffsetTable, state.OffsetBuffer, OffsetPredefined,
            OffsetMaxCode, OffsetMaxLog, OffsetBaselines, OffsetExtraBits, state);
        offset += SelectTable(
            section.Slice(offset), (modes >> 2) & 3, ref state.MatchLengthTable, state.MatchLengthBuffer, MatchLengthPredefined,
            MatchLengthMaxCode, MatchLengthMaxLog, MatchLengthBaselines, MatchLengthExtraBits, state);

        return DecodeAndExecute(section.Slice(offset), sequenceCount, literals, output, position, frameStart, state);
    }

    private static int DecodeAndExecute(
        ReadOnlySpan<byte> bitstream, int sequenceCount, ReadOnlySpan<byte> literals, Span<byte> output, int position, int frameStart,
        ZstdDecoderState state)
    {
        var literalLengths = state.LiteralLengthTable!;
        var offsets = state.OffsetTable!;
        var matchLengths = state.MatchLengthTable!;
        ReadOnlySpan<ZstdSequenceEntry> literalLengthTable = literalLengths.Entries.AsSpan(0, 1 << literalLengths.AccuracyLog);
        ReadOnlySpan<ZstdSequenceEntry> offsetTable = offsets.Entries.AsSpan(0, 1 << offsets.AccuracyLog);
        ReadOnlySpan<ZstdSequenceEntry> matchLengthTable = matchLengths.Entries.AsSpan(0, 1 << matchLengths.AccuracyLog);

        var reader = new ZstdBitReader(bitstream);
        var literalLengthState = (int)reader.ReadBits(literalLengths.AccuracyLog);
        var offsetState = (int)reader.ReadBits(offsets.AccuracyLog);
        var matchLengthState = (int)reader.ReadBits(matchLengths.AccuracyLog);

        var offset1 = state.Offset1;
        var offset2 = state.Offset2;
        var offset3 = state.Offset3;
        var literalPosition = 0;
        var frameProduced = position - frameStart;
        for (var remaining = sequenceCount; ; )
        {
            // After a reload at most 7 bits are consumed: offset (31) + match length (16) extra bits fit, and the
            // literal length (16) and three state updates (26) fit after a second reload when the fields are long.
            if (reader.Reload() == ZstdBitReaderStatus.Overflow)
            {
                throw ZstdErrors.Corrupt("the sequences bitstream ends before its last sequence");
            }

            var literalLengthEntry = literalLengthTable[literalLengthState];
            var offsetEntry = offsetTable[offsetState];
            var matchLengthEntry = matchLengthTable[matchLengthState];

            int offsetBits = offsetEntry.ExtraBits;
            var offsetValue = offsetEntry.Baseline + (uint)reader.ReadBits(offsetBits);
            var matchLength = (int)matchLengthEntry.Baseline + (int)reader.ReadBits(matchLengthEntry.ExtraBits);
            if (offsetBits + matchLengthEntry.ExtraBits + literalLengthEntry.ExtraBits > 31)
            {
                reader.Reload();
            }

            var literalLength = (int)literalLengthEntry.Baseline + (int)reader.ReadBits(literalLengthEntry.ExtraBits);

            uint offset;
            if (offsetValue > 3)
            {
                offset = offsetValue - 3;
                offset3 = offset2;
                offset2 = offset1;
                offset1 = offset;
            }
            else
            {
                // RFC 8878 §3.1.1.5: with no literals, the repeat offsets shift by one and 3 means offset 1 minus one.
                switch ((int)offsetValue - (literalLength == 0 ? 0 : 1))
                {
                    case 0:
                        offset = offset1;
                        break;
                    case 1:
                        offset = offset2;
                        offset2 = offset1;
                        offset1 = offset;
                        break;
                    case 2:
                        offset = offset3;
                        offset3 = offset2;
                        offset2 = offset1;
                        offset1 = offset;
                        break;
                    default:
                        offset = offset1 - 1;
                        if (offset == 0)
                        {
                            throw ZstdErrors.Corrupt("a repeat offset is zero");
                        }

                        offset3 = offset2;
                        offset2 = offset1;
                        offset1 = offset;
                        break;
                }
            }

            if (literalLength > literals.Length - literalPosition)
            {
                throw ZstdErrors.Corrupt("a sequence takes more literals than the block has");
            }

            if (literalLength + matchLength > output.Length - position)
            {
                throw ZstdErrors.DestinationTooSmall(output.Length);
            }

            CopyLiterals(literals.Slice(literalPosition, literalLength), output.Slice(position, literalLength));
            position += literalLength;
            literalPosition += literalLength;
            frameProduced += literalLength;
            if (offset > (uint)frameProduced)
            {
                throw ZstdErrors.Corrupt("a match offset points before the start of the frame");
            }

            CopyMatch(output, position, (int)offset, matchLength);
            position += matchLength;
            frameProduced += matchLength;

            if (--remaining == 0)
            {
                break;
            }

            // The three state updates (literal length, match length, offset, at most 26 bits) in one read.
            int matchLengthStateBits = matchLengthEntry.NbBits;
            int offsetStateBits = offsetEntry.NbBits;
            var updates = (int)reader.ReadBits(literalLengthEntry.NbBits + matchLengthStateBits + offsetStateBits);
            literalLengthState = literalLengthEntry.NextStateBase + (updates >> (matchLengthStateBits + offsetStateBits));
            matchLengthState = matchLengthEntry.NextStateBase + ((updates >> offsetStateBits) & ((1 << matchLengthStateBits) - 1));
            offsetState = offsetEntry.NextStateBase + (updates & ((1 << offsetStateBits) - 1));
        }

        reader.Reload();
        if (!reader.IsCompleted)
        {
            throw ZstdErrors.Corrupt("the sequences bitstream does not end with its last sequence");
        }

        state.Offset1 = offset1;
        state.Offset2 = offset2;
        state.Offset3 = offset3;
        return CopyLiterals(literals.Slice(literalPosition), output, position);
    }

    /// <summary>Copies a sequence's literals; short runs by hand, where a memmove call costs more than the copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyLiterals(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var length = source.Length;
        if (length >= 8 && length <= 32)
        {
            // 8-byte steps, then one 8-byte copy that ends exactly at the end (it may repeat some bytes).
            for (var i = 0; i < length - 8; i += 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(i), BinaryPrimitives.ReadUInt64LittleEndian(source.Slice(i)));
            }

            BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(length - 8), BinaryPrimitives.ReadUInt64LittleEndian(source.Slice(length - 8)));
        }
        else if (length < 8)
        {
            for (var i = 0; i < length; i++)
            {
                destination[i] = source[i];
            }
        }
        else
        {
            source.CopyTo(destination);
        }
    }

    /// <summary>Copies <paramref name="length"/> bytes from <paramref name="offset"/> bytes back, overlapping or not.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyMatch(Span<byte> output, int position, int offset, int length)
    {
        var source = position - offset;
        if (offset >= 8 && length >= 8 && length <= 64)
        {
            // Each 8-byte step reads only bytes already written (offset >= 8); the last step ends exactly at the end
            // and rewrites some bytes with the values they already have.
            var span = output.Slice(source, offset + length);
            for (var i = 0; i < length - 8; i += 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(span.Slice(offset + i), BinaryPrimitives.ReadUInt64LittleEndian(span.Slice(i)));
            }

            BinaryPrimitives.WriteUInt64LittleEndian(span.Slice(offset + length - 8), BinaryPrimitives.ReadUInt64LittleEndian(span.Slice(length - 8)));
            return;
        }

        if (length < 8)
        {
            var span = output.Slice(source, offset + length);
            for (var i = 0; i < length; i++)
            {
                span[offset + i] = span[i];
            }

            return;
        }

        CopyLongMatch(output, source, position, offset, length);
    }

    private static void CopyLongMatch(Span<byte> output, int source, int position, int offset, int length)
    {
        if (offset >= length)
        {
            output.Slice(source, length).CopyTo(output.Slice(position, length));
            return;
        }

        if (offset == 1)
        {
            output.Slice(position, length).Fill(output[source]);
            return;
        }

        // The bytes from source repeat with period offset; each copy doubles the repeated run it can copy from.
        var copied = 0;
        while (copied < length)
        {
            var chunk = Math.Min(offset + copied, length - copied);
            output.Slice(source, chunk).CopyTo(output.Slice(position + copied, chunk));
            copied += chunk;
        }
    }

    private static int CopyLiterals(ReadOnlySpan<byte> literals, Span<byte> output, int position)
    {
        if (literals.Length > output.Length - position)
        {
            throw ZstdErrors.DestinationTooSmall(output.Length);
        }

        literals.CopyTo(output.Slice(position));
        return position + literals.Length;
    }

    private static int SelectTable(
        ReadOnlySpan<byte> source, int mode, ref ZstdSequenceTable? current, ZstdSequenceTable buffer, ZstdSequenceTable predefined,
        int maxCode, int maxLog, uint[] baselines, byte[] extraBits, ZstdDecoderState state)
    {
        switch (mode)
        {
            case 0:
                current = predefined;
                return 0;
            case 1:
                if (source.IsEmpty)
                {
                    throw ZstdErrors.Truncated("a sequences section header");
                }

                int code = source[0];
                if (code > maxCode)
                {
                    throw ZstdErrors.Corrupt("an RLE sequence code is out of range");
                }

                buffer.Entries[0] = new ZstdSequenceEntry { Baseline = baselines[code], ExtraBits = extraBits[code] };
                buffer.AccuracyLog = 0;
                current = buffer;
                return 1;
            case 2:
                var consumed = ZstdFse.ReadNormalizedCounts(source, state.NormalizedCounts, maxCode, maxLog, out var maxSymbol, out var log);
                Build(buffer, state.NormalizedCounts, maxSymbol, log, baselines, extraBits, state.FseScratch, state.SymbolNext);
                current = buffer;
                return consumed;
            default:
                if (current is null)
                {
                    throw ZstdErrors.Corrupt("a sequence table repeats before the frame has one");
                }

                return 0;
        }
    }

    private static void Build(
        ZstdSequenceTable table, ReadOnlySpan<short> counts, int maxSymbol, int accuracyLog, uint[] baselines, byte[] extraBits,
        Span<ZstdFseEntry> scratch, Span<ushort> symbolNext)
    {
        var states = scratch.Slice(0, 1 << accuracyLog);
        ZstdFse.BuildTable(counts, maxSymbol, accuracyLog, states, symbolNext);
        var entries = table.Entries;
        for (var i = 0; i < states.Length; i++)
        {
            var state = states[i];
            entries[i] = new ZstdSequenceEntry
            {
                Baseline = baselines[state.Symbol],
                ExtraBits = extraBits[state.Symbol],
                NbBits = state.NbBits,
                NextStateBase = state.NextStateBase,
            };
        }

        table.AccuracyLog = accuracyLog;
    }

    private static ZstdSequenceTable NewPredefined(short[] counts, int accuracyLog, int maxLog, uint[] baselines, byte[] extraBits)
    {
        var table = new ZstdSequenceTable(maxLog);
        Build(table, counts, counts.Length - 1, accuracyLog, baselines, extraBits, new ZstdFseEntry[1 << accuracyLog], new ushort[counts.Length]);
        return table;
    }

    private static uint[] NewOffsetBaselines()
    {
        var baselines = new uint[OffsetMaxCode + 1];
        for (var code = 0; code <= OffsetMaxCode; code++)
        {
            baselines[code] = 1u << code;
        }

        return baselines;
    }

    private static byte[] NewOffsetExtraBits()
    {
        var bits = new byte[OffsetMaxCode + 1];
        for (var code = 0; code <= OffsetMaxCode; code++)
        {
            bits[code] = (byte)code;
        }

        return bits;
    }

    private static void RequireLength(ReadOnlySpan<byte> section, int length)
    {
        if (section.Length < length)
        {
            throw ZstdErrors.Truncated("a sequences section header");
        }
    }
}
