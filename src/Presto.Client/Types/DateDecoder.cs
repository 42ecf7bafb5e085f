using System;
using System.Text.Json;
#if NET6_0_OR_GREATER
using DateValue = System.DateOnly;
#else
using DateValue = System.DateTime;
#endif

namespace Presto.Types;

/// <summary>
/// <c>date</c> → <c>DateOnly</c> (<see cref="DateTime"/> on .NET Standard 2.0); years outside 1..9999 are unrepresentable
/// and read as <see cref="PrestoDate"/>.
/// </summary>
internal sealed class DateDecoder(TypeSignature signature) : TextColumnDecoder<DateValue>(signature)
{
    public override Type ExactType => typeof(PrestoDate);

    public override ScanKind ScanKind => ScanKind.Date;

    public override int TryScan(ReadOnlySpan<byte> span, int pos, out DateValue value) =>
        default(Scanner).Scan(span, pos, out value) is var end and >= 0 ? end : base.TryScan(span, pos, out value);

    protected override bool TryReadText(ReadOnlySpan<byte> text, out DateValue value)
    {
        if (TryParseCommon(text, out value))
        {
            return true;
        }

        var pos = 0;
        if (!TemporalParser.TryParseDate(text, ref pos, out var year, out var month, out var day) || pos != text.Length)
        {
            throw WireText.Invalid(Signature.ToString(), text);
        }

        if (year is < 1 or > 9999)
        {
            value = default;
            return false;
        }

#if NET6_0_OR_GREATER
        value = new DateOnly(year, month, day);
#else
        value = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
#endif
        return true;
    }

    public override object ReadExact(ref Utf8JsonReader reader)
    {
        var text = WireText.StringUtf8(ref reader, Signature);
        return PrestoDate.TryParseUtf8(text, out var value) ? value : throw WireText.Invalid(Signature.ToString(), text);
    }

    /// <summary>The common shape <c>YYYY-MM-DD</c> (years 0001..9999) in one pass; anything else goes the general way.</summary>
    private static bool TryParseCommon(ReadOnlySpan<byte> text, out DateValue value)
    {
        if (text.Length == 10 && TemporalParser.TryParseDayNumber(text, out var dayNumber))
        {
#if NET6_0_OR_GREATER
            value = DateOnly.FromDayNumber(dayNumber);
#else
            value = new DateTime(dayNumber * TimeSpan.TicksPerDay, DateTimeKind.Unspecified);
#endif
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The common shape <c>"YYYY-MM-DD"</c> (years 0001..9999); the decoder's <see cref="TryScan"/> handles the rest.</summary>
    internal readonly struct Scanner : ICellScanner<DateValue>
    {
        public int Scan(ReadOnlySpan<byte> span, int pos, out DateValue value)
        {
            if (span.Length - pos > 11 && span[pos] == '"' && span[pos + 11] == '"' && TryParseCommon(span.Slice(pos + 1, 10), out value))
            {
                return pos + 12;
            }

            value = default;
            return -1;
        }
    }
}
