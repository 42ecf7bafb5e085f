using System.Text.Json;

namespace Presto.Types;

/// <summary><c>real</c> → <see cref="float"/>: JSON numbers (exponent forms included) and the strings <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>.</summary>
internal sealed class RealDecoder(TypeSignature signature) : ColumnDecoder<float>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out float value)
    {
        value = NumberReader.ReadSingle(ref reader, Signature);
        return true;
    }
}
