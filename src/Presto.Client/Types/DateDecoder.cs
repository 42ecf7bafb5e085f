using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// <c>date</c> → <c>DateOnly</c> (<see cref="DateTime"/> on .NET Standard 2.0); years outside 1..9999 are unrepresentable
/// and read as <see cref="PrestoDate"/>.
/// </summary>
#if NET6_0_OR_GREATER
internal sealed class DateDecoder(TypeSignature signature) : ColumnDecoder<DateOnly>(signature)
#else
internal sealed class DateDecoder(TypeSignature signature) : ColumnDecoder<DateTime>(signature)
#endif
{
    public override Type ExactType => typeof(PrestoDate);

#if NET6_0_OR_GREATER
    public override bool TryRead(ref Utf8JsonReader reader, out DateOnly value)
#else
    public override bool TryRead(ref Utf8JsonReader reader, out DateTime value)
#endif
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && reader.ValueSpan is { Length: 10 } fast && TemporalParser.TryParseDayNumber(fast, out var dayNumber))
        {
#if NET6_0_OR_GREATER
            value = DateOnly.FromDayNumber(dayNumber);
#else
            value = new DateTime(dayNumber * TimeSpan.TicksPerDay, DateTimeKind.Unspecified);
#endif
            return true;
        }

        var text = WireText.StringUtf8(ref reader, Signature);
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
}
