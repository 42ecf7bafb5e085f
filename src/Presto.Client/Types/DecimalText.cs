using System;
using System.Globalization;
using System.Numerics;

namespace Presto.Types;

/// <summary>Parses plain decimal text (<c>[+-]digits[.digits]</c>) exactly, without allocation on the <see cref="decimal"/> path.</summary>
internal static class DecimalText
{
    /// <summary>Outcome of <see cref="TryParseDecimal"/>.</summary>
    public enum Result
    {
        /// <summary>Parsed; the value is exact.</summary>
        Ok,

        /// <summary>Well formed but more precise or larger than <see cref="decimal"/> holds.</summary>
        DoesNotFit,

        /// <summary>Not plain decimal text.</summary>
        Malformed,
    }

    /// <summary>Checks the shape and finds the sign, digit range and the position of the point (-1 when absent).</summary>
    public static bool TryScan(ReadOnlySpan<byte> s, out bool negative, out int start, out int point)
    {
        negative = false;
        start = 0;
        point = -1;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            start = 1;
        }

        var intDigits = 0;
        var fracDigits = 0;
        for (var i = start; i < s.Length; i++)
        {
            var b = s[i];
            if (TemporalParser.IsDigit(b))
            {
                if (point < 0)
                {
                    intDigits++;
                }
                else
                {
                    fracDigits++;
                }
            }
            else if (b == '.' && point < 0)
            {
                point = i;
            }
            else
            {
                return false;
            }
        }

        return intDigits > 0 && (point < 0 || fracDigits > 0);
    }

    /// <summary>
    /// The common case in one pass: <c>[+-]digits[.digits]</c> with at most 18 digits becomes a <see cref="decimal"/> with the
    /// text's scale (<c>1.50</c> stays <c>1.50</c>). <see langword="false"/> for anything else, which
    /// <see cref="TryParseDecimal"/> then handles (or rejects).
    /// </summary>
    public static bool TryParseSmall(ReadOnlySpan<byte> s, out decimal value) => ScanSmall(s, 0, out value) == s.Length;

    /// <summary>
    /// <see cref="TryParseSmall"/> for text starting at <paramref name="i"/>: the index of the first byte after the number (the
    /// caller checks what follows), or -1 when the text there is not the common shape.
    /// </summary>
    public static int ScanSmall(ReadOnlySpan<byte> s, int i, out decimal value)
    {
        value = 0;
        var negative = false;
        if (i < s.Length && (s[i] == '-' || s[i] == '+'))
        {
            negative = s[i] == '-';
            i++;
        }

        ulong unscaled = 0;
        var start = i;
        i = NumberReader.ReadDigits(s, i, ref unscaled);
        var digits = i - start;
        if (digits == 0)
        {
            return -1;
        }

        var scale = 0;
        if (i < s.Length && s[i] == '.')
        {
            var fractionStart = ++i;
            i = NumberReader.ReadDigits(s, i, ref unscaled);
            scale = i - fractionStart;
            if (scale == 0)
            {
                return -1;
            }

            digits += scale;
        }

        // At most 18 digits: the unscaled value cannot have wrapped.
        if (digits > 18)
        {
            return -1;
        }

        value = new decimal((int)(uint)unscaled, (int)(uint)(unscaled >> 32), 0, negative && unscaled != 0, (byte)scale);
        return i;
    }

    /// <summary>Parses into a <see cref="decimal"/> when the value fits exactly (trailing fraction zeros are dropped only when needed to fit).</summary>
    public static Result TryParseDecimal(ReadOnlySpan<byte> s, out decimal value)
    {
        value = 0;
        if (!TryScan(s, out var negative, out var start, out var point))
        {
            return Result.Malformed;
        }

        var end = s.Length;
        var scale = point < 0 ? 0 : end - point - 1;

        // First significant digit.
        var first = start;
        while (first < end && (s[first] == '0' || s[first] == '.'))
        {
            first++;
        }

        var significant = first >= end ? 0 : end - first - (point > first ? 1 : 0);
        while ((scale > 28 || significant > 29) && scale > 0 && s[end - 1] == '0')
        {
            end--;
            scale--;
            significant = Math.Max(0, significant - 1);
        }

        if (scale > 28 || significant > 29)
        {
            return Result.DoesNotFit;
        }

        ulong low = 0;
        uint high = 0;
        for (var i = start; i < end; i++)
        {
            var b = s[i];
            if (b == '.')
            {
                continue;
            }

            var lo32 = ((low & 0xFFFFFFFF) * 10) + (ulong)(b - '0');
            var hi32 = ((low >> 32) * 10) + (lo32 >> 32);
            low = (hi32 << 32) | (lo32 & 0xFFFFFFFF);
            var h = ((ulong)high * 10) + (hi32 >> 32);
            if (h > uint.MaxValue)
            {
                return Result.DoesNotFit;
            }

            high = (uint)h;
        }

        var isZero = low == 0 && high == 0;
        value = new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)high, negative && !isZero, (byte)scale);
        return Result.Ok;
    }

    /// <summary>Parses exactly into an unscaled <see cref="BigInteger"/> and a scale.</summary>
    public static bool TryParseBig(ReadOnlySpan<byte> s, out BigInteger unscaled, out int scale)
    {
        unscaled = BigInteger.Zero;
        scale = 0;
        if (!TryScan(s, out var negative, out var start, out var point))
        {
            return false;
        }

        scale = point < 0 ? 0 : s.Length - point - 1;
        var digits = new char[s.Length - start - (point < 0 ? 0 : 1)];
        var n = 0;
        for (var i = start; i < s.Length; i++)
        {
            if (s[i] != '.')
            {
                digits[n++] = (char)s[i];
            }
        }

        if (n <= 18)
        {
            long small = 0;
            for (var i = 0; i < n; i++)
            {
                small = (small * 10) + (digits[i] - '0');
            }

            unscaled = small;
        }
        else
        {
            unscaled = BigInteger.Parse(new string(digits, 0, n), NumberStyles.None, CultureInfo.InvariantCulture);
        }

        if (negative)
        {
            unscaled = -unscaled;
        }

        return true;
    }
}
