using System.Text.Json;

namespace Presto.Types;

/// <summary><c>interval year to month</c> → <see cref="PrestoIntervalYearToMonth"/> (wire <c>[-]Y-M</c>).</summary>
internal sealed class IntervalYearToMonthDecoder(TypeSignature signature) : ColumnDecoder<PrestoIntervalYearToMonth>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out PrestoIntervalYearToMonth value)
    {
        var text = WireText.StringUtf8(ref reader, Signature);
        return PrestoIntervalYearToMonth.TryParseUtf8(text, out value) ? true : throw WireText.Invalid(Signature.ToString(), text);
    }
}
