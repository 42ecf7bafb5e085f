using System;
using System.Text;
using Presto.Types;

namespace Presto;

/// <summary>
/// An exact Presto/Trino <c>timestamp(p) with time zone</c> value: the local date-time as sent plus its zone
/// (an IANA id such as <c>America/New_York</c>, <c>UTC</c>, or a fixed offset such as <c>+05:30</c>).
/// </summary>
/// <remarks>
/// The offset of a named zone is resolved through the system time-zone database
/// (<see cref="TimeZoneInfo.FindSystemTimeZoneById(string)"/>) with the rules of Java's <c>ZonedDateTime.of</c>:
/// a local time that occurs twice (DST fall-back overlap) takes the <em>earlier</em> offset (summer time);
/// a local time that does not exist (spring-forward gap) is moved forward by the length of the gap and takes the
/// later offset. When the zone id is unknown on this machine <see cref="Offset"/> is <see langword="null"/>.
/// Equality compares the local timestamp and the zone id (ordinal), not the instant.
/// </remarks>
public readonly struct PrestoTimestampWithTimeZone : IEquatable<PrestoTimestampWithTimeZone>
{
    private readonly string? _zoneId;
    private readonly TimeSpan _shift;

    /// <summary>Creates a value, resolving the offset of <paramref name="zoneId"/> at <paramref name="timestamp"/>.</summary>
    public PrestoTimestampWithTimeZone(PrestoTimestamp timestamp, string zoneId)
    {
        if (zoneId is null)
        {
            throw new ArgumentNullException(nameof(zoneId));
        }

        if (zoneId.Length == 0)
        {
            throw new ArgumentException("The zone id must not be empty.", nameof(zoneId));
        }

        this = new PrestoTimestampWithTimeZone(timestamp, ZoneResolver.Get(zoneId));
    }

    internal PrestoTimestampWithTimeZone(PrestoTimestamp timestamp, ZoneRule zone)
    {
        Timestamp = timestamp;
        _zoneId = zone.Id;
        if (zone.TryGetOffset(timestamp.Year, timestamp.Month, timestamp.Day, timestamp.TimeOfDay.ToTimeSpan().Ticks, out var offset, out var shift))
        {
            Offset = offset;
            _shift = shift;
        }
        else
        {
            Offset = null;
            _shift = TimeSpan.Zero;
        }
    }

    /// <summary>The local date-time as sent.</summary>
    public PrestoTimestamp Timestamp { get; }

    /// <summary>The zone as sent: an IANA id, <c>UTC</c>, or a fixed offset such as <c>+05:30</c>.</summary>
    public string ZoneId => _zoneId ?? "UTC";

    /// <summary>The UTC offset in effect; <see langword="null"/> when the zone id is unknown on this machine.</summary>
    public TimeSpan? Offset { get; }

    /// <summary>Equality of local timestamp and zone id.</summary>
    public static bool operator ==(PrestoTimestampWithTimeZone left, PrestoTimestampWithTimeZone right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(PrestoTimestampWithTimeZone left, PrestoTimestampWithTimeZone right) => !left.Equals(right);

    /// <summary>Parses <c>YYYY-MM-DD HH:MM:SS[.f] zoneId</c>; an unknown zone id is accepted (then <see cref="Offset"/> is null).</summary>
    /// <exception cref="FormatException">Malformed text.</exception>
    public static PrestoTimestampWithTimeZone Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return TryParse(text, out var value) ? value : throw WireText.Invalid("timestamp with time zone", text);
    }

    /// <summary>Parses <c>YYYY-MM-DD HH:MM:SS[.f] zoneId</c>; <see langword="false"/> when malformed.</summary>
    public static bool TryParse(string? text, out PrestoTimestampWithTimeZone value)
    {
        var bytes = text is null ? null : Encoding.UTF8.GetBytes(text);
        if (bytes is not null && TrySplit(bytes, out var timestamp, out var zone))
        {
            value = new PrestoTimestampWithTimeZone(timestamp, ZoneResolver.Get(WireText.ToString(zone)));
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Splits wire text into the local timestamp and the zone id bytes.</summary>
    internal static bool TrySplit(ReadOnlySpan<byte> text, out PrestoTimestamp timestamp, out ReadOnlySpan<byte> zone)
    {
        var pos = 0;
        zone = default;
        if (!PrestoTimestamp.TryParse(text, ref pos, out timestamp) || pos >= text.Length || text[pos] != ' ')
        {
            return false;
        }

        zone = text.Slice(pos + 1);
        return zone.Length > 0 && zone.IndexOf((byte)' ') < 0;
    }

    /// <summary>Converts to a <see cref="DateTimeOffset"/> (truncated to 100 ns ticks) when possible.</summary>
    public bool TryToDateTimeOffset(out DateTimeOffset value)
    {
        if (Offset is { } offset)
        {
            return TryCreate(Timestamp, offset, _shift, out value);
        }

        value = default;
        return false;
    }

    /// <summary>Converts to a <see cref="DateTimeOffset"/>, truncated to 100 ns ticks.</summary>
    /// <exception cref="InvalidOperationException">The zone id is unknown on this machine.</exception>
    /// <exception cref="OverflowException">The value is outside the range of <see cref="DateTimeOffset"/>, or the offset is not a whole number of minutes.</exception>
    public DateTimeOffset ToDateTimeOffset()
    {
        if (Offset is null)
        {
            throw new InvalidOperationException("The time zone '" + ZoneId + "' is unknown on this machine; its offset cannot be resolved.");
        }

        return TryToDateTimeOffset(out var value)
            ? value
            : throw new OverflowException("The timestamp " + ToString() + " cannot be represented as a System.DateTimeOffset.");
    }

    /// <summary><c>YYYY-MM-DD HH:MM:SS[.f] zoneId</c>, as Trino sends it.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(48);
        Timestamp.AppendTo(builder);
        return builder.Append(' ').Append(ZoneId).ToString();
    }

    /// <inheritdoc />
    public bool Equals(PrestoTimestampWithTimeZone other) =>
        Timestamp.Equals(other.Timestamp) && string.Equals(ZoneId, other.ZoneId, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PrestoTimestampWithTimeZone other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => unchecked((Timestamp.GetHashCode() * 397) ^ StringComparer.Ordinal.GetHashCode(ZoneId));

    /// <summary>A <see cref="DateTimeOffset"/> for a local timestamp, its offset and a gap shift; false when not representable.</summary>
    internal static bool TryCreate(PrestoTimestamp timestamp, TimeSpan offset, TimeSpan shift, out DateTimeOffset value)
    {
        value = default;
        if (timestamp.Year is < 1 or > 9999 || offset.Ticks % TimeSpan.TicksPerMinute != 0 || offset > TimeSpan.FromHours(14) || offset < TimeSpan.FromHours(-14))
        {
            return false;
        }

        var local = timestamp.ToDateTime().Ticks + shift.Ticks;
        var utc = local - offset.Ticks;
        if (local > DateTime.MaxValue.Ticks || utc < 0 || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }
}
