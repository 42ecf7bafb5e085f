using System;
using System.Buffers.Text;
using System.Text.Json;

namespace Presto.Types;

/// <summary><c>uuid</c> → <see cref="Guid"/> from the canonical <c>8-4-4-4-12</c> text.</summary>
internal sealed class UuidDecoder(TypeSignature signature) : ColumnDecoder<Guid>(signature)
{
    public override bool TryRead(ref Utf8JsonReader reader, out Guid value)
    {
        var text = WireText.StringUtf8(ref reader, Signature);
        if (text.Length == 36 && Utf8Parser.TryParse(text, out value, out var consumed, 'D') && consumed == 36)
        {
            return true;
        }

        throw WireText.Invalid(Signature.ToString(), text);
    }
}
