using System.Text.Json;

namespace Presto.Types;

/// <summary>Parses type signatures of both dialects. CONTRACT STUB.</summary>
internal static class TypeSignatureParser
{
    /// <summary>Parses a <c>typeSignature</c> object (reader on its StartObject; left on its EndObject).</summary>
    public static TypeSignature ParseJson(ref Utf8JsonReader reader)
    {
        string raw = "unknown";
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.CurrentDepth == depth + 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("rawType"))
            {
                reader.Read();
                raw = reader.GetString()!;
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return new TypeSignature(raw);
    }

    /// <summary>Parses a type string such as <c>map(varchar(3),array(bigint))</c> or <c>row(a integer,b varchar)</c>.</summary>
    public static TypeSignature ParseText(string text) => new(text);
}
