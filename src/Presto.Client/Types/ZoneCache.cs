using System;
using System.Threading;

namespace Presto.Types;

/// <summary>
/// Remembers the last zone id a decoder saw (as UTF-8) so that a column whose cells share a zone resolves it without
/// allocating. Thread-safe: the entry is an immutable object swapped atomically.
/// </summary>
internal sealed class ZoneCache
{
    private Entry? _last;

    public ZoneRule Get(ReadOnlySpan<byte> zoneId)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && zoneId.SequenceEqual(last.Utf8))
        {
            return last.Rule;
        }

        var rule = ZoneResolver.Get(WireText.ToString(zoneId));
        Volatile.Write(ref _last, new Entry(zoneId.ToArray(), rule));
        return rule;
    }

    private sealed class Entry(byte[] utf8, ZoneRule rule)
    {
        public byte[] Utf8 { get; } = utf8;

        public ZoneRule Rule { get; } = rule;
    }
}
