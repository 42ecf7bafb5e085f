using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary><c>smallint</c> → <see cref="short"/>: a JSON integer (numeric strings accepted).</summary>
internal sealed class SmallintDecoder(TypeSignature signature) : ColumnDecoder<short>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out short value)
    {
        value = (short)NumberReader.ReadInt64InRange(ref reader, Signature, short.MinValue, short.MaxValue);
        return true;
    }

    public override int TryScan(ReadOnlySpan<byte> span, int pos, out short value)
    {
        var end = NumberReader.ScanInteger(span, pos, short.MinValue, short.MaxValue, out var wide);
        value = (short)wide;
        return end;
    }
}
