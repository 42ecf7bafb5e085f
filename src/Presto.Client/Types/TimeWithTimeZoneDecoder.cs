using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// <c>time(p) with time zone</c> → <see cref="PrestoTimeWithTimeZone"/>: Trino <c>HH:MM:SS[.f]+HH:MM</c> and PrestoDB
/// <c>HH:MM:SS.fff zoneId</c>.
/// </summary>
internal sealed class TimeWithTimeZoneDecoder(TypeSignature signature) : ColumnDecoder<PrestoTimeWithTimeZone>(signature)
{
    private readonly ZoneCache _zones = new();

    public override bool TryRead(ref Utf8JsonReader reader, out PrestoTimeWithTimeZone value)
    {
        var text = WireText.StringUtf8(ref reader, Signature);
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
