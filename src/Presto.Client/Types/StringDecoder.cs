using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// Text types → <see cref="string"/>: <c>varchar</c>, <c>char</c> (padding kept), <c>json</c> (the JSON text), <c>number</c>,
/// <c>ipprefix</c>, <c>Geometry</c>, <c>color</c>, ... When <paramref name="strict"/> is false a non-string token is kept as its raw JSON text.
/// </summary>
internal sealed class StringDecoder(TypeSignature signature, bool strict) : ColumnDecoder<string>(signature)
{
    public override ScanKind ScanKind => ScanKind.Text;

    public override ColumnBuffer CreateBuffer() => new ColumnBuffer<string>(this, deferStrings: true);

    public override bool TryRead(ref Utf8JsonReader reader, out string value)
    {
        if (WireText.IsString(reader.TokenType))
        {
            value = reader.GetString()!;
            return true;
        }

        value = strict ? throw WireText.WrongToken(Signature.ToString(), ref reader, "a JSON string") : WireText.RawText(ref reader);
        return true;
    }
}
