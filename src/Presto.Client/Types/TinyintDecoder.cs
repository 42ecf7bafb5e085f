using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary><c>tinyint</c> → <see cref="sbyte"/>: a JSON integer (numeric strings accepted).</summary>
internal sealed class TinyintDecoder(TypeSignature signature) : ColumnDecoder<sbyte>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out sbyte value)
    {
        value = (sbyte)NumberReader.ReadInt64InRange(ref reader, Signature, sbyte.MinValue, sbyte.MaxValue);
        return true;
    }

    public override int TryScan(ReadOnlySpan<byte> span, int pos, out sbyte value)
    {
        var end = NumberReader.ScanInteger(span, pos, sbyte.MinValue, sbyte.MaxValue, out var wide);
        value = (sbyte)wide;
        return end;
    }
}
