using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// Unknown and future types (and <c>BingTile</c>, <c>KdbTree</c>, <c>unknown</c>) → <see cref="string"/>: the content of a JSON
/// string, or the exact raw JSON text of any other token or subtree. Never fails on well-formed JSON.
/// </summary>
internal sealed class RawJsonDecoder(TypeSignature signature) : ColumnDecoder<string>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out string value)
    {
        value = WireText.RawText(ref reader);
        return true;
    }
}
