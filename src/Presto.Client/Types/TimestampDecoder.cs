using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// <c>timestamp(p)</c> and PrestoDB <c>timestamp microseconds</c> → <see cref="DateTime"/> (<see cref="DateTimeKind.Unspecified"/>,
/// truncated to 100 ns ticks); years outside 1..9999 are unrepresentable. <see cref="ReadExact"/> gives <see cref="PrestoTimestamp"/>.
/// </summary>
internal sealed class TimestampDecoder(TypeSignature signature) : ColumnDecoder<DateTime>(signature)
{
    public override Type ExactType => typeof(PrestoTimestamp);

    public override bool TryRead(ref Utf8JsonReader reader, out DateTime value)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var fast = reader.ValueSpan;
            if (fast.Length >= 19 && fast[10] is (byte)' ' or (byte)'T'
                && TemporalParser.TryParseDayNumber(fast, out var dayNumber)
                && TemporalParser.TryParseTimeTicks(fast.Slice(11), out var timeTicks))
            {
                value = new DateTime((dayNumber * TimeSpan.TicksPerDay) + timeTicks, DateTimeKind.Unspecified);
                return true;
            }
        }

        var text = WireText.StringUtf8(ref reader, Signature);
        var pos = 0;
        if (!TemporalParser.TryParseDate(text, ref pos, out var year, out var month, out var day)
            || pos >= text.Length || (text[pos] != ' ' && text[pos] != 'T'))
        {
            throw WireText.Invalid(Signature.ToString(), text);
        }

        pos++;
        if (!TemporalParser.TryParseTime(text, ref pos, out var hour, out var minute, out var second, out var picos, out _) || pos != text.Length)
        {
            throw WireText.Invalid(Signature.ToString(), text);
        }

        if (year is < 1 or > 9999)
        {
            value = default;
            return false;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + (picos / CivilDate.PicosPerTick);
        value = new DateTime(ticks, DateTimeKind.Unspecified);
        return true;
    }

    public override object ReadExact(ref Utf8JsonReader reader)
    {
        var text = WireText.StringUtf8(ref reader, Signature);
        var pos = 0;
        return PrestoTimestamp.TryParse(text, ref pos, out var value) && pos == text.Length ? value : throw WireText.Invalid(Signature.ToString(), text);
    }
}
