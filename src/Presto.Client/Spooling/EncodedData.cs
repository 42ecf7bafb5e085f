using System.Collections.Generic;

namespace Presto.Spooling;

/// <summary>The encoded <c>data</c> object of one response (PROTOCOL.md §7.2): the encoding the server chose and its segments in row order.</summary>
internal sealed class EncodedData
{
    public EncodedData(string encoding, IReadOnlyList<Segment> segments)
    {
        Encoding = encoding;
        Segments = segments;
    }

    public string Encoding { get; }

    public IReadOnlyList<Segment> Segments { get; }
}
