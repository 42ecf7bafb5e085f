using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// <c>decimal(p,s)</c> → <see cref="decimal"/> when the value fits exactly; otherwise the cell is unrepresentable and
/// <see cref="ReadExact"/> gives a <see cref="PrestoDecimal"/>. The wire form is a JSON string in plain notation.
/// </summary>
internal sealed class DecimalDecoder(TypeSignature signature) : ColumnDecoder<decimal>(signature)
{
    public override Type ExactType => typeof(PrestoDecimal);

    public override bool TryRead(ref Utf8JsonReader reader, out decimal value)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number && !reader.ValueIsEscaped && !reader.HasValueSequence
            && DecimalText.TryParseSmall(reader.ValueSpan, out value))
        {
            return true;
        }

        var text = Text(ref reader);
        return DecimalText.TryParseDecimal(text, out value) switch
        {
            DecimalText.Result.Ok => true,
            DecimalText.Result.DoesNotFit => false,
            _ => throw WireText.Invalid(Signature.ToString(), text),
        };
    }

    public override ScanKind ScanKind => ScanKind.Decimal;

    public override int TryScan(ReadOnlySpan<byte> span, int pos, out decimal value) => default(Scanner).Scan(span, pos, out value);

    public override object ReadExact(ref Utf8JsonReader reader)
    {
        var text = Text(ref reader);
        return DecimalText.TryParseBig(text, out var unscaled, out var scale)
            ? new PrestoDecimal(unscaled, scale)
            : throw WireText.Invalid(Signature.ToString(), text);
    }

    private ReadOnlySpan<byte> Text(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? reader.ValueSpan : WireText.StringUtf8(ref reader, Signature);

    /// <summary>A JSON string holding a small plain decimal (see <see cref="DecimalText.ScanSmall"/>).</summary>
    internal readonly struct Scanner : ICellScanner<decimal>
    {
        public int Scan(ReadOnlySpan<byte> span, int pos, out decimal value)
        {
            value = 0;
            if (span[pos] != '"')
            {
                return -1;
            }

            var end = DecimalText.ScanSmall(span, pos + 1, out value);
            return end >= 0 && end < span.Length && span[end] == '"' ? end + 1 : -1;
        }
    }
}
