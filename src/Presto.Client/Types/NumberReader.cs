using System;
using System.Buffers.Text;
using System.Text.Json;

namespace Presto.Types;

/// <summary>Reads JSON numbers (and numeric strings, as map keys and the Java client allow) without allocating.</summary>
internal static class NumberReader
{
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
            if (reader.TryGetDouble(out var value))
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
