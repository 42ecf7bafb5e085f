using System;
using System.Net;

namespace Presto.Types;

/// <summary><c>ipaddress</c> → <see cref="IPAddress"/>: dotted IPv4 text stays IPv4, anything with <c>:</c> is IPv6.</summary>
internal sealed class IpAddressDecoder(TypeSignature signature) : TextColumnDecoder<IPAddress>(signature)
{
    protected override bool TryReadText(ReadOnlySpan<byte> text, out IPAddress value)
    {
        if (IsPlausible(text) && IPAddress.TryParse(WireText.ToString(text), out var address))
        {
            value = address;
            return true;
        }

        throw WireText.Invalid(Signature.ToString(), text);
    }

    /// <summary><see cref="IPAddress.TryParse(string, out IPAddress)"/> also takes <c>1</c> or <c>0x7f.1</c>; accept only dotted quads and IPv6 text.</summary>
    private static bool IsPlausible(ReadOnlySpan<byte> text)
    {
        if (text.Length is 0 or > 64)
        {
            return false;
        }

        if (text.IndexOf((byte)':') >= 0)
        {
            return true;
        }

        var dots = 0;
        foreach (var b in text)
        {
            if (b == '.')
            {
                dots++;
            }
            else if (!TemporalParser.IsDigit(b))
            {
                return false;
            }
        }

        return dots == 3;
    }
}
