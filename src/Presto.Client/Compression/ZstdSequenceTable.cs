namespace Presto.Compression;

/// <summary>One state of a literal length, match length or offset decoding table, with its code resolved.</summary>
internal struct ZstdSequenceEntry
{
    /// <summary>The value of the code without its extra bits.</summary>
    public uint Baseline;

    /// <summary>The next state is this plus <see cref="NbBits"/> bits.</summary>
    public ushort NextStateBase;

    /// <summary>How many bits to read for the next state.</summary>
    public byte NbBits;

    /// <summary>How many extra bits to add to <see cref="Baseline"/>.</summary>
    public byte ExtraBits;
}

/// <summary>A decoding table for one of the three sequence fields, and its accuracy log.</summary>
internal sealed class ZstdSequenceTable
{
    public ZstdSequenceTable(int maxAccuracyLog) => Entries = new ZstdSequenceEntry[1 << maxAccuracyLog];

    public ZstdSequenceEntry[] Entries { get; }

    public int AccuracyLog { get; set; }
}
