using System;
using System.Globalization;
using System.Numerics;
using System.Text;
using Presto.Types;

namespace Presto;

/// <summary>
/// An exact Presto/Trino <c>decimal(p,s)</c> value (up to 38 digits, beyond what <see cref="decimal"/> holds):
/// <c>UnscaledValue × 10^-Scale</c>. Equality and ordering are numeric (<c>1.0 == 1.00</c>).
/// </summary>
public readonly struct PrestoDecimal : IEquatable<PrestoDecimal>, IComparable<PrestoDecimal>, IComparable
{
    private static readonly BigInteger s_decimalLimit = BigInteger.One << 96;
    private readonly BigInteger _unscaled;
    private readonly int _scale;

    /// <summary>Creates a value <c><paramref name="unscaledValue"/> × 10^-<paramref name="scale"/></c>.</summary>
    /// <param name="unscaledValue">The digits without the decimal point.</param>
    /// <param name="scale">Digits after the decimal point; not negative.</param>
    public PrestoDecimal(BigInteger unscaledValue, int scale)
    {
        if (scale < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Scale must not be negative.");
        }

        _unscaled = unscaledValue;
        _scale = scale;
    }

    /// <summary>The value without its decimal point (<c>-0.50</c> → <c>-50</c>).</summary>
    public BigInteger UnscaledValue => _unscaled;

    /// <summary>Digits after the decimal point.</summary>
    public int Scale => _scale;

    /// <summary>Number of digits of <see cref="UnscaledValue"/> (1 for zero), as Java's <c>BigDecimal.precision()</c>.</summary>
    public int Precision => _unscaled.IsZero ? 1 : BigInteger.Abs(_unscaled).ToString(CultureInfo.InvariantCulture).Length;

    /// <summary>Converts a <see cref="decimal"/> exactly (its scale is kept).</summary>
    public static implicit operator PrestoDecimal(decimal value) => FromDecimal(value);

    /// <summary>Converts to <see cref="decimal"/>; throws <see cref="OverflowException"/> when it does not fit exactly.</summary>
    public static explicit operator decimal(PrestoDecimal value) => value.ToDecimal();

    /// <summary>Numeric equality.</summary>
    public static bool operator ==(PrestoDecimal left, PrestoDecimal right) => left.Equals(right);

    /// <summary>Numeric inequality.</summary>
    public static bool operator !=(PrestoDecimal left, PrestoDecimal right) => !left.Equals(right);

    /// <summary>Numeric ordering.</summary>
    public static bool operator <(PrestoDecimal left, PrestoDecimal right) => left.CompareTo(right) < 0;

    /// <summary>Numeric ordering.</summary>
    public static bool operator >(PrestoDecimal left, PrestoDecimal right) => left.CompareTo(right) > 0;

    /// <summary>Numeric ordering.</summary>
    public static bool operator <=(PrestoDecimal left, PrestoDecimal right) => left.CompareTo(right) <= 0;

    /// <summary>Numeric ordering.</summary>
    public static bool operator >=(PrestoDecimal left, PrestoDecimal right) => left.CompareTo(right) >= 0;

    /// <summary>Converts a <see cref="decimal"/> exactly (its scale is kept).</summary>
    public static PrestoDecimal FromDecimal(decimal value)
    {
        var bits = decimal.GetBits(value);
        var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        return new PrestoDecimal(bits[3] < 0 ? -magnitude : magnitude, scale);
    }

    /// <summary>Parses plain decimal text (<c>-123.45</c>, <c>0.05</c>, <c>42</c>) exactly, culture-invariant.</summary>
    /// <exception cref="FormatException">The text is not plain decimal text.</exception>
    public static PrestoDecimal Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return TryParse(text, out var value) ? value : throw WireText.Invalid("decimal", text);
    }

    /// <summary>Parses plain decimal text exactly; <see langword="false"/> when malformed.</summary>
    public static bool TryParse(string? text, out PrestoDecimal value)
    {
        var bytes = text is null ? null : WireText.ToAscii(text);
        if (bytes is not null && DecimalText.TryParseBig(bytes, out var unscaled, out var scale))
        {
            value = new PrestoDecimal(unscaled, scale);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Converts to <see cref="decimal"/> when the value fits exactly (trailing fraction zeros may be dropped to fit).</summary>
    public bool TryToDecimal(out decimal value)
    {
        var unscaled = _unscaled;
        var scale = _scale;
        while (scale > 28 || BigInteger.Abs(unscaled) >= s_decimalLimit)
        {
            if (scale == 0 || !(unscaled % 10).IsZero)
            {
                value = 0;
                return false;
            }

            unscaled /= 10;
            scale--;
        }

        var magnitude = BigInteger.Abs(unscaled);
        var low = (ulong)(magnitude & ulong.MaxValue);
        var high = (uint)(magnitude >> 64);
        value = new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)high, unscaled.Sign < 0, (byte)scale);
        return true;
    }

    /// <summary>Converts to <see cref="decimal"/>; never rounds.</summary>
    /// <exception cref="OverflowException">The value has more precision or magnitude than <see cref="decimal"/> holds.</exception>
    public decimal ToDecimal() =>
        TryToDecimal(out var value) ? value : throw new OverflowException("The decimal value " + ToString() + " does not fit in System.Decimal.");

    /// <summary>The nearest <see cref="double"/>.</summary>
    public double ToDouble() => double.Parse(ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Plain text with exactly <see cref="Scale"/> fraction digits (<c>-0.50</c>, <c>0.05</c>, <c>42</c>), as Trino sends it.</summary>
    public override string ToString()
    {
        var digits = BigInteger.Abs(_unscaled).ToString(CultureInfo.InvariantCulture);
        var builder = new StringBuilder(digits.Length + 3);
        if (_unscaled.Sign < 0)
        {
            builder.Append('-');
        }

        if (_scale == 0)
        {
            return builder.Append(digits).ToString();
        }

        if (digits.Length <= _scale)
        {
            builder.Append('0').Append('.').Append('0', _scale - digits.Length).Append(digits);
        }
        else
        {
            builder.Append(digits, 0, digits.Length - _scale).Append('.').Append(digits, digits.Length - _scale, _scale);
        }

        return builder.ToString();
    }

    /// <summary>Numeric comparison.</summary>
    public int CompareTo(PrestoDecimal other)
    {
        if (_scale == other._scale)
        {
            return _unscaled.CompareTo(other._unscaled);
        }

        return _scale < other._scale
            ? (_unscaled * BigInteger.Pow(10, other._scale - _scale)).CompareTo(other._unscaled)
            : _unscaled.CompareTo(other._unscaled * BigInteger.Pow(10, _scale - other._scale));
    }

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        PrestoDecimal other => CompareTo(other),
        _ => throw new ArgumentException("Object must be a PrestoDecimal.", nameof(obj)),
    };

    /// <summary>Numeric equality (<c>1.0</c> equals <c>1.00</c>).</summary>
    public bool Equals(PrestoDecimal other) => CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PrestoDecimal other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var unscaled = _unscaled;
        var scale = _scale;
        while (scale > 0 && !unscaled.IsZero && (unscaled % 10).IsZero)
        {
            unscaled /= 10;
            scale--;
        }

        return unscaled.IsZero ? 0 : unchecked((unscaled.GetHashCode() * 31) + scale);
    }
}
