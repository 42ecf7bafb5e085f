using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using Presto.Testing.Engine;
using Presto.Testing.Execution;
using Presto.Testing.Spooling;
using Presto.Testing.Types;

namespace Presto.Testing.Server;

/// <summary>
/// One statement on the server: the QUEUED → PLANNING → RUNNING → FINISHED/FAILED state machine, its token sequence
/// (same token → the cached response, older → 410, anything else → 404) and the paging of its rows into responses of
/// about the target size. Only the current page is held in memory; rows are pulled from their source as pages are served.
/// </summary>
internal sealed class Query : IDisposable
{
    private static readonly ConcurrentDictionary<string, PrestoType> s_types = new(StringComparer.Ordinal);
    private static readonly JsonWriterOptions s_writerOptions = ServerJson.Options with { SkipValidation = true };

    private readonly ServerContext _server;
    private readonly QueryFault? _fault;
    private readonly byte[] _slugKey = RandomNumberGenerator.GetBytes(16);
    private readonly string _prestoSlug;
    private ArrayBufferWriter<byte> _body = new(16 * 1024);
    private readonly Utf8JsonWriter _writer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _queuedTime;
    private TimeSpan? _finalElapsed;
    private int _queuedPolls;
    private long _served;
    private ResourceKind _nextKind = ResourceKind.Queued;
    private string? _nextUri;
    private QueryOutcome? _outcome;
    private SessionEffect? _effect;
    private PrestoType[]? _types;
    private IEnumerator<object?[]>? _rows;
    private IEnumerator<string>? _rawRows;
    private bool _lookahead;
    private bool _partialCancel;
    private bool _updateRowSent;
    private bool _columnsSent;
    private QueryError? _pendingFailure;
    private long _cpuTicks;
    private ArrayBufferWriter<byte>? _segmentBody;
    private Utf8JsonWriter? _segmentWriter;
    private int _segmentsWritten;

    public Query(ServerContext server, string id, string sql, RequestSession session, QueryFault? fault)
    {
        _server = server;
        Id = id;
        Sql = sql;
        Session = session;
        _fault = fault;
        _queuedPolls = server.Options.QueuedPolls;
        _prestoSlug = "x" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        _writer = new Utf8JsonWriter(_body, s_writerOptions);
        TotalSplits = Math.Max(1, server.Options.SplitsPerQuery);
        Touch();
    }

    public string Id { get; }

    /// <summary>The spooling encoder when the client negotiated an encoding (Trino spooling mode), else <see langword="null"/>.</summary>
    public SegmentEncoder? Spooling { get; set; }

    public string Sql { get; }

    public RequestSession Session { get; }

    public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public string State { get; private set; } = "QUEUED";

    public bool Dispatched { get; private set; }

    /// <summary>The last response has no <c>nextUri</c>: the client has seen the end.</summary>
    public bool Ended { get; private set; }

    /// <summary>The query reached a final state (it may not have been reported to the client yet).</summary>
    public bool IsDone => State is "FINISHED" or "FAILED";

    public QueryError? Error { get; private set; }

    public long RowsServed { get; private set; }

    public long BytesServed { get; private set; }

    public int PagesServed { get; private set; }

    public int TotalSplits { get; }

    public int CompletedSplits => State == "FINISHED" ? TotalSplits : Math.Min(TotalSplits - 1, PagesServed);

    public long? UpdateCount => _outcome?.UpdateCount;

    public string? UpdateType => _effect?.UpdateType ?? _outcome?.UpdateType;

    public long PeakMemoryBytes { get; private set; }

    public long CpuMillis => _cpuTicks * 1000 / Stopwatch.Frequency;

    public TimeSpan Elapsed => _finalElapsed ?? _clock.Elapsed;

    public TimeSpan QueuedTime => _queuedTime ?? _clock.Elapsed;

    public long LastAccessTicks { get; private set; }

    /// <summary>The body of the last response (valid while <see cref="Gate"/> is held).</summary>
    public ReadOnlyMemory<byte> Body => _body.WrittenMemory;

    /// <summary>Session changes to announce on executing-resource responses once the statement has run.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders =>
        _effect is not null && Dispatched ? _effect.Headers : [];

    /// <summary>The resource that served the last response (headers are only sent by the executing one).</summary>
    public ResourceKind LastResourceKind { get; private set; } = ResourceKind.Queued;

    public string Slug(ResourceKind kind, long token)
    {
        if (_server.Dialect == ServerDialect.Presto)
        {
            return _prestoSlug;
        }

        byte[] mac = HMACSHA256.HashData(_slugKey, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}/{token}")));
        return "y" + Convert.ToHexString(mac, 0, 16).ToLowerInvariant();
    }

    public string StatementUri(string baseUri, ResourceKind kind, long token)
    {
        string resource = kind == ResourceKind.Queued ? "queued" : "executing";
        return _server.Dialect == ServerDialect.Trino
            ? string.Create(CultureInfo.InvariantCulture, $"{baseUri}/v1/statement/{resource}/{Id}/{Slug(kind, token)}/{token}")
            : string.Create(CultureInfo.InvariantCulture, $"{baseUri}/v1/statement/{resource}/{Id}/{token}?slug={_prestoSlug}");
    }

    /// <summary>Writes the response to <c>POST /v1/statement</c> (token 0): the query is only registered.</summary>
    public void WriteSubmitted(string baseUri)
    {
        Touch();
        _nextUri = StatementUri(baseUri, ResourceKind.Queued, 1);
        WriteResponse(baseUri, ResourceKind.Queued, data: null);
    }

    /// <summary>
    /// Serves a GET of a statement URI; the caller holds <see cref="Gate"/>. Returns the HTTP status; for 200 the body is in
    /// <see cref="Body"/>.
    /// </summary>
    public int Get(string baseUri, ResourceKind kind, long token, string slug)
    {
        if (!SlugMatches(kind, token, slug))
        {
            return 404;
        }

        Touch();
        if (token == _served && token > 0)
        {
            return kind == LastResourceKind ? 200 : 404;
        }

        if (token < _served)
        {
            return 410;
        }

        if (token != _served + 1 || Ended || kind != _nextKind)
        {
            return 404;
        }

        _served = token;
        long started = Stopwatch.GetTimestamp();
        try
        {
            Advance(baseUri, kind);
        }
        finally
        {
            _cpuTicks += Stopwatch.GetTimestamp() - started;
        }

        PeakMemoryBytes = Math.Max(PeakMemoryBytes, _body.Capacity);
        return 200;
    }

    /// <summary>Whether a slug belongs to this query for the given token (Trino slugs are per token, PrestoDB's per query).</summary>
    public bool SlugMatches(ResourceKind kind, long token, string slug) =>
        string.Equals(slug, Slug(kind, token), StringComparison.Ordinal);

    /// <summary>Cancels the query (DELETE of its nextUri or of <c>/v1/query/{id}</c>): it ends FAILED with USER_CANCELED.</summary>
    public void Cancel() => Fail(QueryError.Create(_server.Dialect, "USER_CANCELED", "Query was canceled"));

    /// <summary>DELETE of the partialCancelUri: the leaf stage stops reading, the query completes with the rows it has.</summary>
    public void PartialCancel() => _partialCancel = true;

    public void Abandon()
    {
        if (!Gate.Wait(0))
        {
            return;
        }

        try
        {
            Fail(QueryError.Create(_server.Dialect, "ABANDONED_QUERY", string.Create(CultureInfo.InvariantCulture,
                $"Query {Id} was abandoned by the client, as it may have exited or stopped checking for query results. Query results have not been accessed since {DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(Environment.TickCount64 - LastAccessTicks):yyyy-MM-ddTHH:mm:ss.fffZ}: currentTime {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}")));
        }
        finally
        {
            Gate.Release();
        }
    }

    public void Dispose()
    {
        CloseRows();
        _segmentWriter?.Dispose();
        _writer.Dispose();
        Gate.Dispose();
    }

    private void Fail(QueryError error)
    {
        if (IsDone)
        {
            return;
        }

        Error = error;
        State = "FAILED";
        _finalElapsed = _clock.Elapsed;
        _queuedTime ??= _clock.Elapsed;
        CloseRows();
    }

    /// <summary>Records a client heartbeat (HEAD nextUri) without advancing the query.</summary>
    public void Heartbeat() => Touch();

    private void Touch() => LastAccessTicks = Environment.TickCount64;

    private void Advance(string baseUri, ResourceKind kind)
    {
        if (State == "QUEUED")
        {
            AdvanceQueued(baseUri);
            return;
        }

        if (Error is null && _pendingFailure is null)
        {
            CheckPageFault();
        }

        if (_pendingFailure is not null)
        {
            Fail(_pendingFailure);
            _pendingFailure = null;
        }

        if (Error is not null)
        {
            Finish(baseUri, kind, data: null);
            return;
        }

        if (_effect is not null)
        {
            FinishStatementWithoutRows(baseUri);
            return;
        }

        var outcome = _outcome!;
        if (outcome.UpdateType is not null)
        {
            if (outcome.UpdateCount is { } count && !_updateRowSent)
            {
                _updateRowSent = true;
                State = "RUNNING";
                PagesServed++;
                RowsServed = 1;
                _nextUri = StatementUri(baseUri, ResourceKind.Executing, _served + 1);
                WriteResponse(baseUri, ResourceKind.Executing, w => WriteSingleValueRow(w, count));
                return;
            }

            FinishStatementWithoutRows(baseUri);
            return;
        }

        State = "RUNNING";
        try
        {
            if (!WriteRowPage(baseUri))
            {
                State = "FINISHED";
                _finalElapsed = _clock.Elapsed;
                CloseRows();
                Finish(baseUri, ResourceKind.Executing, data: null);
            }
        }
        catch (Exception ex)
        {
            Fail(ToError(ex));
            Finish(baseUri, ResourceKind.Executing, data: null);
        }
    }

    private void AdvanceQueued(string baseUri)
    {
        QueryError? rejection = null;
        if (_fault is { At: FaultPoint.Queued })
        {
            rejection = FaultError(_fault);
        }
        else if (_server.State != ServerState.Active)
        {
            rejection = QueryError.Create(_server.Dialect, "SERVER_SHUTTING_DOWN", "Server is shutting down. Query " + Id + " has been cancelled");
        }
        else if (_server.QueueFull)
        {
            rejection = QueryError.Create(_server.Dialect, "QUERY_QUEUE_FULL", "Too many queued queries for \"global\"");
        }

        if (rejection is not null)
        {
            Fail(rejection);
            Finish(baseUri, ResourceKind.Queued, data: null);
            return;
        }

        if (_queuedPolls > 0)
        {
            _queuedPolls--;
            _nextUri = StatementUri(baseUri, ResourceKind.Queued, _served + 1);
            WriteResponse(baseUri, ResourceKind.Queued, data: null);
            return;
        }

        Dispatch();
        _nextUri = StatementUri(baseUri, ResourceKind.Executing, _served + 1);
        _nextKind = ResourceKind.Executing;
        WriteResponse(baseUri, ResourceKind.Queued, data: null);
    }

    private void Dispatch()
    {
        Dispatched = true;
        _queuedTime = _clock.Elapsed;
        State = "PLANNING";
        try
        {
            string sql = Sql;
            var script = _server.FindScript(sql);
            if (script is null)
            {
                _effect = _server.Sessions.TryHandle(sql, Session);
                if (_effect is not null)
                {
                    return;
                }

                sql = SessionStatements.ResolveExecute(sql, Session) ?? sql;
                script = _server.FindScript(sql);
            }

            _outcome = script is not null
                ? script.Produce()
                : _server.Engine.Execute(sql, new EngineSession(Session.User ?? "unknown", Session.Catalog, Session.Schema));
            Warnings = script?.Warnings ?? [];
            if (_outcome.Columns is { } columns)
            {
                _types = new PrestoType[columns.Count];
                for (int i = 0; i < columns.Count; i++)
                {
                    _types[i] = s_types.GetOrAdd(columns[i].Type, PrestoType.Parse);
                }

                if (_outcome.RawRows is not null)
                {
                    _rawRows = _outcome.RawRows.GetEnumerator();
                }
                else
                {
                    _rows = (_outcome.Rows ?? []).GetEnumerator();
                }
            }
        }
        catch (Exception ex)
        {
            _pendingFailure = ToError(ex);
        }
    }

    private IReadOnlyList<string> Warnings { get; set; } = [];

    private void CheckPageFault()
    {
        if (_fault is null || _fault.At == FaultPoint.Queued)
        {
            return;
        }

        int after = _fault.At == FaultPoint.BeforeFirstPage ? 0 : Math.Max(0, _fault.AfterPages);
        if (PagesServed >= after)
        {
            _pendingFailure = FaultError(_fault);
        }
    }

    private QueryError FaultError(QueryFault fault) => QueryError.Create(
        _server.Dialect,
        fault.ErrorName,
        fault.Message ?? DefaultMessage(fault.ErrorName),
        code: fault.ErrorCode,
        type: fault.ErrorType,
        retriable: fault.Retriable);

    private static string DefaultMessage(string name) => name switch
    {
        "REMOTE_TASK_ERROR" => "Remote task failed: worker node 10.0.0.7:8080 is unreachable",
        "PAGE_TRANSPORT_TIMEOUT" => "Encountered too many errors talking to a worker node. The node may have crashed or be under too much load.",
        "REMOTE_HOST_GONE" => "The remote node 10.0.0.7:8080 has gone away",
        "SERVER_SHUTTING_DOWN" => "Server is shutting down",
        "QUERY_QUEUE_FULL" => "Too many queued queries for \"global\"",
        "EXCEEDED_TIME_LIMIT" => "Query exceeded the maximum execution time limit of 1.00m",
        _ => "Query failed: " + name,
    };

    private QueryError ToError(Exception ex) => ex switch
    {
        QueryFailureException f => QueryError.Create(_server.Dialect, f.ErrorName, f.Message, f.LineNumber, f.ColumnNumber),
        FormatException or ArgumentException => QueryError.Create(_server.Dialect, "GENERIC_INTERNAL_ERROR", ex.Message),
        _ => QueryError.Create(_server.Dialect, "GENERIC_INTERNAL_ERROR", ex.GetType().Name + ": " + ex.Message),
    };

    private void FinishStatementWithoutRows(string baseUri)
    {
        State = "FINISHED";
        _finalElapsed = _clock.Elapsed;
        bool prestoDdl = _server.Dialect == ServerDialect.Presto && UpdateCount is null;
        Finish(baseUri, ResourceKind.Executing, prestoDdl ? w => WriteSingleValueRow(w, true) : null);
    }

    private void Finish(string baseUri, ResourceKind kind, Action<Utf8JsonWriter>? data)
    {
        _nextUri = null;
        Ended = true;
        if (_body.Capacity > 64 * 1024)
        {
            // The final response is small: give the page buffer back so finished queries cost little memory.
            _body = new ArrayBufferWriter<byte>(4 * 1024);
        }

        WriteResponse(baseUri, kind, data);
    }

    private static void WriteSingleValueRow(Utf8JsonWriter w, object value)
    {
        w.WriteStartArray("data");
        w.WriteStartArray();
        if (value is bool b)
        {
            w.WriteBooleanValue(b);
        }
        else
        {
            w.WriteNumberValue((long)value);
        }

        w.WriteEndArray();
        w.WriteEndArray();
    }

    /// <summary>Writes a page of rows; returns false when the rows were already exhausted (nothing written).</summary>
    private bool WriteRowPage(string baseUri)
    {
        bool any = _lookahead || MoveNextRow();
        if (!any || _partialCancel && PagesServed > 0)
        {
            return false;
        }

        _nextUri = StatementUri(baseUri, ResourceKind.Executing, _served + 1);
        WriteResponse(baseUri, ResourceKind.Executing, Spooling is null ? WriteRows : w => WriteSegments(w, baseUri));
        PagesServed++;
        return true;
    }

    private void WriteRows(Utf8JsonWriter w)
    {
        int target = _server.Options.TargetResultSizeBytes;
        w.WriteStartArray("data");
        long start = w.BytesCommitted + w.BytesPending;
        long rows = 0;
        do
        {
            WriteCurrentRow(w);
            rows++;
            _lookahead = MoveNextRow();
        }
        while (_lookahead && w.BytesCommitted + w.BytesPending - start < target);

        w.WriteEndArray();
        RowsServed += rows;
        BytesServed += w.BytesCommitted + w.BytesPending - start;
    }

    private void WriteCurrentRow(Utf8JsonWriter w)
    {
        if (_rawRows is not null)
        {
            w.WriteRawValue(_rawRows.Current, skipInputValidation: true);
        }
        else
        {
            WriteRow(w, _rows!.Current);
        }
    }

    /// <summary>Spooling mode: the page's rows as the encoded <c>data</c> object, up to the configured segments of the configured rows each.</summary>
    private void WriteSegments(Utf8JsonWriter w, string baseUri)
    {
        var encoder = Spooling!;
        var options = _server.Options.Spooling!;
        _segmentBody ??= new ArrayBufferWriter<byte>(64 * 1024);
        _segmentWriter ??= new Utf8JsonWriter(_segmentBody, s_writerOptions);
        w.WriteStartObject("data");
        w.WriteString("encoding", encoder.Encoding);
        w.WriteStartArray("segments");
        var segments = 0;
        do
        {
            _segmentBody.ResetWrittenCount();
            _segmentWriter.Reset(_segmentBody);
            _segmentWriter.WriteStartArray();
            long rows = 0;
            do
            {
                WriteCurrentRow(_segmentWriter);
                rows++;
                _lookahead = MoveNextRow();
            }
            while (_lookahead && rows < Math.Max(1, options.RowsPerSegment));

            _segmentWriter.WriteEndArray();
            _segmentWriter.Flush();
            var inline = options.Placement == SegmentPlacement.Inline || (options.Placement == SegmentPlacement.Alternate && _segmentsWritten % 2 == 0);
            encoder.WriteSegment(w, baseUri, _segmentBody.WrittenSpan, RowsServed, rows, inline);
            _segmentsWritten++;
            segments++;
            RowsServed += rows;
            BytesServed += _segmentBody.WrittenCount;
        }
        while (_lookahead && segments < Math.Max(1, options.SegmentsPerResponse));

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void WriteRow(Utf8JsonWriter w, object?[]? row)
    {
        var types = _types!;
        if (row is null || row.Length != types.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Row {RowsServed} has {row?.Length ?? 0} values but the result has {types.Length} columns"));
        }

        w.WriteStartArray();
        for (int i = 0; i < types.Length; i++)
        {
            types[i].WriteValue(w, row[i], _server.Dialect);
        }

        w.WriteEndArray();
    }

    private bool MoveNextRow() => _rawRows?.MoveNext() ?? _rows?.MoveNext() ?? false;

    private void CloseRows()
    {
        _lookahead = false;
        _rows?.Dispose();
        _rows = null;
        _rawRows?.Dispose();
        _rawRows = null;
    }

    private void WriteResponse(string baseUri, ResourceKind kind, Action<Utf8JsonWriter>? data)
    {
        LastResourceKind = kind;
        _body.ResetWrittenCount();
        var w = _writer;
        w.Reset(_body);
        bool trino = _server.Dialect == ServerDialect.Trino;
        w.WriteStartObject();
        w.WriteString("id", Id);
        w.WriteString("infoUri", baseUri + "/ui/query.html?" + Id);
        if (_nextUri is not null)
        {
            if (State == "RUNNING" && (_rows is not null || _rawRows is not null) && !_partialCancel)
            {
                w.WriteString("partialCancelUri", trino
                    ? string.Create(CultureInfo.InvariantCulture, $"{baseUri}/v1/statement/executing/partialCancel/{Id}/1/{Slug(ResourceKind.Executing, _served + 1)}/{_served + 1}")
                    : baseUri + "/v1/stage/" + Id + ".1");
            }

            w.WriteString("nextUri", _nextUri);
        }

        if (Dispatched && kind == ResourceKind.Executing && (Error is null || _columnsSent))
        {
            WriteColumns(w, trino);
        }

        if (Error is null)
        {
            data?.Invoke(w);
        }

        QueryStats.Write(w, this, _server.Dialect);
        if (Error is { } error)
        {
            WriteError(w, error, trino);
        }

        if (trino || Warnings.Count > 0)
        {
            w.WriteStartArray("warnings");
            foreach (string warning in Warnings)
            {
                w.WriteStartObject();
                w.WriteStartObject("warningCode");
                w.WriteNumber("code", 1);
                w.WriteString("name", "TESTING_WARNING");
                w.WriteEndObject();
                w.WriteString("message", warning);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (UpdateType is { } updateType && Dispatched && kind == ResourceKind.Executing)
        {
            w.WriteString("updateType", updateType);
            if (UpdateCount is { } count)
            {
                w.WriteNumber("updateCount", count);
            }
        }

        w.WriteEndObject();
        w.Flush();
    }

    private void WriteColumns(Utf8JsonWriter w, bool trino)
    {
        if (_effect is not null || (_outcome?.UpdateType is not null && UpdateCount is null))
        {
            if (trino)
            {
                w.WriteStartArray("columns");
                w.WriteEndArray();
                _columnsSent = true;
            }
            else if (IsDone && Error is null)
            {
                WriteColumnList(w, [new ResultColumn("result", "boolean")]);
            }

            return;
        }

        if (_outcome?.UpdateType is not null)
        {
            WriteColumnList(w, [new ResultColumn("rows", "bigint")]);
            return;
        }

        if (_outcome?.Columns is { } columns)
        {
            WriteColumnList(w, columns);
        }
    }

    private void WriteColumnList(Utf8JsonWriter w, IReadOnlyList<ResultColumn> columns)
    {
        _columnsSent = true;
        var dialect = _server.Dialect;
        w.WriteStartArray("columns");
        foreach (var column in columns)
        {
            var type = s_types.GetOrAdd(column.Type, PrestoType.Parse);
            w.WriteStartObject();
            w.WriteString("name", column.Name);
            w.WriteString("type", type.GetDisplayName(dialect));
            w.WritePropertyName("typeSignature");
            type.WriteSignature(w, dialect);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void WriteError(Utf8JsonWriter w, QueryError error, bool trino)
    {
        w.WriteStartObject("error");
        w.WriteString("message", error.Message);
        w.WriteNumber("errorCode", error.ErrorCode);
        w.WriteString("errorName", error.ErrorName);
        w.WriteString("errorType", error.ErrorType);
        if (!trino)
        {
            w.WriteBoolean("retriable", error.Retriable);
        }

        if (error.LineNumber is { } line)
        {
            WriteLocation(w, line, error.ColumnNumber ?? 1);
        }

        w.WriteStartObject("failureInfo");
        w.WriteString("type", error.ExceptionType);
        w.WriteString("message", error.Message);
        w.WriteStartArray("suppressed");
        w.WriteEndArray();
        w.WriteStartArray("stack");
        w.WriteStringValue(trino ? "io.trino.testing.EmbeddedCoordinator.execute(EmbeddedCoordinator.java:1)" : "com.facebook.presto.testing.EmbeddedCoordinator.execute(EmbeddedCoordinator.java:1)");
        w.WriteEndArray();
        if (trino)
        {
            w.WriteStartObject("errorInfo");
            w.WriteNumber("code", error.ErrorCode);
            w.WriteString("name", error.ErrorName);
            w.WriteString("type", error.ErrorType);
            w.WriteEndObject();
        }

        if (error.LineNumber is { } l)
        {
            WriteLocation(w, l, error.ColumnNumber ?? 1);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter w, int line, int column)
    {
        w.WriteStartObject("errorLocation");
        w.WriteNumber("lineNumber", line);
        w.WriteNumber("columnNumber", column);
        w.WriteEndObject();
    }
}
