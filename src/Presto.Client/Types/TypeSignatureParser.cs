using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// Parses type signatures of both dialects (PROTOCOL.md §5.3): Trino <c>TYPE</c>/<c>NAMED_TYPE</c>/<c>LONG</c> and
/// PrestoDB (and Trino &lt; 321) <c>TYPE_SIGNATURE</c>/<c>NAMED_TYPE_SIGNATURE</c>/<c>LONG_LITERAL</c>, where a row field's
/// signature is a type string. Unknown properties are ignored, unknown parameter kinds become <see cref="TypeArgument.Other"/>.
/// </summary>
internal static class TypeSignatureParser
{
    /// <summary>Deepest nesting of types accepted.</summary>
    public const int MaxDepth = 100;

    /// <summary>Parses a <c>typeSignature</c> object (reader on its StartObject; left on its EndObject).</summary>
    /// <exception cref="FormatException">The object is not a type signature.</exception>
    public static TypeSignature ParseJson(ref Utf8JsonReader reader) => ParseJson(ref reader, 0);

    /// <summary>Parses a type string such as <c>map(varchar(3),array(bigint))</c> or <c>row(a integer,b varchar)</c>.</summary>
    /// <exception cref="FormatException">The text is not a type.</exception>
    public static TypeSignature ParseText(string text) => TypeTextParser.Parse(text);

    private static TypeSignature ParseJson(ref Utf8JsonReader reader, int depth)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("A typeSignature must be a JSON object, got " + reader.TokenType.ToString() + ".");
        }

        if (depth > MaxDepth)
        {
            throw new FormatException("The typeSignature is nested deeper than " + MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " levels.");
        }

        string? rawType = null;
        List<TypeArgument>? arguments = null;
        List<TypeSignature>? typeArguments = null;
        List<object?>? literalArguments = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("rawType"u8))
            {
                reader.Read();
                rawType = reader.TokenType == JsonTokenType.String
                    ? reader.GetString()
                    : throw new FormatException("typeSignature.rawType must be a string, got " + reader.TokenType.ToString() + ".");
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    arguments = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        arguments.Add(ParseArgument(ref reader, depth));
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("typeArguments"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    typeArguments = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            typeArguments.Add(ParseJson(ref reader, depth + 1));
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("literalArguments"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    literalArguments = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        literalArguments.Add(reader.TokenType switch
                        {
                            JsonTokenType.String => reader.GetString(),
                            JsonTokenType.Number when reader.TryGetInt64(out var number) => number,
                            _ => null,
                        });
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (rawType is null)
        {
            throw new FormatException("A typeSignature has no rawType.");
        }

        return new TypeSignature(rawType, arguments ?? FromLegacyArguments(rawType, typeArguments, literalArguments));
    }

    /// <summary>Very old servers sent only <c>typeArguments</c> (types) and <c>literalArguments</c> (row field names or numbers).</summary>
    private static List<TypeArgument> FromLegacyArguments(string rawType, List<TypeSignature>? types, List<object?>? literals)
    {
        var result = new List<TypeArgument>();
        if (types is not null && literals is not null && string.Equals(rawType, "row", StringComparison.Ordinal) && types.Count == literals.Count)
        {
            for (var i = 0; i < types.Count; i++)
            {
                result.Add(new TypeArgument.NamedType(literals[i] as string, types[i]));
            }

            return result;
        }

        if (types is not null)
        {
            foreach (var type in types)
            {
                result.Add(new TypeArgument.Type(type));
            }
        }

        if (literals is not null)
        {
            foreach (var literal in literals)
            {
                if (literal is long number)
                {
                    result.Add(new TypeArgument.Long(number));
                }
            }
        }

        return result;
    }

    /// <summary>One <c>{ "kind": ..., "value": ... }</c> parameter (reader on its StartObject; left on its EndObject).</summary>
    private static TypeArgument ParseArgument(ref Utf8JsonReader reader, int depth)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var text = WireText.RawText(ref reader);
            return new TypeArgument.Other(text);
        }

        string? kind = null;
        TypeArgument? value = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                kind = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                value = ParseArgumentValue(ref reader, kind, depth);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return value ?? new TypeArgument.Other(kind ?? string.Empty);
    }

    private static TypeArgument ParseArgumentValue(ref Utf8JsonReader reader, string? kind, int depth)
    {
        switch (kind)
        {
            case "LONG":
            case "LONG_LITERAL":
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
                {
                    return new TypeArgument.Long(number);
                }

                break;
            case "TYPE":
            case "TYPE_SIGNATURE":
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    return new TypeArgument.Type(ParseJson(ref reader, depth + 1));
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    return new TypeArgument.Type(ParseTextLenient(reader.GetString()!));
                }

                break;
            case "NAMED_TYPE":
            case "NAMED_TYPE_SIGNATURE":
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    return ParseNamedType(ref reader, depth);
                }

                break;
            case null:
                // "value" before "kind": decide by shape.
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n))
                {
                    return new TypeArgument.Long(n);
                }

                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    return LooksNamed(reader) ? ParseNamedType(ref reader, depth) : new TypeArgument.Type(ParseJson(ref reader, depth + 1));
                }

                break;
        }

        return new TypeArgument.Other(WireText.RawText(ref reader));
    }

    /// <summary>Whether the object at the reader has <c>typeSignature</c> or <c>fieldName</c> (a named type) rather than <c>rawType</c>.</summary>
    private static bool LooksNamed(Utf8JsonReader copy)
    {
        while (copy.Read() && copy.TokenType != JsonTokenType.EndObject)
        {
            if (copy.ValueTextEquals("typeSignature"u8) || copy.ValueTextEquals("fieldName"u8))
            {
                return true;
            }

            if (copy.ValueTextEquals("rawType"u8))
            {
                return false;
            }

            copy.Read();
            copy.Skip();
        }

        return false;
    }

    /// <summary><c>{ "fieldName": {"name": ..}?, "typeSignature": {..} | "type text" }</c>.</summary>
    private static TypeArgument ParseNamedType(ref Utf8JsonReader reader, int depth)
    {
        string? name = null;
        TypeSignature? signature = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("fieldName"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var isName = reader.ValueTextEquals("name"u8);
                        reader.Read();
                        if (isName && reader.TokenType == JsonTokenType.String)
                        {
                            name = reader.GetString();
                        }

                        reader.Skip();
                    }
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    name = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("typeSignature"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    signature = ParseJson(ref reader, depth + 1);
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    signature = ParseTextLenient(reader.GetString()!);
                }
                else
                {
                    throw new FormatException("A named type's typeSignature must be an object or a string, got " + reader.TokenType.ToString() + ".");
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new TypeArgument.NamedType(name, signature ?? throw new FormatException("A named type has no typeSignature."));
    }

    /// <summary>A type string from a PrestoDB row field; text this parser does not understand becomes an opaque raw type.</summary>
    private static TypeSignature ParseTextLenient(string text)
    {
        try
        {
            return TypeTextParser.Parse(text);
        }
        catch (FormatException)
        {
            return new TypeSignature(text);
        }
    }
}
