using System;

namespace Presto.Types;

/// <summary>
/// <c>time(p) with time zone</c> → <see cref="PrestoTimeWithTimeZone"/>: Trino <c>HH:MM:SS[.f]+HH:MM</c> and PrestoDB
/// <c>HH:MM:SS.fff zoneId</c>.
/// </summary>
internal sealed class TimeWithTimeZoneDecoder(TypeSignature signature) : TextColumnDecoder<PrestoTimeWithTimeZone>(signature)
{
    private readonly ZoneCache _zones = new();

    protected override bool TryReadText(ReadOnlySpan<byte> text, out PrestoTimeWithTimeZone value)
    {
        var pos = 0;
        if (PrestoTime.TryParse(text, ref pos, out var time) && pos < text.Length)
        {
            var zoneStart = text[pos] == ' ' ? pos + 1 : pos;
            var zoneId = text.Slice(zoneStart);
            if (zoneId.Length > 0 && zoneId.IndexOf((byte)' ') < 0)
            {
                var zone = _zones.Get(zoneId);

                // Trino glues a numeric offset to the time; anything else needs the space.
                if (zoneStart != pos || (zone.FixedOffset.HasValue && (text[pos] == '+' || text[pos] == '-')))
                {
                    value = new PrestoTimeWithTimeZone(time, zone.Id, zone.FixedOffset);
                    return true;
                }
            }
        }

        throw WireText.Invalid(Signature.ToString(), text);
    }
}
