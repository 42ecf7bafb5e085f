using System;
using System.Collections.Generic;
using System.Globalization;

namespace Presto.Testing.Types;

/// <summary>Recursive-descent parser for Presto/Trino type text. Every failure is a <see cref="FormatException"/>.</summary>
internal sealed class PrestoTypeParser
{
    private const int MaxDepth = 200;

    private static readonly Dictionary<string, (TypeKind Kind, string RawType)> s_simpleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["boolean"] = (TypeKind.Boolean, "boolean"),
        ["tinyint"] = (TypeKind.TinyInt, "tinyint"),
        ["smallint"] = (TypeKind.SmallInt, "smallint"),
        ["integer"] = (TypeKind.Integer, "integer"),
        ["int"] = (TypeKind.Integer, "integer"),
        ["bigint"] = (TypeKind.BigInt, "bigint"),
        ["real"] = (TypeKind.Real, "real"),
        ["double"] = (TypeKind.Double, "double"),
        ["varbinary"] = (TypeKind.Varbinary, "varbinary"),
        ["json"] = (TypeKind.Json, "json"),
        ["date"] = (TypeKind.Date, "date"),
        ["uuid"] = (TypeKind.Uuid, "uuid"),
        ["ipaddress"] = (TypeKind.IpAddress, "ipaddress"),
        ["ipprefix"] = (TypeKind.IpPrefix, "ipprefix"),
        ["HyperLogLog"] = (TypeKind.Sketch, "HyperLogLog"),
        ["P4HyperLogLog"] = (TypeKind.Sketch, "P4HyperLogLog"),
        ["KHyperLogLog"] = (TypeKind.Sketch, "KHyperLogLog"),
        ["tdigest"] = (TypeKind.Sketch, "tdigest"),
        ["SetDigest"] = (TypeKind.Sketch, "SetDigest"),
        ["Geometry"] = (TypeKind.Geometry, "Geometry"),
        ["SphericalGeography"] = (TypeKind.Geometry, "SphericalGeography"),
        ["BingTile"] = (TypeKind.BingTile, "BingTile"),
        ["KdbTree"] = (TypeKind.KdbTree, "KdbTree"),
        ["color"] = (TypeKind.Color, "color"),
        ["unknown"] = (TypeKind.Unknown, "unknown"),
        ["json2016"] = (TypeKind.Json2016, "json2016"),
        ["number"] = (TypeKind.Number, "number"),
    };

    private readonly string _text;
    private int _pos;

    private PrestoTypeParser(string text) => _text = text;

    private bool AtEnd => _pos >= _text.Length;

    private char Current => _pos < _text.Length ? _text[_pos] : '\0';

    public static PrestoType Parse(string text)
    {
        if (text is null)
        {
            throw new FormatException("Type text must not be null.");
        }

        var parser = new PrestoTypeParser(text);
        parser.SkipWhitespace();
        if (parser.AtEnd)
        {
            throw new FormatException("Type text is empty.");
        }

        PrestoType type = parser.ParseType(0);
        parser.SkipWhitespace();
        if (!parser.AtEnd)
        {
            throw parser.Error("unexpected text after the type");
        }

        return type;
    }

    /// <summary>Whether <paramref name="name"/> can be written unquoted: <c>[A-Za-z_][A-Za-z0-9_]*</c>.</summary>
    public static bool IsPlainIdentifier(string name)
    {
        if (name.Length == 0 || !(IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(IsAsciiLetter(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private PrestoType ParseType(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("type is nested too deeply");
        }

        SkipWhitespace();
        int start = _pos;
        string word = ReadIdentifier("a type name");
        string lower = word.ToLowerInvariant();
        switch (lower)
        {
            case "time":
            case "timestamp":
                return ParseDateTime(lower);
            case "interval":
                return ParseInterval();
            case "row":
                return ParseRow(depth, start);
            case "double":
                TryKeyword("precision");
                break;
        }

        List<TypeParameter>? parameters = null;
        SkipWhitespace();
        if (Current == '(')
        {
            _pos++;
            parameters = [];
            while (true)
            {
                SkipWhitespace();
                char c = Current;
                if (char.IsAsciiDigit(c) || c == '-' || c == '+')
                {
                    parameters.Add(TypeParameter.OfLong(ReadLong()));
                }
                else
                {
                    parameters.Add(TypeParameter.OfType(ParseType(depth + 1)));
                }

                SkipWhitespace();
                if (Current == ',')
                {
                    _pos++;
                    continue;
                }

                Expect(')');
                break;
            }
        }

        return Build(word, lower, parameters, start);
    }

    private PrestoType Build(string word, string lower, List<TypeParameter>? parameters, int start)
    {
        int count = parameters?.Count ?? 0;
        switch (lower)
        {
            case "varchar":
            {
                long length = count == 0 ? PrestoType.UnboundedVarcharLength : SingleLong(parameters!, word, start);
                if (length < 0 || length > PrestoType.UnboundedVarcharLength)
                {
                    throw ErrorAt(start, $"varchar length must be in 0..{PrestoType.UnboundedVarcharLength}, got {length.ToString(CultureInfo.InvariantCulture)}");
                }

                return PrestoType.Create(TypeKind.Varchar, "varchar", [TypeParameter.OfLong(length)]);
            }

            case "char":
            {
                long length = count == 0 ? 1 : SingleLong(parameters!, word, start);
                if (length < 1 || length > 65536)
                {
                    throw ErrorAt(start, $"char length must be in 1..65536, got {length.ToString(CultureInfo.InvariantCulture)}");
                }

                return PrestoType.Create(TypeKind.Char, "char", [TypeParameter.OfLong(length)]);
            }

            case "decimal":
            {
                if (count > 2 || (parameters is not null && parameters.Exists(p => p.Kind != TypeParameterKind.Long)))
                {
                    throw ErrorAt(start, "decimal takes at most two integer parameters: decimal(p, s)");
                }

                long precision = count >= 1 ? parameters![0].LongValue : 38;
                long scale = count == 2 ? parameters![1].LongValue : 0;
                if (precision < 1 || precision > 38)
                {
                    throw ErrorAt(start, $"decimal precision must be in 1..38, got {precision.ToString(CultureInfo.InvariantCulture)}");
                }

                if (scale < 0 || scale > precision)
                {
                    throw ErrorAt(start, $"decimal scale must be in 0..{precision.ToString(CultureInfo.InvariantCulture)}, got {scale.ToString(CultureInfo.InvariantCulture)}");
                }

                return PrestoType.Create(TypeKind.Decimal, "decimal", [TypeParameter.OfLong(precision), TypeParameter.OfLong(scale)]);
            }

            case "array":
                return PrestoType.Create(TypeKind.Array, "array", [.. TypeArguments(parameters, 1, word, start)]);
            case "map":
                return PrestoType.Create(TypeKind.Map, "map", [.. TypeArguments(parameters, 2, word, start)]);
            case "qdigest":
                return PrestoType.Create(TypeKind.Sketch, "qdigest", [.. TypeArguments(parameters, 1, word, start)]);
            case "kllsketch":
                return PrestoType.Create(TypeKind.Sketch, "kllsketch", [.. TypeArguments(parameters, 1, word, start)]);
        }

        if (s_simpleTypes.TryGetValue(word, out (TypeKind Kind, string RawType) simple))
        {
            if (parameters is not null)
            {
                throw ErrorAt(start, $"type {simple.RawType} takes no parameters");
            }

            return PrestoType.Create(simple.Kind, simple.RawType, []);
        }

        // Future or plugin type: kept as written, parameters and all.
        return PrestoType.Create(TypeKind.Other, word, parameters is null ? [] : [.. parameters]);
    }

    private List<TypeParameter> TypeArguments(List<TypeParameter>? parameters, int expected, string word, int start)
    {
        if (parameters is null || parameters.Count != expected || parameters.Exists(p => p.Kind != TypeParameterKind.Type))
        {
            throw ErrorAt(start, expected == 1 ? $"{word} takes exactly one type parameter" : $"{word} takes exactly {expected.ToString(CultureInfo.InvariantCulture)} type parameters");
        }

        return parameters;
    }

    private long SingleLong(List<TypeParameter> parameters, string word, int start)
    {
        if (parameters.Count != 1 || parameters[0].Kind != TypeParameterKind.Long)
        {
            throw ErrorAt(start, $"{word} takes one integer parameter");
        }

        return parameters[0].LongValue;
    }

    private PrestoType ParseDateTime(string lower)
    {
        int start = _pos - lower.Length;
        long? precision = null;
        SkipWhitespace();
        if (Current == '(')
        {
            _pos++;
            SkipWhitespace();
            precision = ReadLong();
            SkipWhitespace();
            Expect(')');
        }

        bool withTimeZone = false;
        if (TryKeyword("with"))
        {
            ExpectKeyword("time");
            ExpectKeyword("zone");
            withTimeZone = true;
        }
        else if (TryKeyword("without"))
        {
            ExpectKeyword("time");
            ExpectKeyword("zone");
        }
        else if (precision is null && lower == "timestamp" && TryKeyword("microseconds"))
        {
            return PrestoType.Create(TypeKind.TimestampMicroseconds, "timestamp microseconds", []);
        }

        // The rawType form "timestamp with time zone(6)".
        if (withTimeZone && precision is null)
        {
            int save = _pos;
            SkipWhitespace();
            if (Current == '(')
            {
                _pos++;
                SkipWhitespace();
                precision = ReadLong();
                SkipWhitespace();
                Expect(')');
            }
            else
            {
                _pos = save;
            }
        }

        long p = precision ?? PrestoType.DefaultDateTimePrecision;
        if (p < 0 || p > 12)
        {
            throw ErrorAt(start, $"{lower} precision must be in 0..12, got {p.ToString(CultureInfo.InvariantCulture)}");
        }

        TypeKind kind = lower == "time"
            ? (withTimeZone ? TypeKind.TimeWithTimeZone : TypeKind.Time)
            : (withTimeZone ? TypeKind.TimestampWithTimeZone : TypeKind.Timestamp);
        string rawType = withTimeZone ? lower + " with time zone" : lower;
        return PrestoType.Create(kind, rawType, [TypeParameter.OfLong(p)]);
    }

    private PrestoType ParseInterval()
    {
        if (TryKeyword("day"))
        {
            ExpectKeyword("to");
            ExpectKeyword("second");
            return PrestoType.Create(TypeKind.IntervalDayToSecond, "interval day to second", []);
        }

        if (TryKeyword("year"))
        {
            ExpectKeyword("to");
            ExpectKeyword("month");
            return PrestoType.Create(TypeKind.IntervalYearToMonth, "interval year to month", []);
        }

        throw Error("expected 'day to second' or 'year to month' after 'interval'");
    }

    private PrestoType ParseRow(int depth, int start)
    {
        SkipWhitespace();
        if (Current != '(')
        {
            throw ErrorAt(start, "row needs at least one field: row(name type, ...)");
        }

        _pos++;
        var fields = new List<TypeParameter>();
        while (true)
        {
            SkipWhitespace();
            if (Current == '"')
            {
                string name = ReadQuotedIdentifier();
                fields.Add(TypeParameter.OfField(name, ParseType(depth + 1), isDelimited: true));
            }
            else if (Current == ')' && fields.Count == 0)
            {
                throw Error("row needs at least one field");
            }
            else
            {
                // Anonymous field ("row(bigint, varchar)") when a whole type is followed by ',' or ')';
                // otherwise the first identifier is the field name ("row(time time)").
                int save = _pos;
                PrestoType? anonymous = null;
                try
                {
                    anonymous = ParseType(depth + 1);
                    SkipWhitespace();
                    if (Current != ',' && Current != ')')
                    {
                        anonymous = null;
                    }
                }
                catch (FormatException)
                {
                    anonymous = null;
                }

                if (anonymous is not null)
                {
                    fields.Add(TypeParameter.OfField(null, anonymous));
                }
                else
                {
                    _pos = save;
                    string name = ReadIdentifier("a row field name or type");
                    fields.Add(TypeParameter.OfField(name, ParseType(depth + 1)));
                }
            }

            SkipWhitespace();
            if (Current == ',')
            {
                _pos++;
                continue;
            }

            Expect(')');
            break;
        }

        return PrestoType.Create(TypeKind.Row, "row", [.. fields]);
    }

    private string ReadIdentifier(string what)
    {
        SkipWhitespace();
        int start = _pos;
        if (AtEnd || !IsIdentifierStart(_text[_pos]))
        {
            throw Error(AtEnd ? $"expected {what} but the text ended" : $"expected {what}");
        }

        _pos++;
        while (!AtEnd && IsIdentifierPart(_text[_pos]))
        {
            _pos++;
        }

        return _text.Substring(start, _pos - start);
    }

    private string ReadQuotedIdentifier()
    {
        int start = _pos;
        _pos++; // opening quote
        var builder = new System.Text.StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw ErrorAt(start, "unterminated quoted field name");
            }

            char c = _text[_pos++];
            if (c == '"')
            {
                if (Current == '"')
                {
                    builder.Append('"');
                    _pos++;
                    continue;
                }

                break;
            }

            builder.Append(c);
        }

        if (builder.Length == 0)
        {
            throw ErrorAt(start, "empty quoted field name");
        }

        return builder.ToString();
    }

    private long ReadLong()
    {
        int start = _pos;
        if (Current is '-' or '+')
        {
            _pos++;
        }

        while (!AtEnd && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        if (!long.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw ErrorAt(start, "expected an integer parameter");
        }

        return value;
    }

    private bool TryKeyword(string keyword)
    {
        int save = _pos;
        SkipWhitespace();
        int end = _pos + keyword.Length;
        if (end <= _text.Length
            && string.Compare(_text, _pos, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (end == _text.Length || !IsIdentifierPart(_text[end])))
        {
            _pos = end;
            return true;
        }

        _pos = save;
        return false;
    }

    private void ExpectKeyword(string keyword)
    {
        if (!TryKeyword(keyword))
        {
            SkipWhitespace();
            throw Error($"expected '{keyword}'");
        }
    }

    private void Expect(char c)
    {
        SkipWhitespace();
        if (Current != c || AtEnd)
        {
            throw Error(AtEnd ? $"expected '{c}' but the text ended" : $"expected '{c}'");
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

    private FormatException Error(string message) => ErrorAt(_pos, message);

    private FormatException ErrorAt(int position, string message) =>
        new($"Invalid Presto type '{_text}': {message} at position {position.ToString(CultureInfo.InvariantCulture)}.");
}
