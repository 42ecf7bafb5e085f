using System;
using System.Globalization;
using System.Text;
using Presto.Types;

namespace Presto;

/// <summary>
/// A Presto/Trino <c>time(p) with time zone</c> value: a time of day plus a zone. Trino always sends a numeric offset
/// (<c>10:15:30.123+05:30</c>); PrestoDB sends a zone id after a space (<c>10:15:30.123 America/Los_Angeles</c>),
/// whose offset cannot be known without a date, so <see cref="Offset"/> is then <see langword="null"/>.
/// </summary>
public readonly struct PrestoTimeWithTimeZone : IEquatable<PrestoTimeWithTimeZone>
{
    private readonly string? _zoneId;

    /// <summary>Creates a value with a zone id (<c>+05:30</c>, <c>UTC</c>, <c>America/Los_Angeles</c>).</summary>
    public PrestoTimeWithTimeZone(PrestoTime time, string zoneId)
    {
        if (zoneId is null)
        {
            throw new ArgumentNullException(nameof(zoneId));
        }

        if (zoneId.Length == 0)
        {
            throw new ArgumentException("The zone id must not be empty.", nameof(zoneId));
        }

        Time = time;
        _zoneId = zoneId;
        Offset = ZoneResolver.TryParseFixed(zoneId, out var offset) ? offset : null;
    }

    /// <summary>Creates a value with a numeric offset (zone id <c>+HH:MM</c>).</summary>
    public PrestoTimeWithTimeZone(PrestoTime time, TimeSpan offset)
    {
        Time = time;
        Offset = offset;
        _zoneId = FormatOffset(offset);
    }

    /// <summary>The local time of day.</summary>
    public PrestoTime Time { get; }

    /// <summary>The numeric offset from UTC; <see langword="null"/> when the zone is a region name (PrestoDB).</summary>
    public TimeSpan? Offset { get; }

    /// <summary>The zone as sent: <c>+05:30</c>, <c>-08:00</c>, <c>UTC</c> or an IANA id.</summary>
    public string ZoneId => _zoneId ?? "+00:00";

    /// <summary>Equality of time (see <see cref="PrestoTime"/>) and zone id (ordinal).</summary>
    public static bool operator ==(PrestoTimeWithTimeZone left, PrestoTimeWithTimeZone right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(PrestoTimeWithTimeZone left, PrestoTimeWithTimeZone right) => !left.Equals(right);

    /// <summary>Parses Trino <c>HH:MM:SS[.f]+HH:MM</c> or PrestoDB <c>HH:MM:SS.fff zoneId</c>.</summary>
    /// <exception cref="FormatException">Malformed text.</exception>
    public static PrestoTimeWithTimeZone Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return TryParse(text, out var value) ? value : throw WireText.Invalid("time with time zone", text);
    }

    /// <summary>Parses Trino <c>HH:MM:SS[.f]+HH:MM</c> or PrestoDB <c>HH:MM:SS.fff zoneId</c>; <see langword="false"/> when malformed.</summary>
    public static bool TryParse(string? text, out PrestoTimeWithTimeZone value)
    {
        var bytes = text is null ? null : Encoding.UTF8.GetBytes(text);
        if (bytes is not null && TryParseUtf8(bytes, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    internal static bool TryParseUtf8(ReadOnlySpan<byte> text, out PrestoTimeWithTimeZone value)
    {
        var pos = 0;
        value = default;
        if (!PrestoTime.TryParse(text, ref pos, out var time) || pos >= text.Length)
        {
            return false;
        }

        if (text[pos] == ' ')
        {
            var zone = text.Slice(pos + 1);
            if (zone.Length == 0 || zone.IndexOf((byte)' ') >= 0)
            {
                return false;
            }

            value = new PrestoTimeWithTimeZone(time, WireText.ToString(zone));
            return true;
        }

        var start = pos;
        if (!TemporalParser.TryParseOffset(text, ref pos, out var seconds) || pos != text.Length)
        {
            return false;
        }

        value = new PrestoTimeWithTimeZone(time, TimeSpan.FromSeconds(seconds), WireText.ToString(text.Slice(start)));
        return true;
    }

    internal PrestoTimeWithTimeZone(PrestoTime time, string zoneId, TimeSpan? offset)
    {
        Time = time;
        Offset = offset;
        _zoneId = zoneId;
    }

    private PrestoTimeWithTimeZone(PrestoTime time, TimeSpan offset, string zoneId)
    {
        Time = time;
        Offset = offset;
        _zoneId = zoneId;
    }

    /// <summary>Trino form <c>HH:MM:SS[.f]+HH:MM</c> for numeric offsets, else <c>HH:MM:SS[.f] zoneId</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(32);
        Time.AppendTo(builder);
        var zone = ZoneId;
        if (zone[0] != '+' && zone[0] != '-')
        {
            builder.Append(' ');
        }

        return builder.Append(zone).ToString();
    }

    /// <inheritdoc />
    public bool Equals(PrestoTimeWithTimeZone other) => Time.Equals(other.Time) && string.Equals(ZoneId, other.ZoneId, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PrestoTimeWithTimeZone other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => unchecked((Time.GetHashCode() * 397) ^ StringComparer.Ordinal.GetHashCode(ZoneId));

    internal static string FormatOffset(TimeSpan offset)
    {
        var totalSeconds = (long)Math.Round(offset.TotalSeconds);
        var builder = new StringBuilder(9);
        builder.Append(totalSeconds < 0 ? '-' : '+');
        totalSeconds = Math.Abs(totalSeconds);
        builder.Append((totalSeconds / 3600).ToString("D2", CultureInfo.InvariantCulture)).Append(':');
        CivilDate.Append2(builder, (int)(totalSeconds / 60 % 60));
        if (totalSeconds % 60 != 0)
        {
            builder.Append(':');
            CivilDate.Append2(builder, (int)(totalSeconds % 60));
        }

        return builder.ToString();
    }
}
