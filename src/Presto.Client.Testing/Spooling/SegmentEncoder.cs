using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Presto.Testing.Spooling;

/// <summary>
/// Writes the encoded <c>data</c> object of a spooling response (PROTOCOL.md §7.2): each segment's JSON rows compressed per the
/// encoding (above the threshold) and placed inline (Base64) or in the <see cref="SegmentStore"/> behind download/ack URIs
/// carrying the configured segment headers.
/// </summary>
internal sealed class SegmentEncoder(SpoolingOptions options, SegmentStore store, string encoding)
{
    /// <summary>The encoding this server picks from a client's <c>X-Trino-Query-Data-Encoding</c> list: the first it enables, else <see langword="null"/> (direct protocol).</summary>
    public static string? Negotiate(SpoolingOptions? options, string? requested)
    {
        if (options is null || string.IsNullOrWhiteSpace(requested))
        {
            return null;
        }

        foreach (var part in requested.Split(','))
        {
            var name = part.Trim();
            foreach (var enabled in options.Encodings)
            {
                if (string.Equals(enabled, name, StringComparison.Ordinal))
                {
                    return name;
                }
            }
        }

        return null;
    }

    public string Encoding => encoding;

    /// <summary>Writes one segment object of the <c>segments</c> array.</summary>
    public void WriteSegment(Utf8JsonWriter w, string baseUri, ReadOnlySpan<byte> json, long rowOffset, long rows, bool inline)
    {
        var payload = Compress(json, out var compressed);
        w.WriteStartObject();
        if (inline)
        {
            w.WriteString("type", "inline");
            w.WriteBase64String("data", payload);
        }
        else
        {
            var id = store.Add(payload);
            w.WriteString("type", "spooled");
            w.WriteString("uri", baseUri + "/v1/spooled/download/" + id);
            w.WriteString("ackUri", baseUri + "/v1/spooled/ack/" + id);
            if (options.SegmentHeaders.Count > 0)
            {
                w.WriteStartObject("headers");
                foreach (var (name, value) in options.SegmentHeaders)
                {
                    w.WriteStartArray(name);
                    w.WriteStringValue(value);
                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }
        }

        w.WriteStartObject("metadata");
        w.WriteNumber("rowOffset", rowOffset);
        w.WriteNumber("rowsCount", rows);
        w.WriteNumber("segmentSize", payload.Length);
        if (compressed)
        {
            w.WriteNumber("uncompressedSize", json.Length);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Whether a segment request carries exactly the configured segment headers.</summary>
    public static bool HasSegmentHeaders(SpoolingOptions options, Func<string, IReadOnlyList<string>> headerValues)
    {
        foreach (var (name, value) in options.SegmentHeaders)
        {
            var values = headerValues(name);
            if (values.Count != 1 || !string.Equals(values[0], value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private byte[] Compress(ReadOnlySpan<byte> json, out bool compressed)
    {
        compressed = json.Length >= options.CompressionThresholdBytes && encoding != "json";
        if (!compressed)
        {
            return json.ToArray();
        }

        return encoding switch
        {
            "json+lz4" => Lz4BlockCompressor.Compress(json),
            "json+zstd" => ZstdRawFrameWriter.Write(json),
            _ => throw new InvalidOperationException("Unknown segment encoding " + encoding),
        };
    }
}
