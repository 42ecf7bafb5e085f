using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// <c>interval day to second</c> → <see cref="TimeSpan"/>; values beyond its range are unrepresentable and read as
/// <see cref="PrestoIntervalDayToSecond"/>.
/// </summary>
internal sealed class IntervalDayToSecondDecoder(TypeSignature signature) : TextColumnDecoder<TimeSpan>(signature)
{
    public override Type ExactType => typeof(PrestoIntervalDayToSecond);

    public override object ReadExact(ref Utf8JsonReader reader) => Parse(WireText.StringUtf8(ref reader, Signature));

    protected override bool TryReadText(ReadOnlySpan<byte> text, out TimeSpan value) => Parse(text).TryToTimeSpan(out value);

    private PrestoIntervalDayToSecond Parse(ReadOnlySpan<byte> text)
    {
        return PrestoIntervalDayToSecond.TryParseUtf8(text, out var value) ? value : throw WireText.Invalid(Signature.ToString(), text);
    }
}
