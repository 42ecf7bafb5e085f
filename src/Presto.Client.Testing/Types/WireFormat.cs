using System;
using System.Globalization;

namespace Presto.Testing.Types;

/// <summary>
/// Allocation-free ASCII formatters for the value texts of PROTOCOL.md §6, including Java's
/// <c>Double.toString</c>/<c>Float.toString</c>. Each writes into a span and returns the new position.
/// </summary>
internal static class WireFormat
{
    private static readonly long[] s_pow10 =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
    ];

    /// <summary>Java <c>Double.toString</c> of a finite value (shortest round-trip digits, <c>1.0E7</c>, <c>1.0E-4</c>).</summary>
    public static int JavaDouble(double value, Span<byte> destination, int pos)
    {
        Span<byte> shortest = stackalloc byte[40];
        Span<byte> alternative = stackalloc byte[40];
        if (!value.TryFormat(shortest, out int written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("Could not format a double.");
        }

        // Java picks among round-tripping decimals of length max(shortest, 2) the one closest to the
        // value; that differs from the shortest only for tiny subnormals (Double.MIN_VALUE is 4.9E-324).
        if (Math.Abs(value) < 2.2250738585072014E-308 && value != 0
            && value.TryFormat(alternative, out int twoDigits, "E1", CultureInfo.InvariantCulture)
            && double.Parse(alternative[..twoDigits], NumberStyles.Float, CultureInfo.InvariantCulture) == value)
        {
            return ToJavaNotation(alternative[..twoDigits], destination, pos);
        }

        return ToJavaNotation(shortest[..written], destination, pos);
    }

    /// <summary>Java <c>Float.toString</c> of a finite value (shortest round-trip digits of the float).</summary>
    public static int JavaFloat(float value, Span<byte> destination, int pos)
    {
        Span<byte> shortest = stackalloc byte[40];
        Span<byte> alternative = stackalloc byte[40];
        if (!value.TryFormat(shortest, out int written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("Could not format a float.");
        }

        // See JavaDouble: Float.MIN_VALUE is 1.4E-45.
        if (Math.Abs(value) < 1.17549435E-38f && value != 0
            && value.TryFormat(alternative, out int twoDigits, "E1", CultureInfo.InvariantCulture)
            && float.Parse(alternative[..twoDigits], NumberStyles.Float, CultureInfo.InvariantCulture) == value)
        {
            return ToJavaNotation(alternative[..twoDigits], destination, pos);
        }

        return ToJavaNotation(shortest[..written], destination, pos);
    }

    /// <summary>
    /// Rewrites .NET shortest round-trip text (<c>1E+07</c>, <c>0.0001</c>, <c>123.456</c>, <c>-0</c>) in Java notation:
    /// plain with at least one fraction digit when 1e-3 &lt;= |x| &lt; 1e7, else <c>d.dddE[-]n</c>.
    /// </summary>
    private static int ToJavaNotation(ReadOnlySpan<byte> text, Span<byte> d, int pos)
    {
        int i = 0;
        if (text[0] == '-')
        {
            d[pos++] = (byte)'-';
            i = 1;
        }

        Span<byte> digits = stackalloc byte[32];
        int count = 0;
        int pointPos = 0; // value = 0.d1d2...dn * 10^pointPos
        bool seenPoint = false;
        for (; i < text.Length; i++)
        {
            byte c = text[i];
            if (c == '.')
            {
                seenPoint = true;
                continue;
            }

            if (c is (byte)'E' or (byte)'e')
            {
                i++;
                bool negative = false;
                if (text[i] is (byte)'+' or (byte)'-')
                {
                    negative = text[i] == '-';
                    i++;
                }

                int exponent = 0;
                for (; i < text.Length; i++)
                {
                    exponent = (exponent * 10) + (text[i] - '0');
                }

                pointPos += negative ? -exponent : exponent;
                break;
            }

            if (count == 0 && c == '0')
            {
                if (seenPoint)
                {
                    pointPos--;
                }

                continue;
            }

            digits[count++] = c;
            if (!seenPoint)
            {
                pointPos++;
            }
        }

        if (count == 0)
        {
            "0.0"u8.CopyTo(d[pos..]);
            return pos + 3;
        }

        while (count > 1 && digits[count - 1] == '0')
        {
            count--;
        }

        int scientific = pointPos - 1;
        if (scientific is >= -3 and < 7)
        {
            if (pointPos <= 0)
            {
                d[pos++] = (byte)'0';
                d[pos++] = (byte)'.';
                for (int z = 0; z < -pointPos; z++)
                {
                    d[pos++] = (byte)'0';
                }

                digits[..count].CopyTo(d[pos..]);
                return pos + count;
            }

            for (int k = 0; k < pointPos; k++)
            {
                d[pos++] = k < count ? digits[k] : (byte)'0';
            }

            d[pos++] = (byte)'.';
            if (count > pointPos)
            {
                digits[pointPos..count].CopyTo(d[pos..]);
                return pos + count - pointPos;
            }

            d[pos++] = (byte)'0';
            return pos;
        }

        d[pos++] = digits[0];
        d[pos++] = (byte)'.';
        if (count > 1)
        {
            digits[1..count].CopyTo(d[pos..]);
            pos += count - 1;
        }
        else
        {
            d[pos++] = (byte)'0';
        }

        d[pos++] = (byte)'E';
        if (scientific < 0)
        {
            d[pos++] = (byte)'-';
            scientific = -scientific;
        }

        return Integer(scientific, d, pos);
    }

    /// <summary>An integer without padding.</summary>
    public static int Integer(long value, Span<byte> d, int pos)
    {
        if (!value.TryFormat(d[pos..], out int written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("Buffer too small.");
        }

        return pos + written;
    }

    /// <summary>A non-negative integer zero-padded to <paramref name="width"/> digits.</summary>
    public static int Padded(long value, int width, Span<byte> d, int pos)
    {
        for (int k = width - 1; k >= 0; k--)
        {
            d[pos + k] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }

        return pos + width;
    }

    /// <summary><c>YYYY-MM-DD</c> (years 1..9999).</summary>
    public static int Date(int year, int month, int day, Span<byte> d, int pos)
    {
        pos = Padded(year, 4, d, pos);
        d[pos++] = (byte)'-';
        pos = Padded(month, 2, d, pos);
        d[pos++] = (byte)'-';
        return Padded(day, 2, d, pos);
    }

    /// <summary><c>HH:MM:SS</c> plus <c>.</c> and <paramref name="precision"/> fraction digits (beyond 7 digits zeros) for ticks within a day.</summary>
    public static int TimeOfDay(long ticksOfDay, int precision, Span<byte> d, int pos)
    {
        long seconds = ticksOfDay / TimeSpan.TicksPerSecond;
        pos = Padded(seconds / 3600, 2, d, pos);
        d[pos++] = (byte)':';
        pos = Padded(seconds / 60 % 60, 2, d, pos);
        d[pos++] = (byte)':';
        pos = Padded(seconds % 60, 2, d, pos);
        return Fraction(ticksOfDay % TimeSpan.TicksPerSecond, precision, d, pos);
    }

    /// <summary><c>.fff…</c> with <paramref name="precision"/> digits of a 7-digit tick fraction; nothing when precision is 0.</summary>
    public static int Fraction(long fractionTicks, int precision, Span<byte> d, int pos)
    {
        if (precision == 0)
        {
            return pos;
        }

        d[pos++] = (byte)'.';
        for (int k = 0; k < precision; k++)
        {
            d[pos++] = k < 7 ? (byte)('0' + (int)(fractionTicks / s_pow10[6 - k] % 10)) : (byte)'0';
        }

        return pos;
    }

    /// <summary>Rounds non-negative ticks half-up to <paramref name="precision"/> fraction digits.</summary>
    public static long RoundTicks(long ticks, int precision)
    {
        if (precision >= 7)
        {
            return ticks;
        }

        long unit = s_pow10[7 - precision];
        long remainder = ticks % unit;
        return remainder * 2 >= unit ? ticks - remainder + unit : ticks - remainder;
    }

    /// <summary>A numeric offset <c>+HH:MM</c> / <c>-HH:MM</c>.</summary>
    public static int Offset(TimeSpan offset, Span<byte> d, int pos)
    {
        long minutes = (long)offset.TotalMinutes;
        d[pos++] = minutes < 0 ? (byte)'-' : (byte)'+';
        minutes = Math.Abs(minutes);
        pos = Padded(minutes / 60, 2, d, pos);
        d[pos++] = (byte)':';
        return Padded(minutes % 60, 2, d, pos);
    }

    /// <summary>A zone as PrestoDB/Trino name it for a fixed offset: <c>UTC</c> for zero, else <c>+05:30</c>.</summary>
    public static int Zone(TimeSpan offset, Span<byte> d, int pos)
    {
        if (offset == TimeSpan.Zero)
        {
            "UTC"u8.CopyTo(d[pos..]);
            return pos + 3;
        }

        return Offset(offset, d, pos);
    }

    /// <summary>Trino/PrestoDB <c>SqlIntervalDayTime</c>: <c>[-]D HH:MM:SS.mmm</c>.</summary>
    public static int IntervalDayToSecond(long millis, Span<byte> d, int pos)
    {
        if (millis == long.MinValue)
        {
            "-106751991167 07:12:55.808"u8.CopyTo(d[pos..]);
            return pos + 26;
        }

        if (millis < 0)
        {
            d[pos++] = (byte)'-';
            millis = -millis;
        }

        pos = Integer(millis / 86_400_000, d, pos);
        d[pos++] = (byte)' ';
        millis %= 86_400_000;
        pos = Padded(millis / 3_600_000, 2, d, pos);
        d[pos++] = (byte)':';
        pos = Padded(millis / 60_000 % 60, 2, d, pos);
        d[pos++] = (byte)':';
        pos = Padded(millis / 1000 % 60, 2, d, pos);
        d[pos++] = (byte)'.';
        return Padded(millis % 1000, 3, d, pos);
    }

    /// <summary>Trino/PrestoDB <c>SqlIntervalYearMonth</c>: <c>[-]Y-M</c>, month not padded.</summary>
    public static int IntervalYearToMonth(int months, Span<byte> d, int pos)
    {
        if (months == int.MinValue)
        {
            "-178956970-8"u8.CopyTo(d[pos..]);
            return pos + 12;
        }

        if (months < 0)
        {
            d[pos++] = (byte)'-';
            months = -months;
        }

        pos = Integer(months / 12, d, pos);
        d[pos++] = (byte)'-';
        return Integer(months % 12, d, pos);
    }

    /// <summary>Guava <c>InetAddresses.toAddrString</c>: dotted quad for IPv4 (and IPv4-mapped IPv6), RFC 5952 for IPv6.</summary>
    public static int IpAddress(ReadOnlySpan<byte> address, Span<byte> d, int pos)
    {
        if (address.Length == 16 && address[..10].IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xFF && address[11] == 0xFF)
        {
            address = address[12..];
        }

        if (address.Length == 4)
        {
            for (int k = 0; k < 4; k++)
            {
                if (k > 0)
                {
                    d[pos++] = (byte)'.';
                }

                pos = Integer(address[k], d, pos);
            }

            return pos;
        }

        Span<int> groups = stackalloc int[8];
        for (int k = 0; k < 8; k++)
        {
            groups[k] = (address[2 * k] << 8) | address[(2 * k) + 1];
        }

        // Longest run (first on ties) of at least two zero groups becomes "::".
        int bestStart = -1, bestLength = 0;
        for (int k = 0; k < 8;)
        {
            if (groups[k] != 0)
            {
                k++;
                continue;
            }

            int start = k;
            while (k < 8 && groups[k] == 0)
            {
                k++;
            }

            if (k - start > bestLength && k - start >= 2)
            {
                bestStart = start;
                bestLength = k - start;
            }
        }

        for (int k = 0; k < 8; k++)
        {
            if (k == bestStart)
            {
                d[pos++] = (byte)':';
                d[pos++] = (byte)':';
                k += bestLength - 1;
                continue;
            }

            if (k > 0 && k != bestStart + bestLength)
            {
                d[pos++] = (byte)':';
            }

            if (!groups[k].TryFormat(d[pos..], out int written, "x", CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("Buffer too small.");
            }

            pos += written;
        }

        return pos;
    }
}
