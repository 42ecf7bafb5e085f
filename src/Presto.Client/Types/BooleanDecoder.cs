using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary><c>boolean</c> → <see cref="bool"/>.</summary>
internal sealed class BooleanDecoder(TypeSignature signature) : ColumnDecoder<bool>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out bool value)
    {
        value = NumberReader.ReadBoolean(ref reader, Signature);
        return true;
    }

    public override ScanKind ScanKind => ScanKind.Boolean;

    public override int TryScan(ReadOnlySpan<byte> span, int pos, out bool value) => default(Scanner).Scan(span, pos, out value);

    /// <summary>The literals <c>true</c> and <c>false</c>.</summary>
    internal readonly struct Scanner : ICellScanner<bool>
    {
        public int Scan(ReadOnlySpan<byte> span, int pos, out bool value)
        {
            value = span[pos] == 't';
            return WireText.ScanLiteral(span, pos, value ? "true"u8 : "false"u8);
        }
    }
}
