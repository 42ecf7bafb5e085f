using System.Text.Json;

namespace Presto.Types;

/// <summary><c>boolean</c> → <see cref="bool"/>.</summary>
internal sealed class BooleanDecoder(TypeSignature signature) : ColumnDecoder<bool>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out bool value)
    {
        value = NumberReader.ReadBoolean(ref reader, Signature);
        return true;
    }
}
