using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Presto.Spooling;

/// <summary>
/// Reads an encoded <c>data</c> object (PROTOCOL.md §7.2) from a reader positioned on its opening brace (a complete value).
/// Metadata numbers may be JSON numbers or numeric strings, as the Java client accepts them. Anything else that is not the
/// documented shape is a <see cref="FormatException"/> (the page parser turns it into a protocol error with an excerpt).
/// </summary>
internal static class EncodedDataParser
{
    public static EncodedData Read(ref Utf8JsonReader reader)
    {
        string? encoding = null;
        List<Segment>? segments = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("encoding"u8))
            {
                encoding = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new FormatException("'data.encoding' is not a string.");
            }
            else if (name.SequenceEqual("segments"u8))
            {
                segments = ReadSegments(ref reader);
            }
            else
            {
                // Query-level metadata: nothing in it changes decoding.
                reader.Skip();
            }
        }

        if (encoding is null)
        {
            throw new FormatException("the encoded 'data' object has no 'encoding'.");
        }

        if (segments is null || segments.Count == 0)
        {
            throw new FormatException("the encoded 'data' object has no 'segments'.");
        }

        return new EncodedData(encoding, segments);
    }

    private static List<Segment> ReadSegments(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException("'data.segments' is not an array.");
        }

        var segments = new List<Segment>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            segments.Add(ReadSegment(ref reader, segments.Count + 1));
        }

        return segments;
    }

    private static Segment ReadSegment(ref Utf8JsonReader reader, int ordinal)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException($"segment {ordinal} is not a JSON object.");
        }

        string? type = null;
        byte[]? data = null;
        Uri? uri = null, ackUri = null;
        List<KeyValuePair<string, string[]>>? headers = null;
        long? rowOffset = null, rowsCount = null, segmentSize = null, uncompressedSize = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("type"u8))
            {
                type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (name.SequenceEqual("data"u8))
            {
                data = reader.TokenType == JsonTokenType.String && reader.TryGetBytesFromBase64(out var bytes)
                    ? bytes
                    : throw new FormatException($"the data of inline segment {ordinal} is not a Base64 string.");
            }
            else if (name.SequenceEqual("uri"u8))
            {
                uri = Protocol.QueryResultsParser.ReadUri(ref reader, "segment uri");
            }
            else if (name.SequenceEqual("ackUri"u8))
            {
                ackUri = Protocol.QueryResultsParser.ReadUri(ref reader, "segment ackUri");
            }
            else if (name.SequenceEqual("headers"u8))
            {
                headers = ReadHeaders(ref reader, ordinal);
            }
            else if (name.SequenceEqual("metadata"u8) && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var field = reader.ValueSpan;
                    reader.Read();
                    if (field.SequenceEqual("rowOffset"u8))
                    {
                        rowOffset = ReadCount(ref reader, "rowOffset", ordinal);
                    }
                    else if (field.SequenceEqual("rowsCount"u8))
                    {
                        rowsCount = ReadCount(ref reader, "rowsCount", ordinal);
                    }
                    else if (field.SequenceEqual("segmentSize"u8))
                    {
                        segmentSize = ReadCount(ref reader, "segmentSize", ordinal);
                    }
                    else if (field.SequenceEqual("uncompressedSize"u8))
                    {
                        uncompressedSize = ReadCount(ref reader, "uncompressedSize", ordinal);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        switch (type)
        {
            case "inline" when data is not null:
                return new Segment { InlineData = data, RowOffset = rowOffset, RowsCount = rowsCount, SegmentSize = segmentSize, UncompressedSize = uncompressedSize };
            case "inline":
                throw new FormatException($"inline segment {ordinal} has no 'data'.");
            case "spooled" when uri is not null:
                return new Segment
                {
                    Uri = uri,
                    AckUri = ackUri,
                    Headers = headers ?? (IReadOnlyList<KeyValuePair<string, string[]>>)Array.Empty<KeyValuePair<string, string[]>>(),
                    RowOffset = rowOffset,
                    RowsCount = rowsCount,
                    SegmentSize = segmentSize,
                    UncompressedSize = uncompressedSize,
                };
            case "spooled":
                throw new FormatException($"spooled segment {ordinal} has no 'uri'.");
            default:
                throw new FormatException($"segment {ordinal} has the unknown type '{type}'.");
        }
    }

    private static List<KeyValuePair<string, string[]>> ReadHeaders(ref Utf8JsonReader reader, int ordinal)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException($"the headers of segment {ordinal} are not a JSON object.");
        }

        var headers = new List<KeyValuePair<string, string[]>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            var values = new List<string>();
            if (reader.TokenType == JsonTokenType.String)
            {
                values.Add(reader.GetString()!);
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    values.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new FormatException($"header '{name}' of segment {ordinal} has a value that is not a string."));
                }
            }
            else
            {
                throw new FormatException($"header '{name}' of segment {ordinal} is neither a string nor a list of strings.");
            }

            headers.Add(new KeyValuePair<string, string[]>(name, values.ToArray()));
        }

        return headers;
    }

    private static long ReadCount(ref Utf8JsonReader reader, string what, int ordinal)
    {
        long value = -1;
        if (reader.TokenType == JsonTokenType.Number)
        {
            value = reader.TryGetInt64(out var number) ? number : -1;
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            value = long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1;
        }

        return value >= 0 ? value : throw new FormatException($"'{what}' of segment {ordinal} is not a non-negative integer.");
    }
}
