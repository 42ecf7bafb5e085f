using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// <c>interval day to second</c> → <see cref="TimeSpan"/>; values beyond its range are unrepresentable and read as
/// <see cref="PrestoIntervalDayToSecond"/>.
/// </summary>
internal sealed class IntervalDayToSecondDecoder(TypeSignature signature) : ColumnDecoder<TimeSpan>(signature)
{
    public override Type ExactType => typeof(PrestoIntervalDayToSecond);

    public override bool TryRead(ref Utf8JsonReader reader, out TimeSpan value) => Parse(ref reader).TryToTimeSpan(out value);

    public override object ReadExact(ref Utf8JsonReader reader) => Parse(ref reader);

    private PrestoIntervalDayToSecond Parse(ref Utf8JsonReader reader)
    {
        var text = WireText.StringUtf8(ref reader, Signature);
        return PrestoIntervalDayToSecond.TryParseUtf8(text, out var value) ? value : throw WireText.Invalid(Signature.ToString(), text);
    }
}
