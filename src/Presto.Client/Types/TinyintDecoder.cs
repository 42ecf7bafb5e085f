using System.Text.Json;

namespace Presto.Types;

/// <summary><c>tinyint</c> → <see cref="sbyte"/>: a JSON integer (numeric strings accepted).</summary>
internal sealed class TinyintDecoder(TypeSignature signature) : ColumnDecoder<sbyte>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out sbyte value)
    {
        value = (sbyte)NumberReader.ReadInt64InRange(ref reader, Signature, sbyte.MinValue, sbyte.MaxValue);
        return true;
    }
}
