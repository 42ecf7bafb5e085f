using System;
using System.Buffers.Binary;

namespace Presto.Compression;

/// <summary>
/// The literals section of a compressed block (RFC 8878 §3.1.1.3.1): raw, RLE, or Huffman coded in one or four
/// streams with a new or the previous ("treeless") Huffman table.
/// </summary>
internal static class ZstdLiterals
{
    /// <summary>The largest number of bits of a Huffman code.</summary>
    public const int MaxHuffmanTableLog = 11;

    private const int MaxWeight = MaxHuffmanTableLog;
    private const int MaxFseWeights = 255;

    /// <summary>
    /// Decodes the literals section at the start of <paramref name="block"/>: <paramref name="literals"/> is set to the
    /// regenerated literals (in the block itself or in the state's buffer); returns the bytes the section took.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> block, ZstdDecoderState state, int maxSize, out ReadOnlySpan<byte> literals)
    {
        var first = block[0];
        var type = first & 3;
        var sizeFormat = (first >> 2) & 3;
        if (type < 2)
        {
            int regeneratedSize;
            int headerSize;
            switch (sizeFormat)
            {
                case 1:
                    headerSize = 2;
                    RequireHeader(block, headerSize);
                    regeneratedSize = (first >> 4) | (block[1] << 4);
                    break;
                case 3:
                    headerSize = 3;
                    RequireHeader(block, headerSize);
                    regeneratedSize = (first >> 4) | (block[1] << 4) | (block[2] << 12);
                    break;
                default:
                    headerSize = 1;
                    regeneratedSize = first >> 3;
                    break;
            }

            CheckSize(regeneratedSize, maxSize);
            if (type == 0)
            {
                if (block.Length - headerSize < regeneratedSize)
                {
                    throw ZstdErrors.Truncated("raw literals");
                }

                literals = block.Slice(headerSize, regeneratedSize);
                return headerSize + regeneratedSize;
            }

            if (block.Length - headerSize < 1)
            {
                throw ZstdErrors.Truncated("RLE literals");
            }

            var buffer = state.Literals.AsSpan(0, regeneratedSize);
            buffer.Fill(block[headerSize]);
            literals = buffer;
            return headerSize + 1;
        }

        return DecodeHuffman(block, state, maxSize, out literals);
    }

    private static int DecodeHuffman(ReadOnlySpan<byte> block, ZstdDecoderState state, int maxSize, out ReadOnlySpan<byte> literals)
    {
        var sizeFormat = (block[0] >> 2) & 3;
        var headerSize = sizeFormat < 2 ? 3 : sizeFormat + 2;
        RequireHeader(block, headerSize);
        ulong header = 0;
        for (var i = 0; i < headerSize; i++)
        {
            header |= (ulong)block[i] << (8 * i);
        }

        var sizeBits = sizeFormat < 2 ? 10 : (sizeFormat * 4) + 6;
        var sizeMask = (1UL << sizeBits) - 1;
        var regeneratedSize = (int)((header >> 4) & sizeMask);
        var compressedSize = (int)((header >> (4 + sizeBits)) & sizeMask);
        CheckSize(regeneratedSize, maxSize);
        if (block.Length - headerSize < compressedSize)
        {
            throw ZstdErrors.Truncated("Huffman-coded literals");
        }

        var payload = block.Slice(headerSize, compressedSize);
        if ((block[0] & 3) == 2)
        {
            payload = payload.Slice(ReadHuffmanTable(payload, state));
        }
        else if (state.HuffmanTableLog == 0)
        {
            throw ZstdErrors.Corrupt("treeless literals come before any Huffman table in the frame");
        }

        var output = state.Literals.AsSpan(0, regeneratedSize);
        if (sizeFormat == 0)
        {
            DecodeStream(payload, output, state.HuffmanTable, state.HuffmanTableLog);
        }
        else
        {
            DecodeFourStreams(payload, output, state.HuffmanTable, state.HuffmanTableLog);
        }

        literals = output;
        return headerSize + compressedSize;
    }

    private static void DecodeFourStreams(ReadOnlySpan<byte> payload, Span<byte> output, ushort[] table, int tableLog)
    {
        if (payload.Length < 10)
        {
            throw ZstdErrors.Corrupt("four Huffman streams need at least 10 bytes");
        }

        var size1 = BinaryPrimitives.ReadUInt16LittleEndian(payload);
        var size2 = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(2));
        var size3 = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(4));
        var size4 = payload.Length - 6 - size1 - size2 - size3;
        var segment = (output.Length + 3) / 4;
        if (size4 < 1 || segment * 3 > output.Length)
        {
            throw ZstdErrors.Corrupt("the Huffman jump table does not match the literals size");
        }

        var streams = payload.Slice(6);
        DecodeStream(streams.Slice(0, size1), output.Slice(0, segment), table, tableLog);
        DecodeStream(streams.Slice(size1, size2), output.Slice(segment, segment), table, tableLog);
        DecodeStream(streams.Slice(size1 + size2, size3), output.Slice(2 * segment, segment), table, tableLog);
        DecodeStream(streams.Slice(size1 + size2 + size3), output.Slice(3 * segment), table, tableLog);
    }

    private static void DecodeStream(ReadOnlySpan<byte> stream, Span<byte> output, ushort[] table, int tableLog)
    {
        var reader = new ZstdBitReader(stream);
        var decodeTable = table.AsSpan(0, 1 << tableLog);
        var i = 0;

        // Four symbols of at most 11 bits fit in the 57 bits an unfinished reload guarantees.
        var fastEnd = output.Length - 3;
        while (i < fastEnd && reader.Reload() == ZstdBitReaderStatus.Unfinished)
        {
            int entry = decodeTable[(int)reader.PeekBits(tableLog)];
            reader.SkipBits(entry >> 8);
            output[i] = (byte)entry;
            entry = decodeTable[(int)reader.PeekBits(tableLog)];
            reader.SkipBits(entry >> 8);
            output[i + 1] = (byte)entry;
            entry = decodeTable[(int)reader.PeekBits(tableLog)];
            reader.SkipBits(entry >> 8);
            output[i + 2] = (byte)entry;
            entry = decodeTable[(int)reader.PeekBits(tableLog)];
            reader.SkipBits(entry >> 8);
            output[i + 3] = (byte)entry;
            i += 4;
        }

        for (; i < output.Length; i++)
        {
            if (reader.Reload() == ZstdBitReaderStatus.Overflow)
            {
                throw ZstdErrors.Corrupt("a Huffman stream ends before its literals");
            }

            int entry = decodeTable[(int)reader.PeekBits(tableLog)];
            reader.SkipBits(entry >> 8);
            output[i] = (byte)entry;
        }

        reader.Reload();
        if (!reader.IsCompleted)
        {
            throw ZstdErrors.Corrupt("a Huffman stream does not end with its literals");
        }
    }

    /// <summary>Reads a Huffman tree description (RFC 8878 §4.2.1) into the state's table; returns its size.</summary>
    private static int ReadHuffmanTable(ReadOnlySpan<byte> source, ZstdDecoderState state)
    {
        if (source.IsEmpty)
        {
            throw ZstdErrors.Truncated("a Huffman tree description");
        }

        var weights = state.HuffmanWeights;
        var header = source[0];
        int weightCount;
        int consumed;
        if (header >= 128)
        {
            weightCount = header - 127;
            consumed = 1 + ((weightCount + 1) / 2);
            if (source.Length < consumed)
            {
                throw ZstdErrors.Truncated("a Huffman tree description");
            }

            for (var i = 0; i < weightCount; i++)
            {
                var packed = source[1 + (i / 2)];
                weights[i] = (byte)((i & 1) == 0 ? packed >> 4 : packed & 15);
            }
        }
        else
        {
            consumed = 1 + header;
            if (source.Length < consumed)
            {
                throw ZstdErrors.Truncated("a Huffman tree description");
            }

            weightCount = DecodeFseWeights(source.Slice(1, header), state);
        }

        BuildHuffmanTable(weights, weightCount, state);
        return consumed;
    }

    private static int DecodeFseWeights(ReadOnlySpan<byte> source, ZstdDecoderState state)
    {
        if (source.IsEmpty)
        {
            throw ZstdErrors.Corrupt("FSE-compressed Huffman weights are empty");
        }

        var counts = state.NormalizedCounts;
        var headerSize = ZstdFse.ReadNormalizedCounts(source, counts, 255, 6, out var maxSymbol, out var accuracyLog);
        var table = state.FseScratch.AsSpan(0, 1 << accuracyLog);
        ZstdFse.BuildTable(counts, maxSymbol, accuracyLog, table, state.SymbolNext);

        var reader = new ZstdBitReader(source.Slice(headerSize));
        var weights = state.HuffmanWeights;
        var state1 = (int)reader.ReadBits(accuracyLog);
        var state2 = (int)reader.ReadBits(accuracyLog);
        reader.Reload();
        var count = 0;
        while (true)
        {
            if (count > MaxFseWeights - 2)
            {
                throw ZstdErrors.Corrupt("a Huffman tree description has more than 255 weights");
            }

            var entry = table[state1];
            weights[count++] = entry.Symbol;
            state1 = entry.NextStateBase + (int)reader.ReadBits(entry.NbBits);
            if (reader.Reload() == ZstdBitReaderStatus.Overflow)
            {
                weights[count++] = table[state2].Symbol;
                break;
            }

            entry = table[state2];
            weights[count++] = entry.Symbol;
            state2 = entry.NextStateBase + (int)reader.ReadBits(entry.NbBits);
            if (reader.Reload() == ZstdBitReaderStatus.Overflow)
            {
                weights[count++] = table[state1].Symbol;
                break;
            }
        }

        return count;
    }

    private static void BuildHuffmanTable(byte[] weights, int weightCount, ZstdDecoderState state)
    {
        Span<int> rankCount = stackalloc int[MaxWeight + 2];
        var total = 0;
        for (var i = 0; i < weightCount; i++)
        {
            int weight = weights[i];
            if (weight > MaxWeight)
            {
                throw ZstdErrors.Corrupt("a Huffman weight is larger than " + MaxWeight);
            }

            rankCount[weight]++;
            total += weight == 0 ? 0 : 1 << (weight - 1);
        }

        if (total == 0)
        {
            throw ZstdErrors.Corrupt("every Huffman weight is zero");
        }

        var tableLog = ZstdBitReader.HighBit((uint)total) + 1;
        if (tableLog > MaxHuffmanTableLog)
        {
            throw ZstdErrors.Corrupt("a Huffman code is longer than " + MaxHuffmanTableLog + " bits");
        }

        var leftOver = (1 << tableLog) - total;
        var lastWeight = ZstdBitReader.HighBit((uint)leftOver) + 1;
        if (leftOver != 1 << (lastWeight - 1))
        {
            throw ZstdErrors.Corrupt("the Huffman weights do not complete a prefix code");
        }

        weights[weightCount] = (byte)lastWeight;
        rankCount[lastWeight]++;
        var symbolCount = weightCount + 1;

        // Codes go to symbols by increasing weight, then by symbol; in the table, a symbol of weight w fills 2^(w-1)
        // consecutive slots starting after all lighter symbols.
        Span<int> rankStart = stackalloc int[MaxWeight + 2];
        var next = 0;
        for (var w = 1; w <= MaxWeight; w++)
        {
            rankStart[w] = next;
            next += rankCount[w] << (w - 1);
        }

        var table = state.HuffmanTable;
        for (var symbol = 0; symbol < symbolCount; symbol++)
        {
            int weight = weights[symbol];
            if (weight == 0)
            {
                continue;
            }

            var length = 1 << (weight - 1);
            var entry = (ushort)(symbol | ((tableLog + 1 - weight) << 8));
            table.AsSpan(rankStart[weight], length).Fill(entry);
            rankStart[weight] += length;
        }

        state.HuffmanTableLog = tableLog;
    }

    private static void RequireHeader(ReadOnlySpan<byte> block, int headerSize)
    {
        if (block.Length < headerSize)
        {
            throw ZstdErrors.Truncated("a literals section header");
        }
    }

    private static void CheckSize(int regeneratedSize, int maxSize)
    {
        if (regeneratedSize > maxSize)
        {
            throw ZstdErrors.Corrupt("the literals are larger than the block maximum of " + maxSize + " bytes");
        }
    }
}
