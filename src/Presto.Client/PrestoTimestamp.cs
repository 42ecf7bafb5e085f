using System;
using System.Text;
using Presto.Types;

namespace Presto;

/// <summary>
/// An exact Presto/Trino <c>timestamp(p)</c> value (no zone): any year, up to 12 fraction digits (picoseconds).
/// <see cref="Precision"/> only controls the text form; equality and ordering compare the date-time itself.
/// </summary>
public readonly struct PrestoTimestamp : IEquatable<PrestoTimestamp>, IComparable<PrestoTimestamp>, IComparable
{
    private readonly PrestoDate _date;
    private readonly PrestoTime _time;

    /// <summary>Creates a timestamp from its date and time of day.</summary>
    public PrestoTimestamp(PrestoDate date, PrestoTime time)
    {
        _date = date;
        _time = time;
    }

    /// <summary>Creates a timestamp; see <see cref="PrestoDate"/> and <see cref="PrestoTime"/> for the ranges.</summary>
    public PrestoTimestamp(int year, int month, int day, int hour, int minute, int second, long picoseconds = 0, int precision = 0)
        : this(new PrestoDate(year, month, day), new PrestoTime(hour, minute, second, picoseconds, precision))
    {
    }

    /// <summary>The date part.</summary>
    public PrestoDate Date => _date;

    /// <summary>The time-of-day part.</summary>
    public PrestoTime TimeOfDay => _time;

    /// <summary>The year (any <see cref="int"/>).</summary>
    public int Year => _date.Year;

    /// <summary>Month, 1..12.</summary>
    public int Month => _date.Month;

    /// <summary>Day of month.</summary>
    public int Day => _date.Day;

    /// <summary>Hour, 0..23.</summary>
    public int Hour => _time.Hour;

    /// <summary>Minute, 0..59.</summary>
    public int Minute => _time.Minute;

    /// <summary>Second, 0..59.</summary>
    public int Second => _time.Second;

    /// <summary>Fraction of the second in picoseconds.</summary>
    public long Picoseconds => _time.Picoseconds;

    /// <summary>Fraction digits of the text form, 0..12.</summary>
    public int Precision => _time.Precision;

    /// <summary>Equality.</summary>
    public static bool operator ==(PrestoTimestamp left, PrestoTimestamp right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(PrestoTimestamp left, PrestoTimestamp right) => !left.Equals(right);

    /// <summary>Chronological ordering.</summary>
    public static bool operator <(PrestoTimestamp left, PrestoTimestamp right) => left.CompareTo(right) < 0;

    /// <summary>Chronological ordering.</summary>
    public static bool operator >(PrestoTimestamp left, PrestoTimestamp right) => left.CompareTo(right) > 0;

    /// <summary>Chronological ordering.</summary>
    public static bool operator <=(PrestoTimestamp left, PrestoTimestamp right) => left.CompareTo(right) <= 0;

    /// <summary>Chronological ordering.</summary>
    public static bool operator >=(PrestoTimestamp left, PrestoTimestamp right) => left.CompareTo(right) >= 0;

    /// <summary>A timestamp from a <see cref="DateTime"/> (its kind is ignored; 7 fraction digits).</summary>
    public static PrestoTimestamp FromDateTime(DateTime value) =>
        new(PrestoDate.FromDateTime(value), PrestoTime.FromTimeSpan(value.TimeOfDay));

    /// <summary>Parses <c>YYYY-MM-DD HH:MM:SS[.f]</c> (Java year rules, 0..12 fraction digits).</summary>
    /// <exception cref="FormatException">Malformed text or an impossible date.</exception>
    public static PrestoTimestamp Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return TryParse(text, out var value) ? value : throw WireText.Invalid("timestamp", text);
    }

    /// <summary>Parses <c>YYYY-MM-DD HH:MM:SS[.f]</c>; <see langword="false"/> when malformed.</summary>
    public static bool TryParse(string? text, out PrestoTimestamp value)
    {
        var bytes = text is null ? null : WireText.ToAscii(text);
        var pos = 0;
        if (bytes is not null && TryParse(bytes, ref pos, out value) && pos == bytes.Length)
        {
            return true;
        }

        value = default;
        return false;
    }

    internal static bool TryParse(ReadOnlySpan<byte> text, ref int pos, out PrestoTimestamp value)
    {
        var i = pos;
        if (TemporalParser.TryParseDate(text, ref i, out var year, out var month, out var day)
            && i < text.Length && (text[i] == ' ' || text[i] == 'T'))
        {
            i++;
            if (PrestoTime.TryParse(text, ref i, out var time))
            {
                value = new PrestoTimestamp(new PrestoDate(year, month, day), time);
                pos = i;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Converts to a <see cref="DateTime"/> of kind <see cref="DateTimeKind.Unspecified"/>, truncated to 100 ns ticks.</summary>
    /// <exception cref="OverflowException">The year is outside 1..9999.</exception>
    public DateTime ToDateTime()
    {
        if (Year is < 1 or > 9999)
        {
            throw new OverflowException("The timestamp " + ToString() + " is outside the range of System.DateTime (years 1..9999).");
        }

        return _date.ToDateTime().Add(_time.ToTimeSpan());
    }

    /// <summary><c>YYYY-MM-DD HH:MM:SS</c> plus <see cref="Precision"/> fraction digits, as Trino sends it.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(32);
        AppendTo(builder);
        return builder.ToString();
    }

    internal void AppendTo(StringBuilder builder)
    {
        CivilDate.AppendDate(builder, _date.Year, _date.Month, _date.Day);
        builder.Append(' ');
        _time.AppendTo(builder);
    }

    /// <inheritdoc />
    public int CompareTo(PrestoTimestamp other)
    {
        var c = _date.CompareTo(other._date);
        return c != 0 ? c : _time.CompareTo(other._time);
    }

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        PrestoTimestamp other => CompareTo(other),
        _ => throw new ArgumentException("Object must be a PrestoTimestamp.", nameof(obj)),
    };

    /// <inheritdoc />
    public bool Equals(PrestoTimestamp other) => _date.Equals(other._date) && _time.Equals(other._time);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PrestoTimestamp other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => unchecked((_date.GetHashCode() * 397) ^ _time.GetHashCode());
}
