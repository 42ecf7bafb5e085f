using System;

namespace Presto.Compression;

/// <summary>
/// The tables and buffers one decompression works with, kept per thread so that steady-state decoding allocates
/// nothing. Entropy tables and repeat offsets carry from block to block within a frame and are reset per frame.
/// </summary>
internal sealed class ZstdDecoderState
{
    /// <summary>The largest block content (RFC 8878 §3.1.1.2.3).</summary>
    public const int MaxBlockSize = 128 * 1024;

    [ThreadStatic]
    private static ZstdDecoderState? t_cached;

    public readonly byte[] Literals = new byte[MaxBlockSize];
    public readonly ushort[] HuffmanTable = new ushort[1 << ZstdLiterals.MaxHuffmanTableLog];
    public readonly byte[] HuffmanWeights = new byte[256];
    public readonly short[] NormalizedCounts = new short[256];
    public readonly ushort[] SymbolNext = new ushort[256];
    public readonly ZstdFseEntry[] FseScratch = new ZstdFseEntry[1 << ZstdSequences.MaxAccuracyLog];
    public readonly ZstdSequenceTable LiteralLengthBuffer = new(ZstdSequences.LiteralLengthMaxLog);
    public readonly ZstdSequenceTable MatchLengthBuffer = new(ZstdSequences.MatchLengthMaxLog);
    public readonly ZstdSequenceTable OffsetBuffer = new(ZstdSequences.OffsetMaxLog);

    /// <summary>The number of bits of the current Huffman table; 0 before the frame has one.</summary>
    public int HuffmanTableLog;

    public ZstdSequenceTable? LiteralLengthTable;
    public ZstdSequenceTable? MatchLengthTable;
    public ZstdSequenceTable? OffsetTable;

    public uint Offset1;
    public uint Offset2;
    public uint Offset3;

    /// <summary>This thread's state, or a new one when it is already in use.</summary>
    public static ZstdDecoderState Rent()
    {
        var state = t_cached ?? new ZstdDecoderState();
        t_cached = null;
        return state;
    }

    public static void Return(ZstdDecoderState state) => t_cached = state;

    /// <summary>Forgets the previous frame's tables and restores the initial repeat offsets.</summary>
    public void StartFrame()
    {
        HuffmanTableLog = 0;
        LiteralLengthTable = null;
        MatchLengthTable = null;
        OffsetTable = null;
        Offset1 = 1;
        Offset2 = 4;
        Offset3 = 8;
    }
}
