using System;

namespace Presto.Types;

/// <summary>Allocation-free parsers for the date/time wire texts of PROTOCOL.md §6 (ASCII, culture-invariant by construction).</summary>
internal static class TemporalParser
{
    /// <summary>Days of a common year before the first of each month (index 1..12).</summary>
    private static readonly int[] s_daysBeforeMonth = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

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

    /// <summary>
    /// The common date shape in one pass: exactly four year digits (0001..9999), <c>-MM-DD</c>, at <paramref name="s"/>'s start.
    /// Gives the days since 0001-01-01 (<c>DateOnly.DayNumber</c>); <see langword="false"/> for any other shape or an
    /// impossible date, which the general parser then handles (or rejects).
    /// </summary>
    public static bool TryParseDayNumber(ReadOnlySpan<byte> s, out int dayNumber)
    {
        dayNumber = 0;
        if (s.Length < 10 || s[4] != '-' || s[7] != '-')
        {
            return false;
        }

        uint y0 = (uint)(s[0] - '0'), y1 = (uint)(s[1] - '0'), y2 = (uint)(s[2] - '0'), y3 = (uint)(s[3] - '0');
        uint m0 = (uint)(s[5] - '0'), m1 = (uint)(s[6] - '0'), d0 = (uint)(s[8] - '0'), d1 = (uint)(s[9] - '0');
        if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9)
        {
            return false;
        }

        var year = (int)((y0 * 1000) + (y1 * 100) + (y2 * 10) + y3);
        var month = (int)((m0 * 10) + m1);
        var day = (int)((d0 * 10) + d1);
        if (year == 0 || month is < 1 or > 12 || day < 1 || day > CivilDate.DaysInMonth(year, month))
        {
            return false;
        }

        var y = year - 1;
        var leapDay = month > 2 && CivilDate.IsLeapYear(year) ? 1 : 0;
        dayNumber = (y * 365) + (y / 4) - (y / 100) + (y / 400) + s_daysBeforeMonth[month] + leapDay + day - 1;
        return true;
    }

    /// <summary>
    /// The common time shape in one pass: <c>HH:MM:SS[.f{1..12}]</c> filling <paramref name="s"/> to its end, as ticks since
    /// midnight (fraction truncated to 100 ns). <see langword="false"/> for anything else.
    /// </summary>
    public static bool TryParseTimeTicks(ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = 0;
        if (!TryParseTimeOfDay(s, out var seconds))
        {
            return false;
        }

        long fractionTicks = 0;
        if (s.Length > 8)
        {
            if (s[8] != '.' || ScanFractionTicks(s, 9, out fractionTicks) != s.Length)
            {
                return false;
            }
        }

        ticks = (seconds * TimeSpan.TicksPerSecond) + fractionTicks;
        return true;
    }

    /// <summary><c>HH:MM:SS</c> at the start of <paramref name="s"/> as seconds since midnight; <see langword="false"/> for anything else.</summary>
    public static bool TryParseTimeOfDay(ReadOnlySpan<byte> s, out long seconds)
    {
        seconds = 0;
        if (s.Length < 8 || s[2] != ':' || s[5] != ':')
        {
            return false;
        }

        uint h0 = (uint)(s[0] - '0'), h1 = (uint)(s[1] - '0'), n0 = (uint)(s[3] - '0'), n1 = (uint)(s[4] - '0');
        uint s0 = (uint)(s[6] - '0'), s1 = (uint)(s[7] - '0');
        if (h0 > 9 || h1 > 9 || n0 > 9 || n1 > 9 || s0 > 9 || s1 > 9)
        {
            return false;
        }

        var hour = (h0 * 10) + h1;
        var minute = (n0 * 10) + n1;
        var second = (s0 * 10) + s1;
        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        seconds = (hour * 3600L) + (minute * 60L) + second;
        return true;
    }

    /// <summary>
    /// The 1..12 fraction digits at <paramref name="pos"/> as 100 ns ticks (truncated); returns the index after them, or -1 when
    /// there is no digit there or more than twelve.
    /// </summary>
    public static int ScanFractionTicks(ReadOnlySpan<byte> s, int pos, out long ticks)
    {
        ticks = 0;
        ulong fraction = 0;
        var end = NumberReader.ReadDigits(s, pos, ref fraction);
        var precision = end - pos;
        if (precision is < 1 or > 12)
        {
            return -1;
        }

        ticks = precision <= 7 ? (long)fraction * CivilDate.Pow10(7 - precision) : (long)fraction / CivilDate.Pow10(precision - 7);
        return end;
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
