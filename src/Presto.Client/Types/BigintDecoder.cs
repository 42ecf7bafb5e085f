using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary><c>bigint</c> → <see cref="long"/>: a JSON integer (numeric strings accepted, as the Java client does).</summary>
internal sealed class BigintDecoder(TypeSignature signature) : ColumnDecoder<long>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out long value)
    {
        value = NumberReader.ReadInt64(ref reader, Signature);
        return true;
    }

    public override ScanKind ScanKind => ScanKind.Bigint;

    public override int TryScan(ReadOnlySpan<byte> span, int pos, out long value) => default(Scanner).Scan(span, pos, out value);

    /// <summary>A JSON integer in range (see <see cref="NumberReader.ScanInteger"/>).</summary>
    internal readonly struct Scanner : ICellScanner<long>
    {
        public int Scan(ReadOnlySpan<byte> span, int pos, out long value) => NumberReader.ScanInteger(span, pos, long.MinValue, long.MaxValue, out value);
    }
}
