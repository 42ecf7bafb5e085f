using System;
using System.Globalization;
using System.Text;
using Presto.Types;

namespace Presto;

/// <summary>A Presto/Trino <c>interval day to second</c> value: a signed number of milliseconds (beyond the range of <see cref="TimeSpan"/> at the extremes).</summary>
public readonly struct PrestoIntervalDayToSecond : IEquatable<PrestoIntervalDayToSecond>, IComparable<PrestoIntervalDayToSecond>, IComparable
{
    private const long MillisPerDay = 86_400_000;

    /// <summary>Creates an interval of <paramref name="totalMilliseconds"/> milliseconds.</summary>
    public PrestoIntervalDayToSecond(long totalMilliseconds) => TotalMilliseconds = totalMilliseconds;

    /// <summary>The signed number of milliseconds.</summary>
    public long TotalMilliseconds { get; }

    /// <summary>Whole days (truncated toward zero).</summary>
    public long Days => TotalMilliseconds / MillisPerDay;

    /// <summary>Hours of the day part, -23..23.</summary>
    public int Hours => (int)(TotalMilliseconds / 3_600_000 % 24);

    /// <summary>Minutes of the hour part, -59..59.</summary>
    public int Minutes => (int)(TotalMilliseconds / 60_000 % 60);

    /// <summary>Seconds of the minute part, -59..59.</summary>
    public int Seconds => (int)(TotalMilliseconds / 1000 % 60);

    /// <summary>Milliseconds of the second part, -999..999.</summary>
    public int Milliseconds => (int)(TotalMilliseconds % 1000);

    /// <summary>Equality.</summary>
    public static bool operator ==(PrestoIntervalDayToSecond left, PrestoIntervalDayToSecond right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(PrestoIntervalDayToSecond left, PrestoIntervalDayToSecond right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(PrestoIntervalDayToSecond left, PrestoIntervalDayToSecond right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(PrestoIntervalDayToSecond left, PrestoIntervalDayToSecond right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(PrestoIntervalDayToSecond left, PrestoIntervalDayToSecond right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(PrestoIntervalDayToSecond left, PrestoIntervalDayToSecond right) => left.CompareTo(right) >= 0;

    /// <summary>An interval from a <see cref="TimeSpan"/>, truncated to milliseconds.</summary>
    public static PrestoIntervalDayToSecond FromTimeSpan(TimeSpan value) => new(value.Ticks / TimeSpan.TicksPerMillisecond);

    /// <summary>Parses <c>[-]D HH:MM:SS.mmm</c> (<c>1 02:03:04.005</c>, <c>-106751991167 07:12:55.808</c>).</summary>
    /// <exception cref="FormatException">Malformed text or out of range.</exception>
    public static PrestoIntervalDayToSecond Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return TryParse(text, out var value) ? value : throw WireText.Invalid("interval day to second", text);
    }

    /// <summary>Parses <c>[-]D HH:MM:SS.mmm</c>; <see langword="false"/> when malformed or out of range.</summary>
    public static bool TryParse(string? text, out PrestoIntervalDayToSecond value)
    {
        var bytes = text is null ? null : WireText.ToAscii(text);
        if (bytes is not null && TryParseUtf8(bytes, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    internal static bool TryParseUtf8(ReadOnlySpan<byte> text, out PrestoIntervalDayToSecond value)
    {
        value = default;
        var i = 0;
        var negative = text.Length > 0 && text[0] == '-';
        if (negative)
        {
            i++;
        }

        ulong days = 0;
        var start = i;
        while (i < text.Length && TemporalParser.IsDigit(text[i]))
        {
            if (i - start >= 12)
            {
                return false;
            }

            days = (days * 10) + (ulong)(text[i++] - '0');
        }

        if (i == start || days > 106_751_991_167 || i >= text.Length || text[i++] != ' '
            || !TemporalParser.TryParseTime(text, ref i, out var hour, out var minute, out var second, out var picos, out var precision)
            || i != text.Length || precision > 3)
        {
            return false;
        }

        var magnitude = (days * MillisPerDay) + (ulong)((((hour * 60L) + minute) * 60 + second) * 1000) + (ulong)(picos / 1_000_000_000);
        if (negative ? magnitude > 9_223_372_036_854_775_808UL : magnitude > long.MaxValue)
        {
            return false;
        }

        value = new PrestoIntervalDayToSecond(negative ? (long)(0UL - magnitude) : (long)magnitude);
        return true;
    }

    /// <summary>Converts to a <see cref="TimeSpan"/>.</summary>
    /// <exception cref="OverflowException">The interval is beyond the range of <see cref="TimeSpan"/>.</exception>
    public TimeSpan ToTimeSpan() =>
        TryToTimeSpan(out var value) ? value : throw new OverflowException("The interval " + ToString() + " is beyond the range of System.TimeSpan.");

    /// <summary>Converts to a <see cref="TimeSpan"/> when it fits.</summary>
    public bool TryToTimeSpan(out TimeSpan value)
    {
        const long limit = long.MaxValue / TimeSpan.TicksPerMillisecond;
        if (TotalMilliseconds is > limit or < -limit)
        {
            value = default;
            return false;
        }

        value = new TimeSpan(TotalMilliseconds * TimeSpan.TicksPerMillisecond);
        return true;
    }

    /// <summary><c>[-]D HH:MM:SS.mmm</c>, as Trino sends it.</summary>
    public override string ToString()
    {
        var millis = TotalMilliseconds;
        if (millis == long.MinValue)
        {
            return "-106751991167 07:12:55.808";
        }

        var builder = new StringBuilder(32);
        if (millis < 0)
        {
            builder.Append('-');
            millis = -millis;
        }

        builder.Append((millis / MillisPerDay).ToString(CultureInfo.InvariantCulture)).Append(' ');
        millis %= MillisPerDay;
        CivilDate.Append2(builder, (int)(millis / 3_600_000));
        builder.Append(':');
        CivilDate.Append2(builder, (int)(millis / 60_000 % 60));
        builder.Append(':');
        CivilDate.Append2(builder, (int)(millis / 1000 % 60));
        builder.Append('.').Append((millis % 1000).ToString("D3", CultureInfo.InvariantCulture));
        return builder.ToString();
    }

    /// <inheritdoc />
    public int CompareTo(PrestoIntervalDayToSecond other) => TotalMilliseconds.CompareTo(other.TotalMilliseconds);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        PrestoIntervalDayToSecond other => CompareTo(other),
        _ => throw new ArgumentException("Object must be a PrestoIntervalDayToSecond.", nameof(obj)),
    };

    /// <inheritdoc />
    public bool Equals(PrestoIntervalDayToSecond other) => TotalMilliseconds == other.TotalMilliseconds;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PrestoIntervalDayToSecond other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => TotalMilliseconds.GetHashCode();
}
