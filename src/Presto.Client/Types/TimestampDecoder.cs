using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// <c>timestamp(p)</c> and PrestoDB <c>timestamp microseconds</c> → <see cref="DateTime"/> (<see cref="DateTimeKind.Unspecified"/>,
/// truncated to 100 ns ticks); years outside 1..9999 are unrepresentable. <see cref="ReadExact"/> gives <see cref="PrestoTimestamp"/>.
/// </summary>
internal sealed class TimestampDecoder(TypeSignature signature) : TextColumnDecoder<DateTime>(signature)
{
    public override Type ExactType => typeof(PrestoTimestamp);

    public override ScanKind ScanKind => ScanKind.Timestamp;

    public override int TryScan(ReadOnlySpan<byte> span, int pos, out DateTime value) =>
        default(Scanner).Scan(span, pos, out value) is var end and >= 0 ? end : base.TryScan(span, pos, out value);

    protected override bool TryReadText(ReadOnlySpan<byte> text, out DateTime value)
    {
        if (TryParseCommon(text, out value))
        {
            return true;
        }

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

    /// <summary>The common shape <c>YYYY-MM-DD HH:MM:SS[.f{1..12}]</c> (years 0001..9999) in one pass; anything else goes the general way.</summary>
    private static bool TryParseCommon(ReadOnlySpan<byte> text, out DateTime value)
    {
        if (text.Length >= 19 && text[10] is (byte)' ' or (byte)'T'
            && TemporalParser.TryParseDayNumber(text, out var dayNumber)
            && TemporalParser.TryParseTimeTicks(text.Slice(11), out var timeTicks))
        {
            value = new DateTime((dayNumber * TimeSpan.TicksPerDay) + timeTicks, DateTimeKind.Unspecified);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The common shape <c>"YYYY-MM-DD HH:MM:SS[.f…]"</c> (years 0001..9999); the decoder's <see cref="TryScan"/> handles the rest.</summary>
    internal readonly struct Scanner : ICellScanner<DateTime>
    {
        public int Scan(ReadOnlySpan<byte> span, int pos, out DateTime value)
        {
            // "YYYY-MM-DD HH:MM:SS" is 19 bytes; a fraction follows or the quote closes. The common shape has no escapes to look
            // for, and each part is parsed in place.
            if (span.Length - pos > 20 && span[pos] == '"' && span[pos + 11] is (byte)' ' or (byte)'T'
                && TemporalParser.TryParseDayNumber(span.Slice(pos + 1, 10), out var dayNumber)
                && TemporalParser.TryParseTimeOfDay(span.Slice(pos + 12, 8), out var seconds))
            {
                var close = pos + 20;
                long fractionTicks = 0;
                if (span[close] == '.')
                {
                    close = TemporalParser.ScanFractionTicks(span, close + 1, out fractionTicks);
                }

                if (close > 0 && close < span.Length && span[close] == '"')
                {
                    value = new DateTime((dayNumber * TimeSpan.TicksPerDay) + (seconds * TimeSpan.TicksPerSecond) + fractionTicks, DateTimeKind.Unspecified);
                    return close + 1;
                }
            }

            value = default;
            return -1;
        }
    }
}
