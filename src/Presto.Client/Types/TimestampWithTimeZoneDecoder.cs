using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// <c>timestamp(p) with time zone</c> → <see cref="DateTimeOffset"/> (truncated to 100 ns ticks). Named zones are resolved
/// with the system time-zone database (see <see cref="PrestoTimestampWithTimeZone"/> for the overlap/gap rules). A zone
/// unknown on this machine, or a value outside the range of <see cref="DateTimeOffset"/>, is unrepresentable:
/// <see cref="ReadExact"/> then gives a <see cref="PrestoTimestampWithTimeZone"/> (with a null offset for an unknown zone).
/// </summary>
internal sealed class TimestampWithTimeZoneDecoder(TypeSignature signature) : TextColumnDecoder<DateTimeOffset>(signature)
{
    private readonly ZoneCache _zones = new();

    public override Type ExactType => typeof(PrestoTimestampWithTimeZone);

    protected override bool TryReadText(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        if (!PrestoTimestampWithTimeZone.TrySplit(text, out var timestamp, out var zoneId))
        {
            throw WireText.Invalid(Signature.ToString(), text);
        }

        var zone = _zones.Get(zoneId);
        if (zone.TryGetOffset(timestamp.Year, timestamp.Month, timestamp.Day, timestamp.TimeOfDay.ToTimeSpan().Ticks, out var offset, out var shift))
        {
            return PrestoTimestampWithTimeZone.TryCreate(timestamp, offset, shift, out value);
        }

        value = default;
        return false;
    }

    public override object ReadExact(ref Utf8JsonReader reader)
    {
        var text = WireText.StringUtf8(ref reader, Signature);
        if (!PrestoTimestampWithTimeZone.TrySplit(text, out var timestamp, out var zoneId))
        {
            throw WireText.Invalid(Signature.ToString(), text);
        }

        return new PrestoTimestampWithTimeZone(timestamp, _zones.Get(zoneId));
    }
}
