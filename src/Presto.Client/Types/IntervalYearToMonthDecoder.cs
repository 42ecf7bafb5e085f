using System;

namespace Presto.Types;

/// <summary><c>interval year to month</c> → <see cref="PrestoIntervalYearToMonth"/> (wire <c>[-]Y-M</c>).</summary>
internal sealed class IntervalYearToMonthDecoder(TypeSignature signature) : TextColumnDecoder<PrestoIntervalYearToMonth>(signature)
{
    protected override bool TryReadText(ReadOnlySpan<byte> text, out PrestoIntervalYearToMonth value)
    {
        return PrestoIntervalYearToMonth.TryParseUtf8(text, out value) ? true : throw WireText.Invalid(Signature.ToString(), text);
    }
}
