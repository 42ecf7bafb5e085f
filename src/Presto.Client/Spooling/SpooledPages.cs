using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Presto.Protocol;

namespace Presto.Spooling;

/// <summary>
/// The rows of a spooled query on their way to the reader, in result order: segments (and any direct pages a response
/// carried meanwhile) queue here; at most <see cref="MaxInFlight"/> of them are downloaded or decoded or wait decoded at
/// once, so memory stays bounded however far the reader lags; each is decoded through the column decoders of the plain
/// protocol into a page of its own and acknowledged after decoding. A queued entry starts only when one ahead of it was
/// taken by the reader (back-pressure). Not thread-safe: one reader takes pages; the work runs on the thread pool.
/// A page taken belongs to the taker; pages never taken are released when the spool is disposed (or, still being
/// decoded then, as soon as they are done).
/// </summary>
internal sealed class SpooledPages : IDisposable
{
    private readonly Queue<Entry> _queue = new();
    private readonly SegmentDownloader _downloader;
    private readonly ResultColumn[] _columns;
    private readonly ProtocolDialect _dialect;
    private readonly CancellationTokenSource _stop;
    private int _ordinal;
    private bool _disposed;

    public SpooledPages(SegmentDownloader downloader, ResultColumn[] columns, ProtocolDialect dialect, int maxInFlight, CancellationToken stop)
    {
        _downloader = downloader;
        _columns = columns;
        _dialect = dialect;
        MaxInFlight = Math.Max(1, maxInFlight);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stop);
    }

    /// <summary>Segments downloaded, decoded or waiting decoded at once, at most.</summary>
    public int MaxInFlight { get; }

    /// <summary>Entries not yet taken by the reader.</summary>
    public int Count => _queue.Count;

    /// <summary>Whether another response's segments would still start downloading at once (the caller polls ahead only then).</summary>
    public bool HasRoom => _queue.Count < MaxInFlight;

    /// <summary>The query the segments belong to, for messages.</summary>
    public string? QueryId { get; set; }

    /// <summary>Queues the segments of one encoded <c>data</c> object.</summary>
    /// <exception cref="PrestoProtocolException">The server chose an encoding this client did not ask for.</exception>
    public void Add(EncodedData data)
    {
        if (!SegmentCodecs.TryGet(data.Encoding, out var decompressor))
        {
            throw new PrestoProtocolException(
                $"The server encoded the result of query {QueryId} as '{data.Encoding}', which this client cannot decode (it asked for {string.Join(", ", SegmentCodecs.Supported)} at most).",
                queryId: QueryId);
        }

        foreach (var segment in data.Segments)
        {
            _queue.Enqueue(new Entry(segment, _ordinal++, decompressor));
        }

        StartWithinLimit();
    }

    /// <summary>Queues a page of direct rows that came while segments were still queued, keeping the result order.</summary>
    public void Add(PageSnapshot page) => _queue.Enqueue(new Entry(page));

    /// <summary>Waits for the next page in result order and takes it; the next queued entry starts.</summary>
    /// <returns>The page and its decoded byte size.</returns>
    public async ValueTask<(PageSnapshot Page, int Bytes)> TakeAsync(bool async, CancellationToken cancellationToken)
    {
        var head = _queue.Peek();
        Start(head);
        var task = head.Task!;
        if (async)
        {
            await task.ConfigureAwait(false);
        }
        else
        {
            try
            {
                // The synchronous reader blocks here while the segment downloads on the thread pool.
                task.Wait(cancellationToken);
            }
            catch (AggregateException)
            {
                // Rethrown unwrapped below.
            }
        }

        _queue.Dequeue();
        var result = task.GetAwaiter().GetResult();
        StartWithinLimit();
        return result;
    }

    /// <summary>Stops every download and decoding in flight.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        foreach (var entry in _queue)
        {
            // A failure of work nobody waits for any more is observed (not reported as unobserved); a page is released.
            entry.Task?.ContinueWith(static t => Discard(t), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _queue.Clear();
        _stop.Dispose();
    }

    private static void Discard(Task<(PageSnapshot Page, int Bytes)> task)
    {
        if (task.Status == TaskStatus.RanToCompletion)
        {
            task.Result.Page.Release();
        }
        else
        {
            _ = task.Exception;
        }
    }

    private void StartWithinLimit()
    {
        var started = 0;
        foreach (var entry in _queue)
        {
            if (started++ >= MaxInFlight)
            {
                return;
            }

            Start(entry);
        }
    }

    private void Start(Entry entry)
    {
        if (entry.Task is null && !_disposed)
        {
            var token = _stop.Token;
            entry.Task = Task.Run(() => LoadAsync(entry, token), token);
        }
    }

    private async Task<(PageSnapshot, int)> LoadAsync(Entry entry, CancellationToken cancellationToken)
    {
        var segment = entry.Segment!;

        // A downloaded payload is rented (inline data is not): it goes back once decompressed, or with the page decoded from it.
        var pooledPayload = segment.InlineData is null;
        var (payload, payloadLength) = segment.InlineData is { } inline
            ? (inline, inline.Length)
            : await _downloader.DownloadAsync(segment, entry.Ordinal, QueryId, cancellationToken).ConfigureAwait(false);
        byte[] json;
        int length;
        try
        {
            if (!segment.IsSpooled && segment.SegmentSize is { } size && payloadLength != size)
            {
                throw Malformed(entry, $"its data has {payloadLength} bytes but its metadata says {size}.", null);
            }

            (json, length) = Decompress(entry, payload, payloadLength);
        }
        catch
        {
            if (pooledPayload)
            {
                ArrayPool<byte>.Shared.Return(payload);
            }

            throw;
        }

        var decompressed = !ReferenceEquals(json, payload);
        if (decompressed && pooledPayload)
        {
            ArrayPool<byte>.Shared.Return(payload);
        }

        var page = Decode(entry, json, length, pooled: decompressed || pooledPayload);
        if (segment.IsSpooled)
        {
            try
            {
                await _downloader.AcknowledgeAsync(segment, entry.Ordinal, QueryId, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                page.Release();
                throw;
            }
        }

        return (page, length);
    }

    /// <summary>The JSON rows of a payload (its first <paramref name="payloadLength"/> bytes): the payload itself, or a rented array it was decompressed into.</summary>
    private (byte[] Json, int Length) Decompress(Entry entry, byte[] payload, int payloadLength)
    {
        if (entry.Segment!.UncompressedSize is not { } expected)
        {
            // Below the server's compression threshold a payload stays raw whatever the encoding says.
            return (payload, payloadLength);
        }

        if (entry.Decompressor is not { } decompress)
        {
            return payloadLength == expected
                ? (payload, payloadLength)
                : throw Malformed(entry, $"it is not compressed but has {payloadLength} bytes where its uncompressed size is {expected}.", null);
        }

        if (expected > PageBuffer.MaxLength)
        {
            throw Malformed(entry, $"its uncompressed size {expected} is beyond {PageBuffer.MaxLength / (1024 * 1024)} MB.", null);
        }

        // Rented: the page that is decoded from it returns it (see Decode).
        var size = (int)expected;
        var json = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        int written;
        try
        {
            written = decompress(new ReadOnlySpan<byte>(payload, 0, payloadLength), new Span<byte>(json, 0, size));
        }
        catch (InvalidDataException ex)
        {
            ArrayPool<byte>.Shared.Return(json);
            throw Malformed(entry, "its compressed data is corrupt: " + ex.Message, ex);
        }

        if (written != expected)
        {
            ArrayPool<byte>.Shared.Return(json);
            throw Malformed(entry, $"it decompresses to {written} bytes where its uncompressed size is {expected}.", null);
        }

        return (json, written);
    }

    /// <summary>Decodes the rows of a segment into a page that owns <paramref name="json"/> when <paramref name="pooled"/> (rented).</summary>
    private PageSnapshot Decode(Entry entry, byte[] json, int length, bool pooled)
    {
        var page = new QueryResponse { Columns = _columns, Buffers = QueryResultsParser.CreateBuffers(_columns) };
        try
        {
            try
            {
                new PageParser(page, _dialect).ParseRows(json, length);
            }
            catch (FormatException ex)
            {
                throw new PrestoProtocolException(
                    $"The server sent {entry.Segment!.Describe(entry.Ordinal)} of query {QueryId} that is not valid row data: {ex.Message}",
                    200,
                    QueryResultsParser.Excerpt(new ReadOnlySpan<byte>(json, 0, length)),
                    QueryId,
                    false,
                    ex);
            }

            if (entry.Segment!.RowsCount is { } rows && rows != page.RowCount)
            {
                throw Malformed(entry, $"it holds {page.RowCount} rows but its metadata says {rows}.", null);
            }
        }
        catch
        {
            new PageSnapshot(page.Buffers, 0, pooled ? json : null).Release();
            throw;
        }

        return new PageSnapshot(page.Buffers, page.RowCount, pooled ? json : null);
    }

    private PrestoProtocolException Malformed(Entry entry, string what, Exception? inner) =>
        new($"The server sent {entry.Segment!.Describe(entry.Ordinal)} of query {QueryId} that cannot be decoded: {what}", 200, null, QueryId, false, inner);

    /// <summary>A segment to load, or a direct page that is ready.</summary>
    private sealed class Entry
    {
        public Entry(Segment segment, int ordinal, SegmentDecompressor? decompressor)
        {
            Segment = segment;
            Ordinal = ordinal;
            Decompressor = decompressor;
        }

        public Entry(PageSnapshot page) => Task = System.Threading.Tasks.Task.FromResult((page, 0));

        public Segment? Segment { get; }

        public int Ordinal { get; }

        public SegmentDecompressor? Decompressor { get; }

        public Task<(PageSnapshot Page, int Bytes)>? Task { get; set; }
    }
}
