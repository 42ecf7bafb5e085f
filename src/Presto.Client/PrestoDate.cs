using System;
using System.Text;
using Presto.Types;

namespace Presto;

/// <summary>
/// An exact Presto/Trino <c>date</c> in the proleptic Gregorian calendar, for any year (0, negative and beyond 9999
/// included, which <see cref="DateTime"/> cannot hold).
/// </summary>
public readonly struct PrestoDate : IEquatable<PrestoDate>, IComparable<PrestoDate>, IComparable
{
    private readonly int _year;
    private readonly byte _month;
    private readonly byte _day;

    /// <summary>Creates a date; throws <see cref="ArgumentOutOfRangeException"/> for an impossible month or day.</summary>
    public PrestoDate(int year, int month, int day)
    {
        if (!CivilDate.IsValid(year, month, day))
        {
            throw new ArgumentOutOfRangeException(nameof(day), "Not a valid calendar date.");
        }

        _year = year;
        _month = (byte)month;
        _day = (byte)day;
    }

    /// <summary>The year (ISO proleptic: 0 is 1 BC, -1 is 2 BC).</summary>
    public int Year => _year;

    /// <summary>Month, 1..12 (1 for the default value).</summary>
    public int Month => _month == 0 ? 1 : _month;

    /// <summary>Day of month, 1..31 (1 for the default value).</summary>
    public int Day => _day == 0 ? 1 : _day;

    /// <summary>Days since 1970-01-01 (negative before), as Java's <c>LocalDate.toEpochDay()</c>.</summary>
    public long EpochDay => CivilDate.ToEpochDay(_year, Month, Day);

    /// <summary>Equality.</summary>
    public static bool operator ==(PrestoDate left, PrestoDate right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(PrestoDate left, PrestoDate right) => !left.Equals(right);

    /// <summary>Chronological ordering.</summary>
    public static bool operator <(PrestoDate left, PrestoDate right) => left.CompareTo(right) < 0;

    /// <summary>Chronological ordering.</summary>
    public static bool operator >(PrestoDate left, PrestoDate right) => left.CompareTo(right) > 0;

    /// <summary>Chronological ordering.</summary>
    public static bool operator <=(PrestoDate left, PrestoDate right) => left.CompareTo(right) <= 0;

    /// <summary>Chronological ordering.</summary>
    public static bool operator >=(PrestoDate left, PrestoDate right) => left.CompareTo(right) >= 0;

    /// <summary>The date part of a <see cref="DateTime"/>.</summary>
    public static PrestoDate FromDateTime(DateTime value) => new(value.Year, value.Month, value.Day);

    /// <summary>Parses <c>YYYY-MM-DD</c> with Java year rules (<c>+10000-01-01</c>, <c>-0001-01-01</c>).</summary>
    /// <exception cref="FormatException">Malformed text or an impossible date.</exception>
    public static PrestoDate Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return TryParse(text, out var value) ? value : throw WireText.Invalid("date", text);
    }

    /// <summary>Parses <c>YYYY-MM-DD</c>; <see langword="false"/> when malformed or impossible.</summary>
    public static bool TryParse(string? text, out PrestoDate value)
    {
        var bytes = text is null ? null : WireText.ToAscii(text);
        if (bytes is not null && TryParseUtf8(bytes, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    internal static bool TryParseUtf8(ReadOnlySpan<byte> text, out PrestoDate value)
    {
        var pos = 0;
        if (TemporalParser.TryParseDate(text, ref pos, out var year, out var month, out var day) && pos == text.Length)
        {
            value = new PrestoDate(year, month, day);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Converts to a <see cref="DateTime"/> (midnight, <see cref="DateTimeKind.Unspecified"/>).</summary>
    /// <exception cref="OverflowException">The year is outside 1..9999.</exception>
    public DateTime ToDateTime() =>
        _year is >= 1 and <= 9999 ? new DateTime(_year, Month, Day, 0, 0, 0, DateTimeKind.Unspecified) : throw Overflow();

#if NET6_0_OR_GREATER
    /// <summary>Converts to a <see cref="DateOnly"/>.</summary>
    /// <exception cref="OverflowException">The year is outside 1..9999.</exception>
    public DateOnly ToDateOnly() => _year is >= 1 and <= 9999 ? new DateOnly(_year, Month, Day) : throw Overflow();

    /// <summary>Converts a <see cref="DateOnly"/>.</summary>
    public static PrestoDate FromDateOnly(DateOnly value) => new(value.Year, value.Month, value.Day);
#endif

    /// <summary><c>YYYY-MM-DD</c>, years beyond 9999 with <c>+</c>, below 0 with <c>-</c> (Java <c>uuuu</c>), as Trino sends it.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(12);
        CivilDate.AppendDate(builder, _year, Month, Day);
        return builder.ToString();
    }

    /// <summary>Chronological comparison.</summary>
    public int CompareTo(PrestoDate other)
    {
        var c = _year.CompareTo(other._year);
        if (c == 0)
        {
            c = Month.CompareTo(other.Month);
        }

        return c != 0 ? c : Day.CompareTo(other.Day);
    }

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        PrestoDate other => CompareTo(other),
        _ => throw new ArgumentException("Object must be a PrestoDate.", nameof(obj)),
    };

    /// <inheritdoc />
    public bool Equals(PrestoDate other) => _year == other._year && Month == other.Month && Day == other.Day;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PrestoDate other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => unchecked((_year * 397) ^ (Month << 5) ^ Day);

    private OverflowException Overflow() => new("The date " + ToString() + " is outside the range of System.DateTime (years 1..9999).");
}
