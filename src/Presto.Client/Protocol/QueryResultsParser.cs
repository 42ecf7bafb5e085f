using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Presto.Types;

namespace Presto.Protocol;

/// <summary>
/// Reads one <c>QueryResults</c> document from the page bytes with a <see cref="Utf8JsonReader"/>: envelope
/// fields into <see cref="QueryResponse"/>, rows column by column straight into the typed buffers. Nothing
/// of the page is turned into strings except what a field needs. Anything that is not the JSON the
/// protocol promises becomes a <see cref="PrestoProtocolException"/> with a bounded excerpt of the body.
/// </summary>
internal static class QueryResultsParser
{
    private const int ExcerptLength = 512;
    private static readonly JsonReaderOptions s_options = new() { MaxDepth = 1024 };

    public static void Parse(PageBuffer body, QueryResponse response, ProtocolDialect dialect)
    {
        var page = body.Array;
        var span = body.Span;
        var row = -1;
        var column = -1;
        try
        {
            ParseDocument(page, span, response, dialect, ref row, ref column);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            throw Malformed(body, response, DescribeFailure(response, row, column, ex), ex);
        }
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

    private static string DescribeFailure(QueryResponse response, int row, int column, Exception ex)
    {
        if (column >= 0 && response.Columns is { } columns && column < columns.Length)
        {
            var c = columns[column];
            return $"The server sent a value that is not a valid '{c.TypeName}' in column '{c.Name}' (row {row + 1} of the page): {ex.Message}";
        }

        return "The server sent a response that is not valid QueryResults JSON: " + ex.Message;
    }

    private static void ParseDocument(byte[] page, ReadOnlySpan<byte> span, QueryResponse response, ProtocolDialect dialect, ref int row, ref int column)
    {
        if (span.IsEmpty)
        {
            throw new FormatException("the body is empty.");
        }

        var reader = new Utf8JsonReader(span, isFinalBlock: true, new JsonReaderState(s_options));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("the body is not a JSON object.");
        }

        response.NextUri = null;
        response.PartialCancelUri = null;
        response.RowCount = 0;
        response.Warnings.Clear();
        string? id = null;
        var deferredData = -1;
        var sawData = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw new FormatException("expected a property name.");
            }

            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("id"u8))
            {
                id = ReadString(ref reader, "id");
            }
            else if (name.SequenceEqual("nextUri"u8))
            {
                response.NextUri = ReadUri(ref reader, "nextUri");
            }
            else if (name.SequenceEqual("partialCancelUri"u8))
            {
                response.PartialCancelUri = ReadUri(ref reader, "partialCancelUri");
            }
            else if (name.SequenceEqual("infoUri"u8))
            {
                response.InfoUri = reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, "infoUri");
            }
            else if (name.SequenceEqual("columns"u8))
            {
                if (response.Columns is null && reader.TokenType != JsonTokenType.Null)
                {
                    response.Columns = ReadColumns(ref reader);
                    response.Buffers = CreateBuffers(response.Columns);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (name.SequenceEqual("data"u8))
            {
                if (sawData)
                {
                    throw new FormatException("'data' appears twice.");
                }

                sawData = true;
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    throw new FormatException("the server sent spooled (encoded) result data, which this client did not request.");
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new FormatException("'data' is not an array.");
                }

                if (response.Columns is null)
                {
                    deferredData = (int)reader.TokenStartIndex;
                    reader.Skip();
                }
                else
                {
                    ReadRows(ref reader, page, 0, response, ref row, ref column);
                }
            }
            else if (name.SequenceEqual("stats"u8))
            {
                ReadStats(ref reader, response.Status);
            }
            else if (name.SequenceEqual("error"u8))
            {
                if (reader.TokenType != JsonTokenType.Null)
                {
                    response.Error = ReadError(ref reader, response.QueryId ?? id, dialect);
                }
            }
            else if (name.SequenceEqual("warnings"u8))
            {
                ReadWarnings(ref reader, response.Warnings);
            }
            else if (name.SequenceEqual("updateType"u8))
            {
                response.UpdateType = reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, "updateType");
            }
            else if (name.SequenceEqual("updateCount"u8))
            {
                response.UpdateCount = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new FormatException("the JSON document ends early.");
        }

        if (reader.Read())
        {
            throw new FormatException("there is content after the JSON document.");
        }

        if (id is null)
        {
            throw new FormatException("the required field 'id' is missing.");
        }

        response.QueryId = id;
        if (response.Error is not null && response.Error.QueryId is null)
        {
            response.Error = WithQueryId(response.Error, id);
        }

        if (deferredData >= 0)
        {
            if (response.Columns is null)
            {
                throw new FormatException("the response has 'data' but no 'columns'.");
            }

            var dataReader = new Utf8JsonReader(span.Slice(deferredData), isFinalBlock: true, new JsonReaderState(s_options));
            dataReader.Read();
            ReadRows(ref dataReader, page, deferredData, response, ref row, ref column);
        }
    }

    private static ColumnBuffer[] CreateBuffers(ResultColumn[] columns)
    {
        var buffers = new ColumnBuffer[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            buffers[i] = columns[i].Decoder.CreateBuffer();
        }

        return buffers;
    }

    private static void ReadRows(ref Utf8JsonReader reader, byte[] page, int readerBase, QueryResponse response, ref int row, ref int column)
    {
        var buffers = response.Buffers;
        var width = buffers.Length;
        foreach (var buffer in buffers)
        {
            buffer.Reset(page, readerBase);
        }

        row = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new FormatException($"row {row + 1} of the page is not a JSON array.");
            }

            for (column = 0; column < width; column++)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    column = -1;
                    throw new FormatException($"row {row + 1} of the page has fewer values than the {width} columns.");
                }

                buffers[column].Read(ref reader);
            }

            column = -1;
            reader.Read();
            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw new FormatException($"row {row + 1} of the page has more values than the {width} columns.");
            }

            row++;
        }

        response.RowCount = row;
        row = -1;
    }

    private static ResultColumn[] ReadColumns(ref Utf8JsonReader reader)
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

    private static void ReadStats(ref Utf8JsonReader reader, QueryStatus status)
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

    private static void ReadWarnings(ref Utf8JsonReader reader, List<PrestoWarning> warnings)
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

    private static PrestoQueryException ReadError(ref Utf8JsonReader reader, string? queryId, ProtocolDialect dialect)
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

        return new PrestoQueryException(text, queryId, errorName, errorCode, errorType, location, failure, InfrastructureErrors.IsInfrastructure(errorName, dialect));
    }

    private static PrestoQueryException WithQueryId(PrestoQueryException error, string queryId) =>
        new(error.Message + $" [query {queryId}]", queryId, error.ErrorName, error.ErrorCode, error.ErrorType, error.ErrorLocation, error.FailureInfo, error.IsTransient);

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

    private static string ReadString(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new FormatException($"'{what}' is not a string.");
        }

        return reader.GetString()!;
    }

    private static Uri? ReadUri(ref Utf8JsonReader reader, string what)
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
