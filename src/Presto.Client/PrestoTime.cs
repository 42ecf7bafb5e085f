using System;
using System.Text;
using Presto.Types;

namespace Presto;

/// <summary>
/// An exact Presto/Trino <c>time(p)</c> value: a time of day with up to 12 fraction digits (picoseconds).
/// <see cref="Precision"/> only controls the text form; equality and ordering compare the time itself.
/// </summary>
public readonly struct PrestoTime : IEquatable<PrestoTime>, IComparable<PrestoTime>, IComparable
{
    private readonly long _picoseconds;
    private readonly byte _hour;
    private readonly byte _minute;
    private readonly byte _second;
    private readonly byte _precision;

    /// <summary>Creates a time of day.</summary>
    /// <param name="hour">0..23.</param>
    /// <param name="minute">0..59.</param>
    /// <param name="second">0..59.</param>
    /// <param name="picoseconds">Fraction of the second in picoseconds, 0..999999999999, with no digits beyond <paramref name="precision"/>.</param>
    /// <param name="precision">Fraction digits of the text form, 0..12.</param>
    public PrestoTime(int hour, int minute, int second, long picoseconds = 0, int precision = 0)
    {
        if (hour is < 0 or > 23)
        {
            throw new ArgumentOutOfRangeException(nameof(hour), hour, "Hour must be in 0..23.");
        }

        if (minute is < 0 or > 59)
        {
            throw new ArgumentOutOfRangeException(nameof(minute), minute, "Minute must be in 0..59.");
        }

        if (second is < 0 or > 59)
        {
            throw new ArgumentOutOfRangeException(nameof(second), second, "Second must be in 0..59.");
        }

        CivilDate.CheckFraction(picoseconds, precision, nameof(picoseconds), nameof(precision));
        _hour = (byte)hour;
        _minute = (byte)minute;
        _second = (byte)second;
        _picoseconds = picoseconds;
        _precision = (byte)precision;
    }

    /// <summary>Hour, 0..23.</summary>
    public int Hour => _hour;

    /// <summary>Minute, 0..59.</summary>
    public int Minute => _minute;

    /// <summary>Second, 0..59.</summary>
    public int Second => _second;

    /// <summary>Fraction of the second in picoseconds, 0..999999999999.</summary>
    public long Picoseconds => _picoseconds;

    /// <summary>Fraction digits of the text form, 0..12.</summary>
    public int Precision => _precision;

    /// <summary>Picoseconds since midnight.</summary>
    public long PicosecondOfDay => ((((_hour * 60L) + _minute) * 60) + _second) * CivilDate.PicosPerSecond + _picoseconds;

    /// <summary>Equality of the time of day.</summary>
    public static bool operator ==(PrestoTime left, PrestoTime right) => left.Equals(right);

    /// <summary>Inequality of the time of day.</summary>
    public static bool operator !=(PrestoTime left, PrestoTime right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(PrestoTime left, PrestoTime right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(PrestoTime left, PrestoTime right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(PrestoTime left, PrestoTime right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(PrestoTime left, PrestoTime right) => left.CompareTo(right) >= 0;

    /// <summary>Parses <c>HH:MM:SS[.f]</c> with 0..12 fraction digits; the digit count becomes <see cref="Precision"/>.</summary>
    /// <exception cref="FormatException">Malformed text.</exception>
    public static PrestoTime Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return TryParse(text, out var value) ? value : throw WireText.Invalid("time", text);
    }

    /// <summary>Parses <c>HH:MM:SS[.f]</c>; <see langword="false"/> when malformed.</summary>
    public static bool TryParse(string? text, out PrestoTime value)
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

    /// <summary>A time of day from a <see cref="TimeSpan"/> within a day (7 fraction digits).</summary>
    public static PrestoTime FromTimeSpan(TimeSpan value)
    {
        if (value < TimeSpan.Zero || value.Ticks >= TimeSpan.TicksPerDay)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The time must be within one day.");
        }

        return new PrestoTime(value.Hours, value.Minutes, value.Seconds, (value.Ticks % TimeSpan.TicksPerSecond) * CivilDate.PicosPerTick, 7);
    }

    internal static bool TryParse(ReadOnlySpan<byte> text, ref int pos, out PrestoTime value)
    {
        if (TemporalParser.TryParseTime(text, ref pos, out var hour, out var minute, out var second, out var picos, out var precision))
        {
            value = new PrestoTime(hour, minute, second, picos, precision);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The time since midnight, truncated to 100 ns ticks.</summary>
    public TimeSpan ToTimeSpan() => new(((((_hour * 60L) + _minute) * 60) + _second) * TimeSpan.TicksPerSecond + (_picoseconds / CivilDate.PicosPerTick));

#if NET6_0_OR_GREATER
    /// <summary>Converts to a <see cref="TimeOnly"/>, truncated to 100 ns ticks.</summary>
    public TimeOnly ToTimeOnly() => new(ToTimeSpan().Ticks);
#endif

    /// <summary><c>HH:MM:SS</c> plus <see cref="Precision"/> fraction digits, as Trino sends it.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(21);
        AppendTo(builder);
        return builder.ToString();
    }

    internal void AppendTo(StringBuilder builder) => CivilDate.AppendTime(builder, _hour, _minute, _second, _picoseconds, _precision);

    /// <inheritdoc />
    public int CompareTo(PrestoTime other) => PicosecondOfDay.CompareTo(other.PicosecondOfDay);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        PrestoTime other => CompareTo(other),
        _ => throw new ArgumentException("Object must be a PrestoTime.", nameof(obj)),
    };

    /// <inheritdoc />
    public bool Equals(PrestoTime other) => PicosecondOfDay == other.PicosecondOfDay;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PrestoTime other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => PicosecondOfDay.GetHashCode();
}
