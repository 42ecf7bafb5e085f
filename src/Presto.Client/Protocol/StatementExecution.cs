using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Presto.Spooling;

namespace Presto.Protocol;

/// <summary>
/// One statement on the wire: <c>POST /v1/statement</c>, then <c>GET nextUri</c> until it is absent. Holds one
/// page of bytes at a time; cancels with <c>DELETE nextUri</c>; keeps a slowly read query alive with
/// heartbeats; enforces the whole-command timeout. One code path for sync and async (<c>async</c> flag).
/// Not thread-safe except <see cref="Cancel"/>, which any thread may call.
/// </summary>
/// <remarks>
/// Page storage is pooled (<see cref="PageBuffer"/>, <see cref="Types.PooledArrays"/>). The query owns its body bytes and the
/// column buffers the parser fills; a page taken out (<see cref="DetachPage"/>) belongs to whoever took it; a page made current
/// (<see cref="Install"/>) belongs to the query again and is released when the reader has moved past it: when another page is
/// installed, when the next response is fetched, or when the query is disposed. The reader leaves its page before it
/// disposes the statement, so nothing reads released storage.
/// </remarks>
internal sealed class StatementExecution : IDisposable
{
    private readonly ProtocolTransport _transport;
    private readonly ConnectionSettings _settings;
    private readonly ClientSession _session;
    private readonly StatementOptions? _options;
    private readonly ILogger _logger;
    private readonly string _sql;
    private readonly Uri _server;
    private readonly PageBuffer _body = new();
    private readonly PageParser _parser;
    private readonly SessionDirectives _directives = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _commandTimeout;
    private readonly Stopwatch _idle = Stopwatch.StartNew();
    private SpooledPages? _spool;
    private PageSnapshot? _installed;
    private Types.ColumnBuffer[]? _ownBuffers;
    private int _segmentPageBytes = -1;
    private Timer? _heartbeatTimer;
    private Timer? _timeoutTimer;
    private Uri? _lastFetched;
    private int _stopRequested;
    private int _fetching;
    private int _heartbeatFailures;
    private bool _heartbeatDisabled;
    private bool _timedOut;
    private bool _submitted;
    private bool _leftQueue;
    private bool _sawRows;
    private bool _completed;
    private bool _disposed;

    public StatementExecution(ProtocolTransport transport, ConnectionSettings settings, ClientSession session, Uri server, string sql, StatementOptions? options, TimeSpan commandTimeout, ILogger logger)
    {
        _transport = transport;
        _settings = settings;
        _session = session;
        _server = server;
        _sql = sql;
        _options = options;
        _commandTimeout = commandTimeout;
        _logger = logger;
        _parser = new PageParser(Response, transport.Dialect, settings.MaxJsonDepth);
        _body.Observer = _parser;
    }

    /// <summary>The state after the latest response.</summary>
    public QueryResponse Response { get; } = new();

    /// <summary><see langword="true"/> once the last response (the one without <c>nextUri</c>) was read and every spooled segment was taken.</summary>
    public bool IsComplete => _completed && (_spool is null || _spool.Count == 0);

    /// <summary>The query id once submitted.</summary>
    public string? QueryId => Response.QueryId;

    /// <summary>The dialect in use.</summary>
    public ProtocolDialect Dialect => _transport.Dialect;

    /// <summary>The coordinator the statement was submitted to.</summary>
    public Uri Server => _server;

    /// <summary>Whether the command timeout stopped the query.</summary>
    public bool TimedOut => _timedOut;

    /// <summary>The command timeout as the caller set it, for the timeout message (a resubmission runs with what is left of it).</summary>
    public TimeSpan ReportedTimeout { get; init; }

    /// <summary>Response body bytes received so far.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Bytes of the latest response body, or of the decoded segment that is the current page.</summary>
    public int PageBytes => _segmentPageBytes >= 0 ? _segmentPageBytes : _body.Length;

    /// <summary>The encodings offered in <c>X-Trino-Query-Data-Encoding</c> (Trino only; empty: spooling off).</summary>
    private IReadOnlyList<string> SpoolingEncodings =>
        _transport.Dialect == ProtocolDialect.Trino ? _options?.SpoolingEncodings ?? _settings.SpoolingEncodings : Array.Empty<string>();

    /// <summary>
    /// How far the query got: <see cref="PrestoQueryPhase.Submit"/> until the POST was answered,
    /// <see cref="PrestoQueryPhase.Queued"/> while every request went to a queued URI and every state was a queued one,
    /// <see cref="PrestoQueryPhase.Fetch"/> once a page held rows, else <see cref="PrestoQueryPhase.Running"/>.
    /// </summary>
    public PrestoQueryPhase Phase =>
        !_submitted ? PrestoQueryPhase.Submit
        : _sawRows ? PrestoQueryPhase.Fetch
        : _leftQueue ? PrestoQueryPhase.Running
        : PrestoQueryPhase.Queued;

    /// <summary>Submits the statement and reads responses until the output columns are known or the query is over.</summary>
    public async ValueTask StartAsync(bool async, CancellationToken cancellationToken)
    {
        _stop.Token.Register(static s => ((StatementExecution)s!).CancelQuietly(), this);
        if (_commandTimeout > TimeSpan.Zero)
        {
            _timeoutTimer = new Timer(static s => ((StatementExecution)s!).OnTimeout(), this, _commandTimeout, Timeout.InfiniteTimeSpan);
        }

        var request = new ProtocolRequest(HttpMethod.Post, new Uri(AppendPath(_server, "v1/statement")))
        {
            Body = Encoding.UTF8.GetBytes(_sql),
            ConfigureHeaders = message =>
            {
                RequestHeaders.AddSubmissionHeaders(message, _transport.Dialect, _settings, _session, _options);
                if (SpoolingEncodings is { Count: > 0 } encodings)
                {
                    message.Headers.TryAddWithoutValidation("X-Trino-Query-Data-Encoding", string.Join(",", encodings));
                }
            },
        };
        await SendAndParseAsync(request, async, cancellationToken).ConfigureAwait(false);
        StartHeartbeat();
        while (!_completed && Response.Columns is null && Response.Error is null)
        {
            await FetchAsync(async, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the next response; once the server spools the result, makes the next segment's rows the current page instead
    /// (polling ahead for more segments while there is room for their downloads). Returns <see langword="false"/> (without a
    /// request) when the query is already over.
    /// </summary>
    public async ValueTask<bool> FetchAsync(bool async, CancellationToken cancellationToken)
    {
        // The reader asks for more only once it is past the current page.
        ReleaseInstalled();
        _segmentPageBytes = -1;
        if (_spool is { } spool)
        {
            while (!_completed && spool.HasRoom)
            {
                await FetchResponseAsync(async, cancellationToken).ConfigureAwait(false);
            }

            if (spool.Count > 0)
            {
                await TakeSegmentAsync(spool, async, cancellationToken).ConfigureAwait(false);
                return true;
            }
        }

        if (_completed)
        {
            return false;
        }

        await FetchResponseAsync(async, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async ValueTask FetchResponseAsync(bool async, CancellationToken cancellationToken)
    {
        var next = Response.NextUri!;
        var request = new ProtocolRequest(HttpMethod.Get, next) { QueryId = Response.QueryId };
        if (next.AbsolutePath.IndexOf("/statement/queued/", StringComparison.Ordinal) < 0)
        {
            _leftQueue = true;
        }

        await SendAndParseAsync(request, async, cancellationToken).ConfigureAwait(false);
        _lastFetched = next;
    }

    /// <summary>Waits for the next spooled page in result order and makes it the current page.</summary>
    private async ValueTask TakeSegmentAsync(SpooledPages spool, bool async, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static s => ((StatementExecution)s!).Cancel(), this)
            : default;
        try
        {
            var (page, bytes) = await spool.TakeAsync(async, _stop.Token).ConfigureAwait(false);
            Install(page);
            _segmentPageBytes = bytes;
            _sawRows |= page.RowCount > 0;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw CreateStoppedException(cancellationToken);
        }
        catch (PrestoException)
        {
            // The query may still run on the server: tell it we are gone.
            CancelQuietly();
            throw;
        }
    }

    /// <summary>Hands the segments of the latest response to the spool (created with the first of them).</summary>
    private void CollectSegments()
    {
        if (Response.EncodedData is { } data)
        {
            Response.EncodedData = null;
            if (Response.Columns is not { } columns)
            {
                throw new PrestoProtocolException($"The response of query {QueryId} has spooled 'data' but no 'columns'.", 200, null, QueryId);
            }

            if (_spool is null)
            {
                // An HttpClient given by the application adds its default headers (perhaps credentials) to every request: segments go
                // through the shared handler instead. A handler given by the application adds nothing by itself and is kept (proxies).
                var http = _transport.Http is HttpClient ? HttpClientCache.Shared : _transport.Http;
                var downloader = new SegmentDownloader(http, _settings.RequestTimeout, _transport.BackoffBase, _logger);
                _spool = new SpooledPages(downloader, columns, _transport.Dialect, _settings.SpoolingMaxDownloads, _stop.Token);
            }

            _spool.QueryId = QueryId;
            _spool.Add(data);
        }
        else if (_spool is not null && Response.RowCount > 0)
        {
            // Direct rows while segments are queued: they keep their place in the result.
            _spool.Add(DetachPage());
        }
    }

    /// <summary>
    /// Takes the rows of the current page out of the query (read-ahead): the snapshot keeps its column buffers and the page
    /// bytes they point into, and the query gets fresh ones for its next response. An installed page (a spooled segment)
    /// is handed back as it is. The caller owns the snapshot and releases it.
    /// </summary>
    public PageSnapshot DetachPage()
    {
        if (TakeInstalled() is { } installed)
        {
            return installed;
        }

        var snapshot = new PageSnapshot(Response.Buffers, Response.RowCount, _body.Detach());
        Response.Buffers = Response.Columns is { } columns ? QueryResultsParser.CreateBuffers(columns) : Array.Empty<Types.ColumnBuffer>();
        Response.RowCount = 0;
        return snapshot;
    }

    /// <summary>Makes a detached page the current one, for the reader; the query owns it from now on and releases the page it replaces.</summary>
    public void Install(PageSnapshot page)
    {
        if (_installed is { } previous)
        {
            previous.Release();
        }
        else
        {
            _ownBuffers = Response.Buffers;
        }

        _installed = page;
        Response.Buffers = page.Buffers;
        Response.RowCount = page.RowCount;
    }

    /// <summary>Releases the installed page (the reader is past it) and makes the query's own buffers current again.</summary>
    private void ReleaseInstalled() => TakeInstalled()?.Release();

    /// <summary>Gives up the installed page, if any, and makes the query's own buffers current again.</summary>
    private PageSnapshot? TakeInstalled()
    {
        var installed = _installed;
        if (installed is not null)
        {
            _installed = null;
            Response.Buffers = _ownBuffers!;
            Response.RowCount = 0;
            _ownBuffers = null;
        }

        return installed;
    }

    /// <summary>
    /// Cancels the query now: sends <c>DELETE nextUri</c> (errors swallowed) and aborts any request in flight,
    /// which then ends with <see cref="OperationCanceledException"/>. Does nothing once the query is over.
    /// </summary>
    public void Cancel()
    {
        if (IsComplete || _disposed)
        {
            return;
        }

        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently: nothing left to cancel.
        }
    }

    /// <summary>
    /// Ends the statement before its last response was read. A query that produces rows is cancelled with
    /// <c>DELETE</c>; a statement with an update type (DML, DDL) is drained instead, because deleting it would
    /// turn a statement that already succeeded into a cancelled one (§2.4).
    /// </summary>
    public async ValueTask CloseAsync(bool async)
    {
        if (_completed || _stopRequested != 0)
        {
            return;
        }

        if (Response.UpdateType is not null && Response.Error is null)
        {
            try
            {
                while (!_completed)
                {
                    await FetchAsync(async, CancellationToken.None).ConfigureAwait(false);
                }

                return;
            }
            catch (Exception ex) when (ex is PrestoException or OperationCanceledException)
            {
                _logger.LogDebug(ex, "Draining statement {QueryId} on close failed", QueryId);
                return;
            }
        }

        if (Response.NextUri is { } next && Interlocked.Exchange(ref _stopRequested, 1) == 0)
        {
            StopHeartbeat();
            if (async)
            {
                await _transport.CancelAsync(next, QueryId).ConfigureAwait(false);
            }
            else
            {
                // The synchronous DELETE (HttpClient.Send): no blocking on an asynchronous task.
                _transport.Cancel(next, QueryId);
            }

            _directives.ApplyTo(_session, succeeded: false);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        StopHeartbeat();
        _spool?.Dispose();
        _timeoutTimer?.Dispose();
        _stop.Dispose();
        if (Volatile.Read(ref _fetching) == 0)
        {
            // Nobody reads the pages any more. (Disposed while a request still writes into the body, from another thread: the
            // collector takes it all instead.)
            ReleaseInstalled();
            foreach (var buffer in Response.Buffers)
            {
                buffer.Release();
            }

            _body.Release();
        }
    }

    /// <summary>The exception that ends a read stopped by <see cref="Cancel"/> or by the command timeout.</summary>
    public Exception CreateStoppedException(CancellationToken cancellationToken)
    {
        if (_timedOut)
        {
            var timeout = ReportedTimeout > TimeSpan.Zero ? ReportedTimeout : _commandTimeout;
            return new PrestoException(
                $"The command timed out after {timeout.TotalSeconds:0.###} s; the query was cancelled.",
                QueryId,
                isTransient: true,
                new TimeoutException());
        }

        return new OperationCanceledException("The query was cancelled.", cancellationToken.IsCancellationRequested ? cancellationToken : _stop.Token);
    }

    private async ValueTask SendAndParseAsync(ProtocolRequest request, bool async, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_stop.IsCancellationRequested)
        {
            throw CreateStoppedException(cancellationToken);
        }

        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static s => ((StatementExecution)s!).Cancel(), this)
            : default;
        Interlocked.Exchange(ref _fetching, 1);
        ProtocolResponse response;
        try
        {
            response = await _transport.SendAsync(request, _body, async, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw CreateStoppedException(cancellationToken);
        }
        catch (PrestoException) when (request.Method != HttpMethod.Post)
        {
            // The query may still run on the server: tell it we are gone.
            CancelQuietly();
            throw;
        }
        finally
        {
            Interlocked.Exchange(ref _fetching, 0);
            _idle.Restart();
        }

        _submitted = true;
        BytesReceived += _body.Length;
        _directives.Collect(response.Headers, _transport.Dialect);
        try
        {
            _parser.Finish(_body);
        }
        catch (PrestoProtocolException)
        {
            CancelQuietly();
            throw;
        }

        try
        {
            CollectSegments();
        }
        catch (PrestoProtocolException)
        {
            CancelQuietly();
            throw;
        }

        if (Response.RowCount > 0)
        {
            _sawRows = true;
        }

        if (Response.Error is null && !IsQueuedState(Response.Status.State))
        {
            _leftQueue = true;
        }

        _options?.OnResponse?.Invoke(Response);

        if (Response.NextUri is null && Response.Error is null && Response.Status.State == "FAILED")
        {
            // Ending here as if it had succeeded would pass off a failed query's partial result as complete.
            CancelQuietly();
            throw QueryResultsParser.Malformed(_body, Response, "The server reported the query FAILED without an error and without a next URI.");
        }

        if (Response.NextUri is null)
        {
            Complete();
        }
        else if (Response.Error is not null)
        {
            // A failed query has no next page in either dialect; do not follow one anyway.
            Complete();
        }
    }

    private void Complete()
    {
        _completed = true;
        StopHeartbeat();
        _directives.ApplyTo(_session, succeeded: Response.Error is null);
    }

    private void OnTimeout()
    {
        if (IsComplete || _disposed)
        {
            return;
        }

        _timedOut = true;
        Cancel();
    }

    /// <summary>
    /// Sends DELETE for the running query, once, without waiting: when <see cref="_stop"/> fires (user cancel or command
    /// timeout) and when a page request failed. Before the POST answered there is nothing to delete: the server only
    /// starts a query on the first GET (lazy dispatch).
    /// </summary>
    private void CancelQuietly()
    {
        if (!_completed && Response.NextUri is { } next && Interlocked.Exchange(ref _stopRequested, 1) == 0)
        {
            StopHeartbeat();
            _ = _transport.CancelAsync(next, QueryId);
        }
    }

    private void StartHeartbeat()
    {
        var interval = _settings.HeartbeatInterval;
        if (interval <= TimeSpan.Zero || _completed)
        {
            return;
        }

        var tick = TimeSpan.FromTicks(Math.Max(interval.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks));
        _heartbeatTimer = new Timer(static s => ((StatementExecution)s!).OnHeartbeatTick(), this, tick, tick);
    }

    private void StopHeartbeat()
    {
        var timer = Interlocked.Exchange(ref _heartbeatTimer, null);
        timer?.Dispose();
    }

    private void OnHeartbeatTick()
    {
        if (_completed || _disposed || _heartbeatDisabled || _stopRequested != 0 || Volatile.Read(ref _fetching) != 0)
        {
            return;
        }

        if (_idle.Elapsed < _settings.HeartbeatInterval)
        {
            return;
        }

        var target = _transport.Dialect == ProtocolDialect.Trino ? Response.NextUri : _lastFetched;
        if (target is null)
        {
            return;
        }

        _idle.Restart();
        _ = SendHeartbeatAsync(target);
    }

    private async Task SendHeartbeatAsync(Uri target)
    {
        try
        {
            HeartbeatResult result;
            if (_transport.Dialect == ProtocolDialect.Trino)
            {
                result = await _transport.HeartbeatAsync(target, _stop.Token).ConfigureAwait(false);
            }
            else
            {
                // PrestoDB has no HEAD heartbeat; fetching the already consumed token again is served from the
                // server's cache, records client activity and does not advance the query.
                var scratch = new PageBuffer(4096);
                try
                {
                    await _transport.SendAsync(new ProtocolRequest(HttpMethod.Get, target) { QueryId = QueryId }, scratch, true, _stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    scratch.Release();
                }

                result = HeartbeatResult.Sent;
            }

            if (result == HeartbeatResult.Unsupported)
            {
                _heartbeatDisabled = true;
            }
            else if (result == HeartbeatResult.Failed && ++_heartbeatFailures >= 3)
            {
                _heartbeatDisabled = true;
            }
            else if (result == HeartbeatResult.Sent)
            {
                _heartbeatFailures = 0;
            }
        }
        catch (Exception ex) when (ex is PrestoException or OperationCanceledException or ObjectDisposedException)
        {
            if (++_heartbeatFailures >= 3)
            {
                _heartbeatDisabled = true;
            }

            _logger.LogDebug(ex, "Heartbeat for query {QueryId} failed", QueryId);
        }
    }

    /// <summary>States of a query that has not started running (PROTOCOL.md §2.3); a missing state counts as queued.</summary>
    private static bool IsQueuedState(string? state) =>
        state is null or "QUEUED" or "WAITING_FOR_RESOURCES" or "WAITING_FOR_PREREQUISITES" or "DISPATCHING";

    private static string AppendPath(Uri server, string relative)
    {
        var text = server.AbsoluteUri;
        return text.EndsWith("/", StringComparison.Ordinal) ? text + relative : text + "/" + relative;
    }
}
