using System;

namespace Presto.Types;

/// <summary>Allocation-free parsers for the date/time wire texts of PROTOCOL.md §6 (ASCII, culture-invariant by construction).</summary>
internal static class TemporalParser
{
    /// <summary><c>[+-]YYYY-MM-DD</c> (at least 4 year digits, more allowed); validates the calendar date.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> s, ref int pos, out int year, out int month, out int day)
    {
        year = month = day = 0;
        var i = pos;
        var negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        long y = 0;
        var digits = 0;
        while (i < s.Length && IsDigit(s[i]))
        {
            if (++digits > 10)
            {
                return false;
            }

            y = (y * 10) + (s[i++] - '0');
        }

        if (digits < 4)
        {
            return false;
        }

        y = negative ? -y : y;
        if (y is < int.MinValue or > int.MaxValue
            || !Expect(s, ref i, '-') || !TryRead2(s, ref i, out month)
            || !Expect(s, ref i, '-') || !TryRead2(s, ref i, out day)
            || !CivilDate.IsValid(y, month, day))
        {
            return false;
        }

        year = (int)y;
        pos = i;
        return true;
    }

    /// <summary><c>HH:MM:SS[.f{1..12}]</c>; <paramref name="precision"/> is the number of fraction digits sent.</summary>
    public static bool TryParseTime(ReadOnlySpan<byte> s, ref int pos, out int hour, out int minute, out int second, out long picoseconds, out int precision)
    {
        minute = second = precision = 0;
        picoseconds = 0;
        var i = pos;
        if (!TryRead2(s, ref i, out hour) || hour > 23
            || !Expect(s, ref i, ':') || !TryRead2(s, ref i, out minute) || minute > 59
            || !Expect(s, ref i, ':') || !TryRead2(s, ref i, out second) || second > 59)
        {
            return false;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            long fraction = 0;
            while (i < s.Length && IsDigit(s[i]))
            {
                if (++precision > 12)
                {
                    return false;
                }

                fraction = (fraction * 10) + (s[i++] - '0');
            }

            if (precision == 0)
            {
                return false;
            }

            picoseconds = fraction * CivilDate.Pow10(12 - precision);
        }

        pos = i;
        return true;
    }

    /// <summary>A numeric offset <c>+HH:MM</c>, <c>+HH:MM:SS</c>, <c>+HHMM</c> or <c>+HH</c>, up to ±18 hours, in seconds.</summary>
    public static bool TryParseOffset(ReadOnlySpan<byte> s, ref int pos, out int offsetSeconds)
    {
        offsetSeconds = 0;
        var i = pos;
        if (i >= s.Length || (s[i] != '+' && s[i] != '-'))
        {
            return false;
        }

        var negative = s[i++] == '-';
        if (!TryRead2(s, ref i, out var hours))
        {
            return false;
        }

        int minutes = 0, seconds = 0;
        if (i < s.Length && s[i] == ':')
        {
            i++;
            if (!TryRead2(s, ref i, out minutes))
            {
                return false;
            }

            if (i < s.Length && s[i] == ':')
            {
                i++;
                if (!TryRead2(s, ref i, out seconds))
                {
                    return false;
                }
            }
        }
        else if (i < s.Length && IsDigit(s[i]) && !TryRead2(s, ref i, out minutes))
        {
            return false;
        }

        if (minutes > 59 || seconds > 59)
        {
            return false;
        }

        var total = (hours * 3600) + (minutes * 60) + seconds;
        if (total > 18 * 3600)
        {
            return false;
        }

        offsetSeconds = negative ? -total : total;
        pos = i;
        return true;
    }

    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool Expect(ReadOnlySpan<byte> s, ref int i, char c)
    {
        if (i < s.Length && s[i] == c)
        {
            i++;
            return true;
        }

        return false;
    }

    private static bool TryRead2(ReadOnlySpan<byte> s, ref int i, out int value)
    {
        if (i + 1 < s.Length && IsDigit(s[i]) && IsDigit(s[i + 1]))
        {
            value = ((s[i] - '0') * 10) + (s[i + 1] - '0');
            i += 2;
            return true;
        }

        value = 0;
        return false;
    }
}
