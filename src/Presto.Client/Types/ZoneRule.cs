using System;

namespace Presto.Types;

/// <summary>
/// A resolved time-zone id: a fixed offset, a system <see cref="TimeZoneInfo"/>, or unknown on this machine.
/// Immutable; shared through <see cref="ZoneResolver"/>.
/// </summary>
internal sealed class ZoneRule
{
    private readonly TimeZoneInfo? _zone;
    private readonly TimeSpan? _fixed;

    public ZoneRule(string id, TimeSpan? fixedOffset, TimeZoneInfo? zone)
    {
        Id = id;
        _fixed = fixedOffset;
        _zone = zone;
    }

    /// <summary>The id as sent.</summary>
    public string Id { get; }

    /// <summary>Whether the id could be resolved.</summary>
    public bool IsKnown => _fixed.HasValue || _zone is not null;

    /// <summary>The offset when the id is a fixed offset (or a UTC alias).</summary>
    public TimeSpan? FixedOffset => _fixed;

    /// <summary>
    /// The offset in effect at a local date-time of this zone, with Java <c>ZonedDateTime.of</c> rules: in an overlap
    /// (DST fall-back) the earlier offset; in a gap (spring-forward) the later offset, and <paramref name="shift"/> is the
    /// gap length by which the local time moves forward. Years outside 1..9999 use the rules of the year with the same
    /// position in the 400-year Gregorian cycle. False when the zone is unknown.
    /// </summary>
    public bool TryGetOffset(long year, int month, int day, long tickOfDay, out TimeSpan offset, out TimeSpan shift)
    {
        shift = TimeSpan.Zero;
        if (_fixed.HasValue)
        {
            offset = _fixed.Value;
            return true;
        }

        if (_zone is null)
        {
            offset = TimeSpan.Zero;
            return false;
        }

        if (year < 1 || year > 9999)
        {
            var cycle = ((year - 1) % 400 + 400) % 400;
            year = year > 9999 ? 9201 + cycle : 1 + cycle;
        }

        var local = new DateTime((int)year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddTicks(tickOfDay);
        if (_zone.IsAmbiguousTime(local))
        {
            var offsets = _zone.GetAmbiguousTimeOffsets(local);
            offset = offsets[0];
            for (var i = 1; i < offsets.Length; i++)
            {
                if (offsets[i] > offset)
                {
                    offset = offsets[i];
                }
            }

            return true;
        }

        if (_zone.IsInvalidTime(local))
        {
            var before = _zone.GetUtcOffset(local.Ticks > TimeSpan.TicksPerDay * 2 ? local.AddDays(-1) : local);
            var after = _zone.GetUtcOffset(local.Ticks < DateTime.MaxValue.Ticks - (TimeSpan.TicksPerDay * 2) ? local.AddDays(1) : local);
            offset = after > before ? after : before;
            shift = (after > before ? after - before : before - after);
            return true;
        }

        offset = _zone.GetUtcOffset(local);
        return true;
    }
}
