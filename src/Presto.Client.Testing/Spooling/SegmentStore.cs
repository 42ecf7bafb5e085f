using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Presto.Testing.Spooling;

/// <summary>The server's segment storage: spooled payloads by id until acknowledged (which deletes them, as Trino's spooling manager does).</summary>
internal sealed class SegmentStore
{
    private readonly ConcurrentDictionary<string, byte[]> _segments = new(StringComparer.Ordinal);

    /// <summary>Segments stored and not acknowledged yet.</summary>
    public int Count => _segments.Count;

    public string Add(byte[] payload)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        _segments[id] = payload;
        return id;
    }

    public byte[]? Find(string id) => _segments.TryGetValue(id, out var payload) ? payload : null;

    public bool Acknowledge(string id) => _segments.TryRemove(id, out _);
}
