using System;
using System.Buffers.Text;
using System.Text.Json;

namespace Presto.Types;

/// <summary><c>real</c> → <see cref="float"/>: JSON numbers (exponent forms included) and the strings <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>.</summary>
internal sealed class RealDecoder(TypeSignature signature) : ColumnDecoder<float>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out float value)
    {
        value = NumberReader.ReadSingle(ref reader, Signature);
        return true;
    }

    public override int TryScan(ReadOnlySpan<byte> span, int pos, out float value)
    {
        // The parse the reader's TryGetSingle makes, on a token checked to be a JSON number.
        var end = NumberReader.ScanJsonNumber(span, pos);
        if (end < 0 || !Utf8Parser.TryParse(span.Slice(pos, end - pos), out value, out var consumed) || consumed != end - pos
            || float.IsInfinity(value) || float.IsNaN(value))
        {
            value = 0;
            return -1;
        }

        return end;
    }
}
