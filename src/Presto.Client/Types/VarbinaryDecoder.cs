using System;
using System.Buffers;
using System.Buffers.Text;

namespace Presto.Types;

/// <summary><c>varbinary</c> and serialized sketches (<c>HyperLogLog</c>, <c>qdigest</c>, ...) → <see cref="T:byte[]"/> from standard Base64.</summary>
internal sealed class VarbinaryDecoder(TypeSignature signature) : TextColumnDecoder<byte[]>(signature)
{
    protected override bool TryReadText(ReadOnlySpan<byte> text, out byte[] value)
    {
        if (text.Length % 4 == 0)
        {
            var padding = text.Length == 0 ? 0 : text[text.Length - 1] != '=' ? 0 : text[text.Length - 2] == '=' ? 2 : 1;
            value = new byte[(text.Length / 4 * 3) - padding];
            if (Base64.DecodeFromUtf8(text, value, out var consumed, out var written) == OperationStatus.Done
                && consumed == text.Length && written == value.Length)
            {
                return true;
            }
        }

        throw WireText.Invalid(Signature.ToString(), text, "not Base64");
    }
}
