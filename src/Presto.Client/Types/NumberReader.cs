using System;
using System.Buffers.Text;
using System.Text.Json;

namespace Presto.Types;

/// <summary>Reads JSON numbers (and numeric strings, as map keys and the Java client allow) without allocating.</summary>
internal static class NumberReader
{
    /// <summary>10^0 … 10^22: the powers of ten a double holds exactly.</summary>
    private static readonly double[] s_exactPowersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static long ReadInt64(ref Utf8JsonReader reader, TypeSignature type)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var value))
            {
                return value;
            }

            throw WireText.Invalid(type.ToString(), reader.ValueSpan);
        }

        if (WireText.IsString(reader.TokenType))
        {
            var text = WireText.Utf8(ref reader);
            if (Utf8Parser.TryParse(text, out long value, out var consumed) && consumed == text.Length && text.Length > 0)
            {
                return value;
            }

            throw WireText.Invalid(type.ToString(), text);
        }

        throw WireText.WrongToken(type.ToString(), ref reader, "a JSON number");
    }

    public static long ReadInt64InRange(ref Utf8JsonReader reader, TypeSignature type, long min, long max)
    {
        var value = ReadInt64(ref reader, type);
        if (value < min || value > max)
        {
            throw WireText.Invalid(type.ToString(), value.ToString(System.Globalization.CultureInfo.InvariantCulture), "out of range");
        }

        return value;
    }

    public static double ReadDouble(ref Utf8JsonReader reader, TypeSignature type)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.HasValueSequence && TryParseExactDouble(reader.ValueSpan, out var value))
            {
                return value;
            }

            if (reader.TryGetDouble(out value))
            {
                return value;
            }

            throw WireText.Invalid(type.ToString(), reader.ValueSpan);
        }

        if (WireText.IsString(reader.TokenType))
        {
            var text = WireText.Utf8(ref reader);
            if (TryParseSpecial(text, out var special))
            {
                return special;
            }

            if (IsNumeric(text) && Utf8Parser.TryParse(text, out double value, out var consumed) && consumed == text.Length)
            {
                return value;
            }

            throw WireText.Invalid(type.ToString(), text);
        }

        throw WireText.WrongToken(type.ToString(), ref reader, "a JSON number");
    }

    public static float ReadSingle(ref Utf8JsonReader reader, TypeSignature type)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetSingle(out var value))
            {
                return value;
            }

            throw WireText.Invalid(type.ToString(), reader.ValueSpan);
        }

        if (WireText.IsString(reader.TokenType))
        {
            var text = WireText.Utf8(ref reader);
            if (TryParseSpecial(text, out var special))
            {
                return (float)special;
            }

            if (IsNumeric(text) && Utf8Parser.TryParse(text, out float value, out var consumed) && consumed == text.Length)
            {
                return value;
            }

            throw WireText.Invalid(type.ToString(), text);
        }

        throw WireText.WrongToken(type.ToString(), ref reader, "a JSON number");
    }

    public static bool ReadBoolean(ref Utf8JsonReader reader, TypeSignature type)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.String:
            case JsonTokenType.PropertyName:
                var text = WireText.Utf8(ref reader);
                if (text.SequenceEqual("true"u8))
                {
                    return true;
                }

                if (text.SequenceEqual("false"u8))
                {
                    return false;
                }

                throw WireText.Invalid(type.ToString(), text);
            default:
                throw WireText.WrongToken(type.ToString(), ref reader, "true or false");
        }
    }

    /// <summary>
    /// The common integer shape for the page parser's row scanner: a JSON number <c>-?digits</c> (at most 19 digits, no leading
    /// zero) starting at <paramref name="pos"/>, within [<paramref name="min"/>, <paramref name="max"/>] and followed by a byte that
    /// cannot continue it. Returns the index after it, or -1 for anything else (a fraction, an exponent, a numeric string, the bytes
    /// ending inside it, a value out of range), which the general path then decides.
    /// </summary>
    public static int ScanInteger(ReadOnlySpan<byte> s, int pos, long min, long max, out long value)
    {
        value = 0;
        var negative = pos < s.Length && s[pos] == '-';
        var start = negative ? pos + 1 : pos;

        // More than 19 digits may wrap the accumulator; the digit count rejects those.
        ulong magnitude = 0;
        var i = ReadDigits(s, start, ref magnitude);
        var digits = i - start;
        if (digits is < 1 or > 19 || (digits > 1 && s[start] == '0') || i == s.Length || s[i] == '.' || (s[i] | 0x20) == 'e'
            || magnitude > (negative ? 1UL << 63 : (ulong)long.MaxValue))
        {
            return -1;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return value < min || value > max ? -1 : i;
    }

    /// <summary>
    /// The end of a JSON number (strict grammar: <c>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</c>) starting at
    /// <paramref name="pos"/>, or -1 when the text there is not one or the bytes end inside it (it may go on).
    /// </summary>
    public static int ScanJsonNumber(ReadOnlySpan<byte> s, int pos)
    {
        if (pos < s.Length && s[pos] == '-')
        {
            pos++;
        }

        var start = pos;
        pos = SkipDigits(s, pos);
        if (pos == start || (pos - start > 1 && s[start] == '0'))
        {
            return -1;
        }

        if (pos < s.Length && s[pos] == '.')
        {
            var fraction = ++pos;
            pos = SkipDigits(s, pos);
            if (pos == fraction)
            {
                return -1;
            }
        }

        if (pos < s.Length && (s[pos] | 0x20) == 'e')
        {
            pos++;
            if (pos < s.Length && s[pos] is (byte)'+' or (byte)'-')
            {
                pos++;
            }

            var exponent = pos;
            pos = SkipDigits(s, pos);
            if (pos == exponent)
            {
                return -1;
            }
        }

        return pos < s.Length ? pos : -1;
    }

    /// <summary>
    /// Clinger's fast path for a JSON number: when the significant digits fit 2^53 and the decimal exponent is within
    /// ±22, one IEEE multiplication or division of two exact doubles is correctly rounded, so the result equals a full
    /// parse. Anything else (more digits, a larger exponent, an unexpected character) returns <see langword="false"/>
    /// and the caller parses it the general way.
    /// </summary>
    public static bool TryParseExactDouble(ReadOnlySpan<byte> s, out double value) => ScanExactDouble(s, 0, out value) == s.Length;

    /// <summary>
    /// <see cref="TryParseExactDouble"/> for a JSON number starting at <paramref name="i"/> (strict JSON grammar: no leading zero,
    /// digits after a point or an exponent mark): the index after it, or -1 when it is not a number the fast path handles.
    /// </summary>
    public static int ScanExactDouble(ReadOnlySpan<byte> s, int i, out double value)
    {
        value = 0;
        var negative = false;
        if (i < s.Length && s[i] == '-')
        {
            negative = true;
            i++;
        }

        ulong mantissa = 0;
        var digits = 0;
        var exponent = 0;
        var start = i;
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9)
            {
                break;
            }

            if (mantissa != 0 || d != 0)
            {
                if (++digits > 19)
                {
                    return -1;
                }

                mantissa = (mantissa * 10) + d;
            }
        }

        if (i == start || (i - start > 1 && s[start] == '0'))
        {
            return -1;
        }

        if (i < s.Length && s[i] == '.')
        {
            var fractionStart = ++i;
            for (; i < s.Length; i++)
            {
                var d = (uint)(s[i] - '0');
                if (d > 9)
                {
                    break;
                }

                exponent--;
                if (mantissa != 0 || d != 0)
                {
                    if (++digits > 19)
                    {
                        return -1;
                    }

                    mantissa = (mantissa * 10) + d;
                }
            }

            if (i == fractionStart)
            {
                return -1;
            }
        }

        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            i++;
            var negativeExponent = false;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                negativeExponent = s[i] == '-';
                i++;
            }

            var exponentStart = i;
            var e = 0;
            for (; i < s.Length; i++)
            {
                var d = (uint)(s[i] - '0');
                if (d > 9)
                {
                    break;
                }

                if (e < 100_000)
                {
                    e = (e * 10) + (int)d;
                }
            }

            if (i == exponentStart)
            {
                return -1;
            }

            exponent += negativeExponent ? -e : e;
        }

        if (mantissa > (1UL << 53))
        {
            return -1;
        }

        double result = mantissa;
        if (mantissa == 0 || exponent == 0)
        {
            // Zero is exact whatever the exponent.
        }
        else if (exponent > 0 && exponent <= 22)
        {
            result *= s_exactPowersOf10[exponent];
        }
        else if (exponent < 0 && exponent >= -22)
        {
            result /= s_exactPowersOf10[-exponent];
        }
        else
        {
            return -1;
        }

        value = negative ? -result : result;
        return i;
    }

    /// <summary>
    /// Appends the run of ASCII digits at <paramref name="i"/> to <paramref name="value"/> (times ten plus the digit, each; past
    /// 19 digits it wraps, so the caller checks the count) and returns the index after the run.
    /// </summary>
    public static int ReadDigits(ReadOnlySpan<byte> s, int i, ref ulong value)
    {
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9)
            {
                break;
            }

            value = (value * 10) + d;
        }

        return i;
    }

    private static int SkipDigits(ReadOnlySpan<byte> s, int pos)
    {
        while (pos < s.Length && TemporalParser.IsDigit(s[pos]))
        {
            pos++;
        }

        return pos;
    }

    /// <summary>JSON-number-like text (digits, sign, point, exponent) — rejects what Utf8Parser would take loosely.</summary>
    private static bool IsNumeric(ReadOnlySpan<byte> text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (!(TemporalParser.IsDigit(b) || b is (byte)'-' or (byte)'+' or (byte)'.' or (byte)'e' or (byte)'E'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseSpecial(ReadOnlySpan<byte> text, out double value)
    {
        if (text.SequenceEqual("NaN"u8))
        {
            value = double.NaN;
            return true;
        }

        if (text.SequenceEqual("Infinity"u8) || text.SequenceEqual("+Infinity"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (text.SequenceEqual("-Infinity"u8))
        {
            value = double.NegativeInfinity;
            return true;
        }

        value = 0;
        return false;
    }
}
