using System;
using System.Globalization;
using System.Text;

namespace Presto.Types;

/// <summary>Proleptic Gregorian (ISO) calendar arithmetic for any year, and Java <c>uuuu</c> year formatting.</summary>
internal static class CivilDate
{
    public const long PicosPerTick = 100_000;
    public const long PicosPerSecond = 1_000_000_000_000;

    private static readonly long[] s_pow10 =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000,
    ];

    public static long Pow10(int exponent) => s_pow10[exponent];

    public static bool IsLeapYear(long year) => (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);

    public static int DaysInMonth(long year, int month) =>
        month == 2 ? (IsLeapYear(year) ? 29 : 28) : (month is 4 or 6 or 9 or 11 ? 30 : 31);

    public static bool IsValid(long year, int month, int day) => month is >= 1 and <= 12 && day >= 1 && day <= DaysInMonth(year, month);

    /// <summary>Days since 1970-01-01 (Java <c>toEpochDay</c>).</summary>
    public static long ToEpochDay(long year, int month, int day)
    {
        var y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    /// <summary>Appends a year as Java's <c>uuuu</c>: 4 digits, <c>+</c> beyond 9999, <c>-0001</c> below 0.</summary>
    public static void AppendYear(StringBuilder builder, int year)
    {
        if (year > 9999)
        {
            builder.Append('+').Append(year.ToString(CultureInfo.InvariantCulture));
        }
        else if (year >= 0)
        {
            builder.Append(year.ToString("D4", CultureInfo.InvariantCulture));
        }
        else
        {
            builder.Append('-').Append((-(long)year).ToString("D4", CultureInfo.InvariantCulture));
        }
    }

    public static void AppendDate(StringBuilder builder, int year, int month, int day)
    {
        AppendYear(builder, year);
        builder.Append('-');
        Append2(builder, month);
        builder.Append('-');
        Append2(builder, day);
    }

    public static void AppendTime(StringBuilder builder, int hour, int minute, int second, long picoseconds, int precision)
    {
        Append2(builder, hour);
        builder.Append(':');
        Append2(builder, minute);
        builder.Append(':');
        Append2(builder, second);
        if (precision > 0)
        {
            builder.Append('.');
            var fraction = picoseconds / s_pow10[12 - precision];
            builder.Append(fraction.ToString("D" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }
    }

    public static void Append2(StringBuilder builder, int value)
    {
        builder.Append((char)('0' + (value / 10))).Append((char)('0' + (value % 10)));
    }

    /// <summary>Validates a fraction of a second against its precision (no digits beyond it).</summary>
    public static void CheckFraction(long picoseconds, int precision, string picosecondsName, string precisionName)
    {
        if (precision is < 0 or > 12)
        {
            throw new ArgumentOutOfRangeException(precisionName, precision, "Precision must be in 0..12.");
        }

        if (picoseconds is < 0 or >= PicosPerSecond || picoseconds % s_pow10[12 - precision] != 0)
        {
            throw new ArgumentOutOfRangeException(picosecondsName, picoseconds, "Picoseconds must be in 0..999999999999 with no digits beyond the precision.");
        }
    }
}
