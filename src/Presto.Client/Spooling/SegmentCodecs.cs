using System;
using System.Collections.Generic;
using Presto.Compression;

namespace Presto.Spooling;

/// <summary>Decompresses a segment payload into a destination sized from <c>uncompressedSize</c>; returns the bytes written, throws <see cref="System.IO.InvalidDataException"/> on corrupt input.</summary>
internal delegate int SegmentDecompressor(ReadOnlySpan<byte> source, Span<byte> destination);

/// <summary>
/// The segment encodings this client can decode, in the order it prefers them: the list sent in
/// <c>X-Trino-Query-Data-Encoding</c> when spooling is on with <c>SpoolingEncodings=auto</c>, and the decompressor of each.
/// The one place a new encoding plugs in.
/// </summary>
internal static class SegmentCodecs
{
    /// <summary>The value of <c>SpoolingEncodings</c> that asks for every supported encoding in the preferred order.</summary>
    public const string Auto = "auto";

    /// <summary>Encoding → decompressor (<see langword="null"/> for the uncompressed <c>json</c>), preferred first.</summary>
    private static readonly KeyValuePair<string, SegmentDecompressor?>[] s_codecs =
    [
        new("json+zstd", ZstdDecoder.Decompress),
        new("json+lz4", Lz4BlockDecoder.Decompress),
        new("json", null),
    ];

    private static readonly string[] s_supported = Names();

    /// <summary>Every encoding this client decodes, preferred first.</summary>
    public static IReadOnlyList<string> Supported => s_supported;

    /// <summary>Whether <paramref name="encoding"/> can be decoded; <paramref name="decompressor"/> is its decompressor (<see langword="null"/> when uncompressed).</summary>
    public static bool TryGet(string encoding, out SegmentDecompressor? decompressor)
    {
        foreach (var codec in s_codecs)
        {
            if (string.Equals(codec.Key, encoding, StringComparison.Ordinal))
            {
                decompressor = codec.Value;
                return true;
            }
        }

        decompressor = null;
        return false;
    }

    /// <summary>
    /// Parses a <c>SpoolingEncodings</c> value: empty or <see langword="null"/> turns spooling off, <c>auto</c> asks for every
    /// supported encoding, else a comma-separated preference list of supported encodings.
    /// </summary>
    /// <exception cref="ArgumentException">An encoding this client cannot decode.</exception>
    public static IReadOnlyList<string> Parse(string? text, string what)
    {
        if (text is null || text.Trim().Length == 0)
        {
            return Array.Empty<string>();
        }

        if (string.Equals(text.Trim(), Auto, StringComparison.OrdinalIgnoreCase))
        {
            return s_supported;
        }

        var list = new List<string>();
        foreach (var part in text.Split(','))
        {
            var name = part.Trim().ToLowerInvariant();
            if (name.Length == 0 || list.Contains(name))
            {
                continue;
            }

            if (!TryGet(name, out _))
            {
                throw new ArgumentException($"{what}: '{part.Trim()}' is not an encoding this client can decode; use 'auto' or some of: {string.Join(", ", s_supported)}.");
            }

            list.Add(name);
        }

        return list;
    }

    private static string[] Names()
    {
        var names = new string[s_codecs.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = s_codecs[i].Key;
        }

        return names;
    }
}
