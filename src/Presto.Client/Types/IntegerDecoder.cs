using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary><c>integer</c> → <see cref="int"/>: a JSON integer (numeric strings accepted).</summary>
internal sealed class IntegerDecoder(TypeSignature signature) : ColumnDecoder<int>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out int value)
    {
        value = (int)NumberReader.ReadInt64InRange(ref reader, Signature, int.MinValue, int.MaxValue);
        return true;
    }

    public override ScanKind ScanKind => ScanKind.Integer;

    public override int TryScan(ReadOnlySpan<byte> span, int pos, out int value) => default(Scanner).Scan(span, pos, out value);

    /// <summary>A JSON integer in range (see <see cref="NumberReader.ScanInteger"/>).</summary>
    internal readonly struct Scanner : ICellScanner<int>
    {
        public int Scan(ReadOnlySpan<byte> span, int pos, out int value)
        {
            var end = NumberReader.ScanInteger(span, pos, int.MinValue, int.MaxValue, out var wide);
            value = (int)wide;
            return end;
        }
    }
}
