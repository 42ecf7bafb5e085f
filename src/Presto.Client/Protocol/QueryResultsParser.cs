using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Presto.Types;

namespace Presto.Protocol;

/// <summary>
/// The readers of the <c>QueryResults</c> envelope fields (columns, stats, error, warnings, URIs) that
/// <see cref="PageParser"/> uses while a page arrives, and <see cref="Parse"/> for a body that is already complete.
/// Anything that is not the JSON the protocol promises becomes a <see cref="PrestoProtocolException"/> with a
/// bounded excerpt of the body.
/// </summary>
internal static class QueryResultsParser
{
    private const int ExcerptLength = 512;
    private static readonly JsonReaderOptions s_options = new() { MaxDepth = 1024 };

    /// <summary>Parses a complete body (the same code path as incremental parsing, in one step).</summary>
    public static void Parse(PageBuffer body, QueryResponse response, ProtocolDialect dialect)
    {
        var parser = new PageParser(response, dialect);
        parser.OnRestart(body);
        parser.Finish(body);
    }

    /// <summary>A protocol error about the body in <paramref name="body"/>.</summary>
    public static PrestoProtocolException Malformed(PageBuffer body, QueryResponse response, string message, Exception? inner = null) =>
        new(message, 200, Excerpt(body.Span), response.QueryId, false, inner);

    /// <summary>The start of a body as text, with control characters replaced, for error messages.</summary>
    public static string Excerpt(ReadOnlySpan<byte> body)
    {
        var slice = body.Length > ExcerptLength ? body.Slice(0, ExcerptLength) : body;
        var text = Encoding.UTF8.GetString(slice.ToArray());
        var sb = new StringBuilder(text.Length + 3);
        foreach (var c in text)
        {
            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        if (body.Length > ExcerptLength)
        {
            sb.Append('…');
        }

        return sb.ToString();
    }

    internal static string DescribeFailure(QueryResponse response, int row, int column, Exception ex)
    {
        if (column >= 0 && response.Columns is { } columns && column < columns.Length)
        {
            var c = columns[column];
            return $"The server sent a value that is not a valid '{c.TypeName}' in column '{c.Name}' (row {row + 1} of the page): {ex.Message}";
        }

        return "The server sent a response that is not valid QueryResults JSON: " + ex.Message;
    }

    internal static ColumnBuffer[] CreateBuffers(ResultColumn[] columns)
    {
        var buffers = new ColumnBuffer[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            buffers[i] = columns[i].Decoder.CreateBuffer();
        }

        return buffers;
    }

    internal static ResultColumn[] ReadColumns(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException("'columns' is not an array.");
        }

        var columns = new List<ResultColumn>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("a column is not a JSON object.");
            }

            string? name = null;
            string? type = null;
            TypeSignature? signature = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var property = reader.ValueSpan;
                reader.Read();
                if (property.SequenceEqual("name"u8))
                {
                    name = ReadString(ref reader, "column name");
                }
                else if (property.SequenceEqual("type"u8))
                {
                    type = ReadString(ref reader, "column type");
                }
                else if (property.SequenceEqual("typeSignature"u8) && reader.TokenType == JsonTokenType.StartObject)
                {
                    var copy = reader;
                    try
                    {
                        signature = TypeSignatureParser.ParseJson(ref copy);
                    }
                    catch (Exception ex) when (ex is FormatException or InvalidOperationException or JsonException)
                    {
                        // An unfamiliar signature shape: fall back to the type text below.
                        signature = null;
                    }

                    reader.Skip();
                }
                else
                {
                    reader.Skip();
                }
            }

            if (name is null || type is null)
            {
                throw new FormatException($"column {columns.Count + 1} lacks its 'name' or 'type'.");
            }

            signature ??= ParseTypeText(type);
            columns.Add(new ResultColumn(columns.Count, name, type, signature, DecoderRegistry.Create(signature)));
        }

        return columns.ToArray();
    }

    private static TypeSignature ParseTypeText(string type)
    {
        try
        {
            return TypeSignatureParser.ParseText(type);
        }
        catch (FormatException)
        {
            // Unknown syntax: the column decodes to its raw wire text.
            return new TypeSignature(type);
        }
    }

    internal static void ReadStats(ref Utf8JsonReader reader, QueryStatus status)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("state"u8))
            {
                status.State = reader.TokenType == JsonTokenType.String ? reader.GetString() : status.State;
            }
            else if (name.SequenceEqual("scheduled"u8))
            {
                status.Scheduled = reader.TokenType == JsonTokenType.True;
            }
            else if (name.SequenceEqual("progressPercentage"u8))
            {
                status.ProgressPercentage = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null;
            }
            else if (name.SequenceEqual("elapsedTimeMillis"u8))
            {
                status.ElapsedTimeMillis = ReadLong(ref reader);
            }
            else if (name.SequenceEqual("queuedTimeMillis"u8))
            {
                status.QueuedTimeMillis = ReadLong(ref reader);
            }
            else if (name.SequenceEqual("cpuTimeMillis"u8))
            {
                status.CpuTimeMillis = ReadLong(ref reader);
            }
            else if (name.SequenceEqual("processedRows"u8))
            {
                status.ProcessedRows = ReadLong(ref reader);
            }
            else if (name.SequenceEqual("processedBytes"u8))
            {
                status.ProcessedBytes = ReadLong(ref reader);
            }
            else if (name.SequenceEqual("peakMemoryBytes"u8))
            {
                status.PeakMemoryBytes = ReadLong(ref reader);
            }
            else if (name.SequenceEqual("queuedSplits"u8))
            {
                status.QueuedSplits = (int)ReadLong(ref reader);
            }
            else if (name.SequenceEqual("runningSplits"u8))
            {
                status.RunningSplits = (int)ReadLong(ref reader);
            }
            else if (name.SequenceEqual("wallTimeMillis"u8))
            {
                status.WallTimeMillis = ReadLong(ref reader);
            }
            else if (name.SequenceEqual("nodes"u8))
            {
                status.Nodes = (int)ReadLong(ref reader);
            }
            else if (name.SequenceEqual("totalSplits"u8))
            {
                status.TotalSplits = (int)ReadLong(ref reader);
            }
            else if (name.SequenceEqual("completedSplits"u8))
            {
                status.CompletedSplits = (int)ReadLong(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static long ReadLong(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return 0;
        }

        return reader.TryGetInt64(out var value) ? value : (long)reader.GetDouble();
    }

    internal static void ReadWarnings(ref Utf8JsonReader reader, List<PrestoWarning> warnings)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var code = 0;
            var name = string.Empty;
            var message = string.Empty;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var property = reader.ValueSpan;
                reader.Read();
                if (property.SequenceEqual("message"u8) && reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString()!;
                }
                else if (property.SequenceEqual("warningCode"u8) && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var field = reader.ValueSpan;
                        reader.Read();
                        if (field.SequenceEqual("code"u8) && reader.TokenType == JsonTokenType.Number)
                        {
                            code = reader.GetInt32();
                        }
                        else if (field.SequenceEqual("name"u8) && reader.TokenType == JsonTokenType.String)
                        {
                            name = reader.GetString()!;
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

            warnings.Add(new PrestoWarning(code, name, message));
        }
    }

    internal static PrestoQueryException ReadError(ref Utf8JsonReader reader, string? queryId, ProtocolDialect dialect)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("'error' is not a JSON object.");
        }

        string? message = null;
        string? errorName = null;
        var errorCode = 0;
        var errorType = PrestoErrorType.Unknown;
        PrestoErrorLocation? location = null;
        PrestoFailureInfo? failure = null;
        bool? retriable = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("message"u8))
            {
                message = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (name.SequenceEqual("errorName"u8))
            {
                errorName = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (name.SequenceEqual("errorCode"u8))
            {
                errorCode = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : 0;
            }
            else if (name.SequenceEqual("errorType"u8))
            {
                errorType = reader.TokenType == JsonTokenType.String ? ParseErrorType(reader.GetString()) : PrestoErrorType.Unknown;
            }
            else if (name.SequenceEqual("errorLocation"u8))
            {
                location = ReadLocation(ref reader);
            }
            else if (name.SequenceEqual("failureInfo"u8))
            {
                failure = ReadFailure(ref reader, 0);
            }
            else if (name.SequenceEqual("retriable"u8))
            {
                retriable = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => null,
                };
            }
            else
            {
                reader.Skip();
            }
        }

        errorName ??= "GENERIC_INTERNAL_ERROR";
        message ??= "Internal error";
        var text = $"{errorName}: {message}";
        if (queryId is not null)
        {
            text += $" [query {queryId}]";
        }

        return new PrestoQueryException(text, queryId, errorName, errorCode, errorType, location, failure, InfrastructureErrors.IsInfrastructure(errorName, dialect))
        {
            ServerMessage = message,
            Retriable = retriable,
        };
    }

    internal static PrestoQueryException WithQueryId(PrestoQueryException error, string queryId) =>
        new(error.Message + $" [query {queryId}]", queryId, error.ErrorName, error.ErrorCode, error.ErrorType, error.ErrorLocation, error.FailureInfo, error.IsTransient)
        {
            ServerMessage = error.ServerMessage,
            Retriable = error.Retriable,
        };

    private static PrestoErrorType ParseErrorType(string? text) => text switch
    {
        "USER_ERROR" => PrestoErrorType.UserError,
        "INTERNAL_ERROR" => PrestoErrorType.InternalError,
        "INSUFFICIENT_RESOURCES" => PrestoErrorType.InsufficientResources,
        "EXTERNAL" => PrestoErrorType.External,
        _ => PrestoErrorType.Unknown,
    };

    private static PrestoErrorLocation? ReadLocation(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        int line = 0, column = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("lineNumber"u8) && reader.TokenType == JsonTokenType.Number)
            {
                line = reader.GetInt32();
            }
            else if (name.SequenceEqual("columnNumber"u8) && reader.TokenType == JsonTokenType.Number)
            {
                column = reader.GetInt32();
            }
            else
            {
                reader.Skip();
            }
        }

        return new PrestoErrorLocation(line, column);
    }

    private static PrestoFailureInfo? ReadFailure(ref Utf8JsonReader reader, int depth)
    {
        if (reader.TokenType != JsonTokenType.StartObject || depth > 64)
        {
            reader.Skip();
            return null;
        }

        string? type = null;
        string? message = null;
        PrestoFailureInfo? cause = null;
        var suppressed = new List<PrestoFailureInfo>();
        var stack = new List<string>();
        PrestoErrorLocation? location = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("type"u8) && reader.TokenType == JsonTokenType.String)
            {
                type = reader.GetString();
            }
            else if (name.SequenceEqual("message"u8) && reader.TokenType == JsonTokenType.String)
            {
                message = reader.GetString();
            }
            else if (name.SequenceEqual("cause"u8))
            {
                cause = ReadFailure(ref reader, depth + 1);
            }
            else if (name.SequenceEqual("suppressed"u8) && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (ReadFailure(ref reader, depth + 1) is { } s)
                    {
                        suppressed.Add(s);
                    }
                }
            }
            else if (name.SequenceEqual("stack"u8) && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        stack.Add(reader.GetString()!);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (name.SequenceEqual("errorLocation"u8))
            {
                location = ReadLocation(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new PrestoFailureInfo(type, message, cause, suppressed, stack, location);
    }

    internal static string ReadString(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new FormatException($"'{what}' is not a string.");
        }

        return reader.GetString()!;
    }

    internal static Uri? ReadUri(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = ReadString(ref reader, what);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"'{what}' is not an absolute http(s) URI.");
        }

        return uri;
    }
}
