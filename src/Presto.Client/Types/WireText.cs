using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Presto.Types;

/// <summary>Token helpers shared by the decoders: UTF-8 views of string tokens, raw text, and bounded error messages.</summary>
internal static class WireText
{
    /// <summary>Longest offending text quoted in an error message.</summary>
    private const int MaxQuoted = 100;

    /// <summary>String contents up to this many bytes are checked byte by byte before a vectorised search takes over.</summary>
    private const int ShortString = 32;

#if NET8_0_OR_GREATER
    /// <summary>Bytes a JSON string holds as themselves: printable ASCII (DEL included) but the quote and the backslash.</summary>
    private static readonly SearchValues<byte> s_plainAscii = SearchValues.Create(PlainAscii());

    /// <summary>Bytes that end the plain part of a JSON string: the quote, the backslash and the control characters.</summary>
    private static readonly SearchValues<byte> s_stringSpecials = SearchValues.Create(StringSpecials());

    private static byte[] PlainAscii()
    {
        var bytes = new List<byte>();
        for (var b = 0x20; b < 0x80; b++)
        {
            if (b is not '"' and not '\\')
            {
                bytes.Add((byte)b);
            }
        }

        return bytes.ToArray();
    }

    private static byte[] StringSpecials()
    {
        var bytes = new List<byte> { (byte)'"', (byte)'\\' };
        for (var b = 0; b < 0x20; b++)
        {
            bytes.Add((byte)b);
        }

        return bytes.ToArray();
    }
#endif

    /// <summary>A JSON string value, or a property name (map keys are decoded from the name token).</summary>
    public static bool IsString(JsonTokenType type) => type is JsonTokenType.String or JsonTokenType.PropertyName;

    /// <summary>
    /// The unescaped UTF-8 content of a string token (or property name): the token bytes themselves when not escaped
    /// (no allocation), else a decoded copy.
    /// </summary>
    public static ReadOnlySpan<byte> Utf8(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return reader.ValueSpan;
        }

        return Encoding.UTF8.GetBytes(reader.GetString()!);
    }

    /// <summary>The index after <paramref name="literal"/> when the bytes at <paramref name="pos"/> are that literal, else -1.</summary>
    public static int ScanLiteral(ReadOnlySpan<byte> span, int pos, ReadOnlySpan<byte> literal) =>
        span.Length - pos >= literal.Length && span.Slice(pos, literal.Length).SequenceEqual(literal) ? pos + literal.Length : -1;

    /// <summary>
    /// A JSON string at <paramref name="pos"/> whose content needs no decoding: no escapes, no control characters, valid UTF-8
    /// (on .NET Standard 2.0: ASCII). Returns the index after its closing quote, or -1 for any other string, any other token, or
    /// a string the bytes end inside. <paramref name="ascii"/> tells whether the content is all ASCII.
    /// </summary>
    public static int ScanPlainString(ReadOnlySpan<byte> span, int pos, out bool ascii)
    {
        ascii = true;
        if (span[pos] != '"')
        {
            return -1;
        }

        var content = span.Slice(pos + 1);
#if NET8_0_OR_GREATER
        // Most cells are short: byte by byte first, which costs less than setting up a vectorised search for a dozen bytes.
        var shortEnd = Math.Min(content.Length, ShortString);
        var i = 0;
        while (i < shortEnd && content[i] - 0x20u < 0x60u && content[i] is not (byte)'"' and not (byte)'\\')
        {
            i++;
        }

        if (i == shortEnd)
        {
            var rest = content.Slice(i).IndexOfAnyExcept(s_plainAscii);
            if (rest < 0)
            {
                return -1;
            }

            i += rest;
        }

        if (content[i] == '"')
        {
            return pos + i + 2;
        }

        if (content[i] < 0x80)
        {
            return -1;
        }

        ascii = false;
        var end = content.IndexOfAny(s_stringSpecials);
        return end >= 0 && content[end] == '"' && System.Text.Unicode.Utf8.IsValid(content.Slice(i, end - i)) ? pos + end + 2 : -1;
#else
        for (var i = 0; i < content.Length; i++)
        {
            var b = content[i];
            if (b == '"')
            {
                return pos + i + 2;
            }

            if (b is < 0x20 or >= 0x80 || b == '\\')
            {
                return -1;
            }
        }

        return -1;
#endif
    }

    /// <summary>
    /// A JSON string at <paramref name="pos"/> with escapes, decoded when every escape is well formed (<c>\" \\ \/ \b \f \n \r \t</c>,
    /// <c>\uXXXX</c> with surrogates in pairs), no control character is raw and the raw bytes are valid UTF-8 (on .NET Standard
    /// 2.0: ASCII). Returns the index after the closing quote, or -1 for anything else, which the reader then decides (the same
    /// text the reader's <c>GetString</c> gives, or its error).
    /// </summary>
    public static int ScanEscapedString(ReadOnlySpan<byte> span, int pos, out string? value)
    {
        value = null;
        if (span[pos] != '"')
        {
            return -1;
        }

        // The closing quote is the first one no backslash escapes; what follows a backslash is checked while decoding.
        var content = span.Slice(pos + 1);
        var length = -1;
        for (var i = 0; i < content.Length; i++)
        {
            var b = content[i];
            if (b == '"')
            {
                length = i;
                break;
            }

            if (b == '\\')
            {
                i++;
            }
            else if (b < 0x20)
            {
                return -1;
            }
        }

        if (length < 0)
        {
            return -1;
        }

        // UTF-16 never needs more units than the UTF-8 bytes or the escapes it comes from.
        char[]? rented = null;
        var chars = length <= 256 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var written = Unescape(content.Slice(0, length), chars);
            if (written < 0)
            {
                return -1;
            }

            value = chars.Slice(0, written).ToString();
            return pos + length + 2;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The UTF-8 content of a string token; a <see cref="FormatException"/> naming the type for any other token.</summary>
    public static ReadOnlySpan<byte> StringUtf8(ref Utf8JsonReader reader, TypeSignature type)
    {
        if (!IsString(reader.TokenType))
        {
            throw WrongToken(type.ToString(), ref reader, "a JSON string");
        }

        return Utf8(ref reader);
    }

    /// <summary>The wire text of the current token: string content, or the exact raw JSON of anything else (containers included).</summary>
    public static string RawText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
            case JsonTokenType.PropertyName:
                return reader.GetString()!;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    return document.RootElement.GetRawText();
                }

            default:
                return ToString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        }
    }

    /// <summary>UTF-8 bytes to a string.</summary>
    public static string ToString(ReadOnlySpan<byte> utf8) => utf8.Length == 0 ? string.Empty : Encoding.UTF8.GetString(utf8.ToArray());

    /// <summary>ASCII bytes of <paramref name="text"/>, or <see langword="null"/> when it has non-ASCII characters.</summary>
    public static byte[]? ToAscii(string text)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c > 127)
            {
                return null;
            }

            bytes[i] = (byte)c;
        }

        return bytes;
    }

    /// <summary>Decodes escaped JSON string content into <paramref name="chars"/>; the number of chars, or -1 for anything not well formed.</summary>
    private static int Unescape(ReadOnlySpan<byte> content, Span<char> chars)
    {
        var written = 0;
        var i = 0;
        while (i < content.Length)
        {
            var run = content.Slice(i);
            var raw = run.IndexOf((byte)'\\');
            raw = raw < 0 ? run.Length : raw;
            if (raw > 0)
            {
#if NET8_0_OR_GREATER
                if (System.Text.Unicode.Utf8.ToUtf16(run.Slice(0, raw), chars.Slice(written), out _, out var units, replaceInvalidSequences: false) != OperationStatus.Done)
                {
                    return -1;
                }

                written += units;
#else
                foreach (var b in run.Slice(0, raw))
                {
                    if (b >= 0x80)
                    {
                        return -1;
                    }

                    chars[written++] = (char)b;
                }
#endif
                i += raw;
                continue;
            }

            if (i + 1 == content.Length)
            {
                return -1;
            }

            char c;
            switch (content[i + 1])
            {
                case (byte)'"':
                    c = '"';
                    break;
                case (byte)'\\':
                    c = '\\';
                    break;
                case (byte)'/':
                    c = '/';
                    break;
                case (byte)'b':
                    c = '\b';
                    break;
                case (byte)'f':
                    c = '\f';
                    break;
                case (byte)'n':
                    c = '\n';
                    break;
                case (byte)'r':
                    c = '\r';
                    break;
                case (byte)'t':
                    c = '\t';
                    break;
                case (byte)'u':
                    if (!TryReadUnit(content, i, out c) || char.IsLowSurrogate(c))
                    {
                        return -1;
                    }

                    if (char.IsHighSurrogate(c))
                    {
                        // Only a pair: a lone surrogate is left to the reader.
                        if (!TryReadUnit(content, i + 6, out var low) || !char.IsLowSurrogate(low))
                        {
                            return -1;
                        }

                        chars[written++] = c;
                        c = low;
                        i += 6;
                    }

                    i += 4;
                    break;
                default:
                    return -1;
            }

            chars[written++] = c;
            i += 2;
        }

        return written;
    }

    /// <summary>The UTF-16 unit of the <c>\uXXXX</c> escape at <paramref name="i"/>.</summary>
    private static bool TryReadUnit(ReadOnlySpan<byte> content, int i, out char unit)
    {
        unit = '\0';
        if (content.Length - i < 6 || content[i] != '\\' || content[i + 1] != 'u')
        {
            return false;
        }

        var value = 0;
        for (var k = i + 2; k < i + 6; k++)
        {
            var b = content[k];
            var digit = b is >= (byte)'0' and <= (byte)'9' ? b - '0' : (b | 0x20) is >= 'a' and <= 'f' ? (b | 0x20) - 'a' + 10 : -1;
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        unit = (char)value;
        return true;
    }

    /// <summary>A <see cref="FormatException"/> naming the type and the (bounded) offending text.</summary>
    public static FormatException Invalid(string typeName, ReadOnlySpan<byte> text, string? detail = null) =>
        Invalid(typeName, ToString(text.Length > MaxQuoted * 4 ? text.Slice(0, MaxQuoted * 4) : text), detail);

    /// <summary>A <see cref="FormatException"/> naming the type and the (bounded) offending text.</summary>
    public static FormatException Invalid(string typeName, string text, string? detail = null)
    {
        if (text.Length > MaxQuoted)
        {
            text = text.Substring(0, MaxQuoted) + "...";
        }

        var message = "Invalid " + typeName + " value '" + text + "'" + (detail is null ? "." : ": " + detail + ".");
        return new FormatException(message);
    }

    /// <summary>A <see cref="FormatException"/> for a token of the wrong JSON kind.</summary>
    public static FormatException WrongToken(string typeName, ref Utf8JsonReader reader, string expected)
    {
        string text;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                text = "{...}";
                break;
            case JsonTokenType.StartArray:
                text = "[...]";
                break;
            case JsonTokenType.String:
            case JsonTokenType.PropertyName:
                text = "\"" + reader.GetString() + "\"";
                break;
            default:
                text = ToString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                break;
        }

        return Invalid(typeName, text, "expected " + expected + ", got a JSON " + reader.TokenType.ToString());
    }
}
