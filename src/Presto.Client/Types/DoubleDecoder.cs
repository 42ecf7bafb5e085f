using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary><c>double</c> → <see cref="double"/>: JSON numbers (<c>1.0E7</c>) and the strings <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>.</summary>
internal sealed class DoubleDecoder(TypeSignature signature) : ColumnDecoder<double>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out double value)
    {
        value = NumberReader.ReadDouble(ref reader, Signature);
        return true;
    }

    public override ScanKind ScanKind => ScanKind.Double;

    public override int TryScan(ReadOnlySpan<byte> span, int pos, out double value) => default(Scanner).Scan(span, pos, out value);

    /// <summary>A JSON number that converts exactly (see <see cref="NumberReader.ScanExactDouble"/>) and that the bytes do not end inside.</summary>
    internal readonly struct Scanner : ICellScanner<double>
    {
        public int Scan(ReadOnlySpan<byte> span, int pos, out double value)
        {
            var end = NumberReader.ScanExactDouble(span, pos, out value);
            return end == span.Length ? -1 : end;
        }
    }
}
