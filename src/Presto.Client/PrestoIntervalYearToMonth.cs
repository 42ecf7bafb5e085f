using System;
using System.Globalization;
using Presto.Types;

namespace Presto;

/// <summary>A Presto/Trino <c>interval year to month</c> value: a signed number of months.</summary>
public readonly struct PrestoIntervalYearToMonth : IEquatable<PrestoIntervalYearToMonth>, IComparable<PrestoIntervalYearToMonth>, IComparable
{
    /// <summary>Creates an interval of <paramref name="totalMonths"/> months.</summary>
    public PrestoIntervalYearToMonth(int totalMonths) => TotalMonths = totalMonths;

    /// <summary>Creates an interval of <paramref name="years"/> years and <paramref name="months"/> months (both with the same sign).</summary>
    /// <exception cref="OverflowException">The total does not fit an <see cref="int"/>.</exception>
    public PrestoIntervalYearToMonth(int years, int months) => TotalMonths = checked((years * 12) + months);

    /// <summary>The signed number of months.</summary>
    public int TotalMonths { get; }

    /// <summary>Whole years (truncated toward zero; same sign as <see cref="TotalMonths"/>).</summary>
    public int Years => TotalMonths / 12;

    /// <summary>Remaining months, -11..11 (same sign as <see cref="TotalMonths"/>).</summary>
    public int Months => TotalMonths % 12;

    /// <summary>Equality.</summary>
    public static bool operator ==(PrestoIntervalYearToMonth left, PrestoIntervalYearToMonth right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(PrestoIntervalYearToMonth left, PrestoIntervalYearToMonth right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(PrestoIntervalYearToMonth left, PrestoIntervalYearToMonth right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(PrestoIntervalYearToMonth left, PrestoIntervalYearToMonth right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(PrestoIntervalYearToMonth left, PrestoIntervalYearToMonth right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(PrestoIntervalYearToMonth left, PrestoIntervalYearToMonth right) => left.CompareTo(right) >= 0;

    /// <summary>Parses <c>[-]Y-M</c> (<c>1-2</c>, <c>-178956970-8</c>).</summary>
    /// <exception cref="FormatException">Malformed text or out of range.</exception>
    public static PrestoIntervalYearToMonth Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return TryParse(text, out var value) ? value : throw WireText.Invalid("interval year to month", text);
    }

    /// <summary>Parses <c>[-]Y-M</c>; <see langword="false"/> when malformed or out of range.</summary>
    public static bool TryParse(string? text, out PrestoIntervalYearToMonth value)
    {
        var bytes = text is null ? null : WireText.ToAscii(text);
        if (bytes is not null && TryParseUtf8(bytes, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    internal static bool TryParseUtf8(ReadOnlySpan<byte> text, out PrestoIntervalYearToMonth value)
    {
        value = default;
        var i = 0;
        var negative = text.Length > 0 && text[0] == '-';
        if (negative)
        {
            i++;
        }

        if (!TryDigits(text, ref i, 10, out var years) || i >= text.Length || text[i++] != '-' || !TryDigits(text, ref i, 2, out var months) || i != text.Length || months > 11)
        {
            return false;
        }

        var total = (years * 12) + months;
        if (negative)
        {
            total = -total;
        }

        if (total is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        value = new PrestoIntervalYearToMonth((int)total);
        return true;
    }

    /// <summary><c>[-]Y-M</c>, month not zero-padded, as Trino sends it.</summary>
    public override string ToString()
    {
        long total = TotalMonths;
        var magnitude = Math.Abs(total);
        return (total < 0 ? "-" : string.Empty)
            + (magnitude / 12).ToString(CultureInfo.InvariantCulture) + "-" + (magnitude % 12).ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public int CompareTo(PrestoIntervalYearToMonth other) => TotalMonths.CompareTo(other.TotalMonths);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        PrestoIntervalYearToMonth other => CompareTo(other),
        _ => throw new ArgumentException("Object must be a PrestoIntervalYearToMonth.", nameof(obj)),
    };

    /// <inheritdoc />
    public bool Equals(PrestoIntervalYearToMonth other) => TotalMonths == other.TotalMonths;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PrestoIntervalYearToMonth other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => TotalMonths;

    private static bool TryDigits(ReadOnlySpan<byte> text, ref int i, int maxDigits, out long value)
    {
        value = 0;
        var start = i;
        while (i < text.Length && TemporalParser.IsDigit(text[i]))
        {
            if (i - start >= maxDigits)
            {
                return false;
            }

            value = (value * 10) + (text[i++] - '0');
        }

        return i > start;
    }
}
