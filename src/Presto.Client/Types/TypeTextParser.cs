using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Presto.Types;

/// <summary>
/// Recursive-descent parser for type strings: <c>decimal(10, 6)</c>, <c>map(varchar(3),array(bigint))</c>,
/// <c>row(x bigint, "a b" double)</c>, <c>row(bigint, varchar)</c>, <c>timestamp(3) with time zone</c>,
/// <c>interval day to second</c>, <c>timestamp microseconds</c>. Produces the same <see cref="TypeSignature"/> as the JSON form.
/// </summary>
internal sealed class TypeTextParser
{
    private static readonly HashSet<string> s_lowerCaseNames = new(StringComparer.Ordinal)
    {
        "array", "map", "row", "boolean", "tinyint", "smallint", "integer", "bigint", "real", "double", "decimal", "number",
        "varchar", "char", "varbinary", "json", "json2016", "date", "uuid", "ipaddress", "ipprefix", "unknown", "qdigest",
        "tdigest", "kllsketch", "color",
    };

    private readonly string _text;
    private int _pos;

    private TypeTextParser(string text) => _text = text;

    private bool AtEnd => _pos >= _text.Length;

    private char Current => _pos < _text.Length ? _text[_pos] : '\0';

    public static TypeSignature Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var parser = new TypeTextParser(text);
        var type = parser.ParseType(0);
        parser.SkipWhitespace();
        if (!parser.AtEnd)
        {
            throw parser.Error("unexpected text after the type");
        }

        return type;
    }

    /// <summary>Whether <paramref name="name"/> can be written unquoted as a row field name.</summary>
    public static bool IsPlainIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsIdentifierPart(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$';

    private TypeSignature ParseType(int depth)
    {
        if (depth > TypeSignatureParser.MaxDepth)
        {
            throw Error("the type is nested deeper than " + TypeSignatureParser.MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
        }

        SkipWhitespace();
        var word = ReadWord("a type name");
        var lower = word.ToLowerInvariant();
        switch (lower)
        {
            case "time":
            case "timestamp":
                return ParseDateTime(lower);
            case "interval":
                if (TryKeyword("day"))
                {
                    ExpectKeyword("to");
                    ExpectKeyword("second");
                    return new TypeSignature("interval day to second");
                }

                if (TryKeyword("year"))
                {
                    ExpectKeyword("to");
                    ExpectKeyword("month");
                    return new TypeSignature("interval year to month");
                }

                throw Error("expected 'day to second' or 'year to month' after 'interval'");
            case "double":
                TryKeyword("precision");
                return new TypeSignature("double");
        }

        var rawType = s_lowerCaseNames.Contains(lower) ? lower : word;
        var save = _pos;
        SkipWhitespace();
        if (Current != '(')
        {
            _pos = save;
            return new TypeSignature(rawType);
        }

        _pos++;
        var arguments = new List<TypeArgument>();
        var isRow = string.Equals(rawType, "row", StringComparison.Ordinal);
        while (true)
        {
            arguments.Add(isRow ? ParseField(depth) : ParseArgument(depth));
            SkipWhitespace();
            if (Current == ',')
            {
                _pos++;
                continue;
            }

            Expect(')');
            break;
        }

        return new TypeSignature(rawType, arguments);
    }

    private TypeSignature ParseDateTime(string lower)
    {
        var precision = TryParenthesizedLong();
        if (TryKeyword("with"))
        {
            ExpectKeyword("time");
            ExpectKeyword("zone");

            // The rawType form "timestamp with time zone(6)".
            precision ??= TryParenthesizedLong();
            return Create(lower + " with time zone", precision);
        }

        if (TryKeyword("without"))
        {
            ExpectKeyword("time");
            ExpectKeyword("zone");
        }
        else if (precision is null && lower == "timestamp" && TryKeyword("microseconds"))
        {
            return new TypeSignature("timestamp microseconds");
        }

        return Create(lower, precision);

        static TypeSignature Create(string rawType, long? precision) =>
            new(rawType, precision is null ? null : [new TypeArgument.Long(precision.Value)]);
    }

    private TypeArgument ParseArgument(int depth)
    {
        SkipWhitespace();
        if (char.IsDigit(Current) || Current == '-')
        {
            return new TypeArgument.Long(ReadLong());
        }

        return new TypeArgument.Type(ParseType(depth + 1));
    }

    private TypeArgument ParseField(int depth)
    {
        SkipWhitespace();
        if (Current == '"')
        {
            var quoted = ReadQuotedIdentifier();
            return new TypeArgument.NamedType(quoted, ParseType(depth + 1));
        }

        // Anonymous field ("row(bigint, varchar)") when a whole type is followed by ',' or ')';
        // otherwise the first word is the field name ("row(x bigint)", "row(time time)").
        var save = _pos;
        try
        {
            var anonymous = ParseType(depth + 1);
            SkipWhitespace();
            if (Current is ',' or ')')
            {
                return new TypeArgument.NamedType(null, anonymous);
            }
        }
        catch (FormatException)
        {
        }

        _pos = save;
        var name = ReadWord("a row field name");
        return new TypeArgument.NamedType(name, ParseType(depth + 1));
    }

    private long? TryParenthesizedLong()
    {
        var save = _pos;
        SkipWhitespace();
        if (Current != '(')
        {
            _pos = save;
            return null;
        }

        _pos++;
        SkipWhitespace();
        var value = ReadLong();
        SkipWhitespace();
        Expect(')');
        return value;
    }

    private long ReadLong()
    {
        var start = _pos;
        if (Current == '-')
        {
            _pos++;
        }

        while (!AtEnd && char.IsDigit(Current) && Current <= '9')
        {
            _pos++;
        }

        if (!long.TryParse(_text.Substring(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            _pos = start;
            throw Error("expected a number");
        }

        return value;
    }

    private string ReadWord(string what)
    {
        SkipWhitespace();
        var start = _pos;
        while (!AtEnd && IsIdentifierPart(Current))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error(AtEnd ? "expected " + what + " but the text ended" : "expected " + what);
        }

        return _text.Substring(start, _pos - start);
    }

    private string ReadQuotedIdentifier()
    {
        var builder = new StringBuilder();
        _pos++;
        while (true)
        {
            if (AtEnd)
            {
                throw Error("unterminated quoted identifier");
            }

            var c = _text[_pos++];
            if (c == '"')
            {
                if (Current == '"')
                {
                    builder.Append('"');
                    _pos++;
                    continue;
                }

                return builder.ToString();
            }

            builder.Append(c);
        }
    }

    private bool TryKeyword(string keyword)
    {
        var save = _pos;
        SkipWhitespace();
        var start = _pos;
        while (!AtEnd && IsIdentifierPart(Current))
        {
            _pos++;
        }

        if (_pos - start == keyword.Length && string.Compare(_text, start, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return true;
        }

        _pos = save;
        return false;
    }

    private void ExpectKeyword(string keyword)
    {
        if (!TryKeyword(keyword))
        {
            throw Error("expected '" + keyword + "'");
        }
    }

    private void Expect(char c)
    {
        SkipWhitespace();
        if (Current != c || AtEnd)
        {
            throw Error(AtEnd ? "expected '" + c + "' but the text ended" : "expected '" + c + "'");
        }

        _pos++;
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private FormatException Error(string message)
    {
        var shown = _text.Length > 100 ? _text.Substring(0, 100) + "..." : _text;
        return new FormatException("Invalid type '" + shown + "' at position " + _pos.ToString(CultureInfo.InvariantCulture) + ": " + message + ".");
    }
}
