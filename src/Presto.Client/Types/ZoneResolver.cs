using System;
using System.Collections.Concurrent;

namespace Presto.Types;

/// <summary>
/// Resolves zone ids as Presto/Trino send them (<c>UTC</c>, <c>+05:30</c>, IANA names such as <c>America/New_York</c>)
/// through the system time-zone database; results, including unknown ids, are cached.
/// </summary>
internal static class ZoneResolver
{
    private const int MaxCached = 4096;
    private static readonly string[] s_prefixes = ["UTC", "GMT", "UT"];
    private static readonly ConcurrentDictionary<string, ZoneRule> s_rules = new(StringComparer.Ordinal);

    public static ZoneRule Get(string id)
    {
        if (s_rules.TryGetValue(id, out var rule))
        {
            return rule;
        }

        rule = Resolve(id);
        if (s_rules.Count < MaxCached)
        {
            s_rules.TryAdd(id, rule);
        }

        return rule;
    }

    /// <summary>Parses a fixed-offset id: <c>Z</c>, <c>UTC</c>, <c>GMT</c>, <c>UT</c>, <c>±HH:MM[:SS]</c>, optionally prefixed by <c>UTC</c>/<c>GMT</c>/<c>UT</c>.</summary>
    public static bool TryParseFixed(string id, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        var text = id;
        if (text is "Z" or "UTC" or "GMT" or "UT")
        {
            return true;
        }

        foreach (var prefix in s_prefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal) && text.Length > prefix.Length && (text[prefix.Length] == '+' || text[prefix.Length] == '-'))
            {
                text = text.Substring(prefix.Length);
                break;
            }
        }

        if (text.Length == 0 || (text[0] != '+' && text[0] != '-'))
        {
            return false;
        }

        var bytes = WireText.ToAscii(text);
        var pos = 0;
        if (bytes is null || !TemporalParser.TryParseOffset(bytes, ref pos, out var seconds) || pos != bytes.Length)
        {
            return false;
        }

        offset = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static ZoneRule Resolve(string id)
    {
        if (TryParseFixed(id, out var offset))
        {
            return new ZoneRule(id, offset, null);
        }

        return new ZoneRule(id, null, FindSystemZone(id));
    }

    private static TimeZoneInfo? FindSystemZone(string id)
    {
        if (id.Length == 0 || id.IndexOf('\0') >= 0)
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or System.Security.SecurityException)
        {
        }

#if NET6_0_OR_GREATER
        if (TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out var windowsId))
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(windowsId);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
            }
        }
#endif

        return null;
    }
}
