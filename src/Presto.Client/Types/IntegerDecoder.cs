using System.Text.Json;

namespace Presto.Types;

/// <summary><c>integer</c> → <see cref="int"/>: a JSON integer (numeric strings accepted).</summary>
internal sealed class IntegerDecoder(TypeSignature signature) : ColumnDecoder<int>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out int value)
    {
        value = (int)NumberReader.ReadInt64InRange(ref reader, Signature, int.MinValue, int.MaxValue);
        return true;
    }
}
