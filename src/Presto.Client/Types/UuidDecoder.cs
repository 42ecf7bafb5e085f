using System;
using System.Buffers.Text;

namespace Presto.Types;

/// <summary><c>uuid</c> → <see cref="Guid"/> from the canonical <c>8-4-4-4-12</c> text.</summary>
internal sealed class UuidDecoder(TypeSignature signature) : TextColumnDecoder<Guid>(signature)
{
    protected override bool TryReadText(ReadOnlySpan<byte> text, out Guid value)
    {
        if (text.Length == 36 && Utf8Parser.TryParse(text, out value, out var consumed, 'D') && consumed == 36)
        {
            return true;
        }

        throw WireText.Invalid(Signature.ToString(), text);
    }
}
