using System;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Presto.Types;
#if NET6_0_OR_GREATER
using DateValue = System.DateOnly;
#else
using DateValue = System.DateTime;
#endif

namespace Presto.Protocol;

/// <summary>
/// Parses one <c>QueryResults</c> document while its bytes arrive. The transport appends each chunk it reads to the
/// page buffer and calls <see cref="OnAppended"/>; the parser then decodes every envelope field and every row that is
/// complete in the buffer (checked with <see cref="Utf8JsonReader.TrySkip"/> on a copy of the reader) and stops at
/// the first incomplete one, keeping the reader state to resume from there. Decoding thus overlaps the network while
/// one page of bytes is held, and a retried attempt (<see cref="OnRestart"/>) starts the page over. <see cref="Finish"/>
/// reads the rest with the final block and checks the document is complete. Rows reach the reader only after
/// <see cref="Finish"/>, so a page that fails part-way hands out none of its rows.
/// </summary>
internal sealed class PageParser : IPageObserver
{
    /// <summary>The nesting depth allowed when <c>MaxJsonDepth</c> is not set (System.Text.Json's own default is 64).</summary>
    public const int DefaultMaxDepth = 1024;

    private readonly JsonReaderOptions _options;

    private readonly QueryResponse _response;
    private readonly ProtocolDialect _dialect;
    private Phase _phase;
    private int _consumed;
    private JsonReaderState _state;
    private string? _id;
    private Uri? _nextUri;
    private Uri? _partialCancelUri;
    private bool _sawData;
    private int _deferredData;
    private int _rows;
    private int _row;
    private int _column;

    public PageParser(QueryResponse response, ProtocolDialect dialect, int maxDepth = DefaultMaxDepth)
    {
        _response = response;
        _dialect = dialect;
        _options = new JsonReaderOptions { MaxDepth = maxDepth };
    }

    private enum Phase
    {
        Start,
        Envelope,
        Rows,
        RowsEnd,
        End,
    }

    /// <summary>A new attempt starts: forget what an earlier attempt of this page parsed.</summary>
    public void OnRestart(PageBuffer body)
    {
        _phase = Phase.Start;
        _consumed = 0;
        _state = new JsonReaderState(_options);
        _id = null;
        _nextUri = null;
        _partialCancelUri = null;
        _sawData = false;
        _deferredData = -1;
        _rows = 0;
        _row = -1;
        _column = -1;
        // NextUri keeps pointing at the page being fetched (a cancel DELETEs it) until this document is complete.
        _response.RowCount = 0;
        _response.EncodedData = null;
        _response.Warnings.Clear();
        foreach (var buffer in _response.Buffers)
        {
            buffer.Reset(body.Array, 0);
        }
    }

    /// <summary>
    /// Decodes a bare JSON array of rows (a decoded spooled segment, PROTOCOL.md §7.3) held in <paramref name="page"/> into the
    /// response's buffers with the same row scanner as the <c>data</c> array of a page.
    /// </summary>
    /// <exception cref="FormatException">The bytes are not a JSON array of rows of the response's columns.</exception>
    public void ParseRows(byte[] page, int length)
    {
        _rows = 0;
        _row = -1;
        _column = -1;
        foreach (var buffer in _response.Buffers)
        {
            buffer.Reset(page, 0);
        }

        var span = new ReadOnlySpan<byte>(page, 0, length);
        try
        {
            var pos = SkipWhitespace(span, 0);
            if (pos == span.Length || span[pos] != '[')
            {
                throw new FormatException("the rows are not a JSON array.");
            }

            pos++;
            ScanRows(page, span, ref pos, final: true);
            if (SkipWhitespace(span, pos + 1) != span.Length)
            {
                throw new FormatException("there is content after the rows.");
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            throw new FormatException(QueryResultsParser.DescribeFailure(_response, _row, _column, ex), ex);
        }
        catch (FormatException ex) when (_column >= 0)
        {
            throw new FormatException(QueryResultsParser.DescribeFailure(_response, _row, _column, ex), ex);
        }

        _response.RowCount = _rows;
    }

    /// <summary>More bytes arrived: decode what is complete.</summary>
    public void OnAppended(PageBuffer body) => Run(body, final: false);

    /// <summary>The body is complete: decode the rest and check the document.</summary>
    public void Finish(PageBuffer body) => Run(body, final: true);

    private void Run(PageBuffer body, bool final)
    {
        try
        {
            Advance(body, final);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            throw QueryResultsParser.Malformed(body, _response, QueryResultsParser.DescribeFailure(_response, _row, _column, ex), ex);
        }
    }

    private void Advance(PageBuffer body, bool final)
    {
        if (final && body.Length == 0)
        {
            throw new FormatException("the body is empty.");
        }

        // The bytes may have moved to a bigger array; cells keep their page offsets.
        foreach (var buffer in _response.Buffers)
        {
            buffer.Rebase(body.Array, 0);
        }

        while (true)
        {
            if (_phase == Phase.Rows)
            {
                var pos = _consumed;
                var ended = ScanRows(body.Array, body.Span, ref pos, final);
                _consumed = pos;
                if (!ended)
                {
                    return;
                }

                _phase = Phase.RowsEnd;
            }

            if (!ReadEnvelope(body, final))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Reads the envelope with <see cref="Utf8JsonReader"/> from where the last call stopped. Returns <see langword="true"/> when
    /// the <c>data</c> array opens (the rows are scanned by hand from <see cref="_consumed"/>, and the reader's state is kept to
    /// resume at the array's end), <see langword="false"/> when the bytes run out or the document is done.
    /// </summary>
    private bool ReadEnvelope(PageBuffer body, bool final)
    {
        var page = body.Array;
        var readerBase = _consumed;
        var reader = new Utf8JsonReader(body.Span.Slice(readerBase), final, _state);
        while (true)
        {
            var checkpoint = reader;
            switch (_phase)
            {
                case Phase.Start:
                    if (!reader.Read())
                    {
                        goto NeedMore;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new FormatException("the body is not a JSON object.");
                    }

                    _phase = Phase.Envelope;
                    break;

                case Phase.Envelope:
                    if (!reader.Read())
                    {
                        goto NeedMore;
                    }

                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        _phase = Phase.End;
                        Complete(body);
                        break;
                    }

                    if (reader.TokenType != JsonTokenType.PropertyName)
                    {
                        throw new FormatException("expected a property name.");
                    }

                    var isData = reader.ValueTextEquals("data"u8);
                    var name = reader;
                    if (!reader.Read())
                    {
                        reader = checkpoint;
                        goto NeedMore;
                    }

                    if (isData && reader.TokenType == JsonTokenType.StartArray && _response.Columns is not null && !_sawData)
                    {
                        _sawData = true;
                        foreach (var buffer in _response.Buffers)
                        {
                            buffer.Reset(page, 0);
                        }

                        _phase = Phase.Rows;
                        _consumed = readerBase + (int)reader.BytesConsumed;
                        _state = reader.CurrentState;
                        return true;
                    }

                    var end = reader;
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !end.TrySkip())
                    {
                        reader = checkpoint;
                        goto NeedMore;
                    }

                    // The value is complete: read it with a final-block reader of its own (Skip needs one).
                    var valueStart = (int)reader.TokenStartIndex;
                    var valueBase = readerBase + valueStart;
                    var value = new Utf8JsonReader(body.Span.Slice(valueBase, (int)end.BytesConsumed - valueStart), isFinalBlock: true, new JsonReaderState(_options));
                    value.Read();
                    ReadProperty(ref name, ref value, page, valueBase);
                    reader = end;
                    break;

                case Phase.RowsEnd:
                    // The scan stopped on the data array's closing bracket; the state is the one saved at its opening bracket.
                    if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
                    {
                        throw new FormatException("the data array does not end where its rows do.");
                    }

                    _response.RowCount = _rows;
                    _phase = Phase.Envelope;
                    break;

                default:
                    if (!final)
                    {
                        goto NeedMore;
                    }

                    if (reader.Read())
                    {
                        throw new FormatException("there is content after the JSON document.");
                    }

                    return false;
            }
        }

    NeedMore:
        if (final)
        {
            throw new FormatException("the JSON document ends early.");
        }

        _consumed = readerBase + (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        return false;
    }

    private void ReadProperty(ref Utf8JsonReader name, ref Utf8JsonReader reader, byte[] page, int readerBase)
    {
        var response = _response;
        if (name.ValueTextEquals("id"u8))
        {
            _id = QueryResultsParser.ReadString(ref reader, "id");
        }
        else if (name.ValueTextEquals("nextUri"u8))
        {
            _nextUri = QueryResultsParser.ReadUri(ref reader, "nextUri");
        }
        else if (name.ValueTextEquals("partialCancelUri"u8))
        {
            _partialCancelUri = QueryResultsParser.ReadUri(ref reader, "partialCancelUri");
        }
        else if (name.ValueTextEquals("infoUri"u8))
        {
            response.InfoUri = reader.TokenType == JsonTokenType.Null ? null : QueryResultsParser.ReadString(ref reader, "infoUri");
        }
        else if (name.ValueTextEquals("columns"u8))
        {
            if (response.Columns is null && reader.TokenType != JsonTokenType.Null)
            {
                response.Columns = QueryResultsParser.ReadColumns(ref reader);
                response.Buffers = QueryResultsParser.CreateBuffers(response.Columns);
                foreach (var buffer in response.Buffers)
                {
                    buffer.Reset(page, 0);
                }
            }
            else
            {
                reader.Skip();
            }
        }
        else if (name.ValueTextEquals("data"u8))
        {
            if (_sawData)
            {
                throw new FormatException("'data' appears twice.");
            }

            _sawData = true;
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    break;
                case JsonTokenType.StartObject:
                    // Spooled result data (Trino, PROTOCOL.md §7.2): its segments are decoded by the statement.
                    _response.EncodedData = Spooling.EncodedDataParser.Read(ref reader);
                    break;
                case JsonTokenType.StartArray:
                    // Rows before the columns (no server sends them so, but the order of fields is not promised):
                    // decoded once the document is complete.
                    _deferredData = readerBase + (int)reader.TokenStartIndex;
                    reader.Skip();
                    break;
                default:
                    throw new FormatException("'data' is not an array.");
            }
        }
        else if (name.ValueTextEquals("stats"u8))
        {
            QueryResultsParser.ReadStats(ref reader, response.Status);
        }
        else if (name.ValueTextEquals("error"u8))
        {
            if (reader.TokenType != JsonTokenType.Null)
            {
                response.Error = QueryResultsParser.ReadError(ref reader, response.QueryId ?? _id, _dialect);
            }
        }
        else if (name.ValueTextEquals("warnings"u8))
        {
            QueryResultsParser.ReadWarnings(ref reader, response.Warnings);
        }
        else if (name.ValueTextEquals("updateType"u8))
        {
            response.UpdateType = reader.TokenType == JsonTokenType.Null ? null : QueryResultsParser.ReadString(ref reader, "updateType");
        }
        else if (name.ValueTextEquals("updateCount"u8))
        {
            response.UpdateCount = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
        }
        else
        {
            reader.Skip();
        }
    }

    /// <summary>
    /// Scans the rows of the data array by hand from <paramref name="pos"/> (just after the array's opening bracket or after the
    /// last complete row) and decodes every complete row. Returns <see langword="true"/> with <paramref name="pos"/> on the array's
    /// closing bracket, or <see langword="false"/> with <paramref name="pos"/> after the last complete row when the bytes end
    /// first (on the final block that is an error). Rows are JSON checked as strictly as <see cref="Utf8JsonReader"/> does.
    /// </summary>
    // Never inlined: dynamic PGO would otherwise inline the scan into the transport's read loop (an async state machine), where the
    // JIT's inlining budget runs out before the per-cell helpers (the scanners, Commit, NextRow) and they stay calls.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ScanRows(byte[] page, ReadOnlySpan<byte> span, ref int pos, bool final)
    {
        while (true)
        {
            var p = SkipWhitespace(span, pos);
            if (p == span.Length)
            {
                break;
            }

            if (span[p] == ']')
            {
                pos = p;
                return true;
            }

            if (_rows > 0)
            {
                if (span[p] != ',')
                {
                    throw BadRowSeparator();
                }

                p = SkipWhitespace(span, p + 1);
                if (p == span.Length)
                {
                    break;
                }
            }

            if (span[p] != '[')
            {
                throw RowNotArray();
            }

            p = ScanRow(page, span, p, final);
            if (p < 0)
            {
                break;
            }

            _rows++;
            pos = p;
        }

        if (final)
        {
            throw new FormatException("the JSON document ends early.");
        }

        return false;
    }

    /// <summary>
    /// Decodes the row whose opening bracket is at <paramref name="pos"/>; returns the index after its closing bracket, or -1 when
    /// the row is not complete yet (the cells it had written are then dropped).
    /// </summary>
    private int ScanRow(byte[] page, ReadOnlySpan<byte> span, int pos, bool final)
    {
        var buffers = _response.Buffers;
        var width = buffers.Length;
        var p = pos + 1;
        _row = _rows;
        for (var column = 0; column < width; column++)
        {
            // The field names the cell in an error message; the loop runs on the local.
            _column = column;
            p = SkipWhitespace(span, p);
            if (column > 0 && p < span.Length)
            {
                if (span[p] != ',')
                {
                    throw BadSeparator(span[p], column, width);
                }

                p = SkipWhitespace(span, p + 1);
            }

            if (p == span.Length)
            {
                return Rollback(column);
            }

            if (column == 0 && span[p] == ']')
            {
                throw TooFewValues(width);
            }

            var buffer = buffers[column];
            int end;
            if (span[p] == 'n' && (end = WireText.ScanLiteral(span, p, "null"u8)) > 0)
            {
                buffer.ReadNull(p);
            }
            else if ((end = ScanCell(buffer, span, p)) < 0 && (end = ScanCellSlowly(page, span, p, buffer, final)) < 0)
            {
                return Rollback(column);
            }

            p = end;
        }

        _column = -1;
        p = SkipWhitespace(span, p);
        if (p == span.Length)
        {
            return Rollback(width);
        }

        if (span[p] != ']')
        {
            throw BadRowEnd(span[p], width);
        }

        _row = -1;
        return p + 1;
    }

    /// <summary>
    /// What the direct scanner declined: the buffer's own <see cref="ColumnBuffer.TryScan"/>, then a reader. Out of line, so that
    /// the positions it takes by reference are its own locals, not the row scan's.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ScanCellSlowly(byte[] page, ReadOnlySpan<byte> span, int pos, ColumnBuffer buffer, bool final) =>
        buffer.TryScan(span, ref pos) || ReadCellWithReader(page, span, ref pos, buffer, final, _options) ? pos : -1;

    /// <summary>
    /// The cell through its column's direct scanner (<see cref="ColumnBuffer.Kind"/>): one switch instead of a virtual call per cell.
    /// Returns the index after the value, or -1 when the column has none or the value is not in its type's common shape.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ScanCell(ColumnBuffer buffer, ReadOnlySpan<byte> span, int pos) =>
        buffer.Kind switch
        {
            ScanKind.Bigint => ((ColumnBuffer<long>)buffer).Scan<BigintDecoder.Scanner>(span, pos),
            ScanKind.Integer => ((ColumnBuffer<int>)buffer).Scan<IntegerDecoder.Scanner>(span, pos),
            ScanKind.Double => ((ColumnBuffer<double>)buffer).Scan<DoubleDecoder.Scanner>(span, pos),
            ScanKind.Boolean => ((ColumnBuffer<bool>)buffer).Scan<BooleanDecoder.Scanner>(span, pos),
            ScanKind.Decimal => ((ColumnBuffer<decimal>)buffer).Scan<DecimalDecoder.Scanner>(span, pos),
            ScanKind.Date => ((ColumnBuffer<DateValue>)buffer).Scan<DateDecoder.Scanner>(span, pos),
            ScanKind.Timestamp => ((ColumnBuffer<DateTime>)buffer).Scan<TimestampDecoder.Scanner>(span, pos),
            ScanKind.Text => ((ColumnBuffer<string>)buffer).ScanPlainText(span, pos),
            _ => -1,
        };

    // The error messages are built out of line: their string building would otherwise widen the frame of every row's scan.

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FormatException BadSeparator(byte found, int column, int width) =>
        found == ']' ? TooFewValues(width) : new FormatException($"expected ',' after value {column} of row {_rows + 1}.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FormatException BadRowSeparator() => new($"expected ',' or ']' after row {_rows} of the page.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FormatException RowNotArray() => new($"row {_rows + 1} of the page is not a JSON array.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FormatException BadRowEnd(byte found, int width) =>
        found == ','
            ? new FormatException($"row {_rows + 1} of the page has more values than the {width} columns.")
            : new FormatException($"expected ']' after the last value of row {_rows + 1}.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FormatException TooFewValues(int width)
    {
        _column = -1;
        return new FormatException($"row {_rows + 1} of the page has fewer values than the {width} columns.");
    }

    /// <summary>
    /// The general cell path, for what the column's <see cref="ColumnBuffer.TryScan"/> declines: a <see cref="Utf8JsonReader"/> of
    /// its own from the cell's first byte (it also produces the JSON error for anything malformed). A nested value is read once
    /// complete, with a final-block reader over exactly its bytes. <see langword="false"/> when the value is not complete yet.
    /// </summary>
    private static bool ReadCellWithReader(byte[] page, ReadOnlySpan<byte> span, ref int pos, ColumnBuffer buffer, bool final, JsonReaderOptions options)
    {
        var start = pos;
        var reader = new Utf8JsonReader(span.Slice(start), final, new JsonReaderState(options));
        if (!reader.Read())
        {
            return false;
        }

        buffer.Rebase(page, start);
        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
        {
            var end = reader;
            if (!end.TrySkip())
            {
                return false;
            }

            var cell = new Utf8JsonReader(span.Slice(start, (int)end.BytesConsumed), isFinalBlock: true, new JsonReaderState(options));
            cell.Read();
            buffer.Read(ref cell);
            pos = start + (int)end.BytesConsumed;
        }
        else
        {
            buffer.Read(ref reader);
            pos = start + (int)reader.BytesConsumed;
        }

        buffer.Rebase(page, 0);
        return true;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> span, int pos)
    {
        while (pos < span.Length && span[pos] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            pos++;
        }

        return pos;
    }

    /// <summary>Drops the cells an incomplete row wrote to its first <paramref name="columns"/> columns; always -1.</summary>
    private int Rollback(int columns)
    {
        var buffers = _response.Buffers;
        for (var i = 0; i < columns; i++)
        {
            buffers[i].Truncate(_rows);
        }

        _column = -1;
        _row = -1;
        return -1;
    }

    /// <summary>The document's closing brace was read: check the envelope and decode rows that came before the columns.</summary>
    private void Complete(PageBuffer body)
    {
        if (_id is null)
        {
            throw new FormatException("the required field 'id' is missing.");
        }

        _response.QueryId = _id;
        _response.NextUri = _nextUri;
        _response.PartialCancelUri = _partialCancelUri;
        if (_response.Error is { QueryId: null } error)
        {
            _response.Error = QueryResultsParser.WithQueryId(error, _id);
        }

        if (_deferredData < 0)
        {
            return;
        }

        if (_response.Columns is null)
        {
            throw new FormatException("the response has 'data' but no 'columns'.");
        }

        // The array was skipped whole, so it is complete in the buffer.
        foreach (var buffer in _response.Buffers)
        {
            buffer.Reset(body.Array, 0);
        }

        var pos = _deferredData + 1;
        ScanRows(body.Array, body.Span, ref pos, final: true);
        _response.RowCount = _rows;
    }
}
