using System;
using System.Collections.Generic;

namespace Presto.Spooling;

/// <summary>
/// One segment of an encoded <c>data</c> object (PROTOCOL.md §7.2): inline (its payload in the response) or spooled (downloaded
/// from <see cref="Uri"/> with exactly <see cref="Headers"/>, then acknowledged at <see cref="AckUri"/>).
/// </summary>
internal sealed class Segment
{
    private static readonly KeyValuePair<string, string[]>[] s_noHeaders = Array.Empty<KeyValuePair<string, string[]>>();

    /// <summary>The payload of an inline segment (Base64-decoded); <see langword="null"/> for a spooled one.</summary>
    public byte[]? InlineData { get; init; }

    /// <summary>Where a spooled segment is downloaded.</summary>
    public Uri? Uri { get; init; }

    /// <summary>Where a spooled segment is acknowledged once decoded (may be absent).</summary>
    public Uri? AckUri { get; init; }

    /// <summary>The headers the server put on the segment, sent exactly as given (name → values) with its download and ack.</summary>
    public IReadOnlyList<KeyValuePair<string, string[]>> Headers { get; init; } = s_noHeaders;

    /// <summary>Index of the segment's first row in the whole result, when the server sent it.</summary>
    public long? RowOffset { get; init; }

    /// <summary>Rows in the segment, when the server sent it.</summary>
    public long? RowsCount { get; init; }

    /// <summary>Bytes of the payload as transferred (compressed size when compressed).</summary>
    public long? SegmentSize { get; init; }

    /// <summary>Bytes after decompression; present only when the payload is compressed.</summary>
    public long? UncompressedSize { get; init; }

    public bool IsSpooled => InlineData is null;

    /// <summary>Where the segment is in the result, for messages: <c>rows 1000–1999</c>, or its download URI.</summary>
    public string Describe(int ordinal)
    {
        var text = $"segment {ordinal + 1}";
        if (RowOffset is { } offset && RowsCount is { } count)
        {
            text += count > 0 ? $" (rows {offset + 1}–{offset + count})" : " (no rows)";
        }

        return IsSpooled ? text + " at " + DescribeUri(Uri!) : text + " (inline)";
    }

    /// <summary>A segment URI for messages and logs: scheme, host and path only, since the query string of a pre-signed URI is a credential.</summary>
    public static string DescribeUri(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}
