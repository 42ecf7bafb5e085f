using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Presto.Protocol;

namespace Presto.Spooling;

/// <summary>
/// Downloads and acknowledges spooled segments (PROTOCOL.md §7.4). A segment request carries exactly the headers the server
/// put on the segment and nothing of the connection: no <c>Authorization</c>, no session or extra-credential headers, no
/// cookies (the handler keeps none), on every origin, the coordinator's included. Redirects (a coordinator answering 303
/// to object storage) are followed with the same headers. Failures that may pass (HTTP 429/502/503/504, connection
/// failures, a timeout, a body cut short or of the wrong size) are retried with exponential backoff and jitter, up to
/// <see cref="MaxAttempts"/> attempts; the segment is delivered once, so a retry never duplicates rows.
/// </summary>
internal sealed class SegmentDownloader
{
    /// <summary>Attempts of one segment download (trino-go-client makes 5 as well).</summary>
    public const int MaxAttempts = 5;

    private const int MaxRedirects = 5;
    private static readonly object s_randomGate = new();
    private static readonly Random s_random = new();

    private readonly HttpMessageInvoker _http;
    private readonly TimeSpan _attemptTimeout;
    private readonly TimeSpan _backoffBase;
    private readonly ILogger _logger;

    public SegmentDownloader(HttpMessageInvoker http, TimeSpan attemptTimeout, TimeSpan backoffBase, ILogger logger)
    {
        _http = http;
        _attemptTimeout = attemptTimeout > TimeSpan.Zero ? attemptTimeout : Timeout.InfiniteTimeSpan;
        _backoffBase = backoffBase;
        _logger = logger;
    }

    /// <summary>
    /// Downloads the payload of <paramref name="segment"/>, retrying transient failures. The bytes are rented from
    /// <see cref="ArrayPool{T}.Shared"/>: the caller returns them when done.
    /// </summary>
    /// <exception cref="PrestoProtocolException">The segment is gone (404/410), access was refused, or another status that is not retried.</exception>
    /// <exception cref="PrestoException">Every attempt failed with a transient failure (<see cref="PrestoException.IsTransient"/>).</exception>
    public async Task<(byte[] Bytes, int Length)> DownloadAsync(Segment segment, int ordinal, string? queryId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCts.CancelAfter(_attemptTimeout);
                try
                {
                    var payload = await AttemptAsync(segment, ordinal, queryId, attemptCts.Token).ConfigureAwait(false);
                    if (segment.SegmentSize is not { } size || payload.Length == size)
                    {
                        return payload;
                    }

                    ArrayPool<byte>.Shared.Return(payload.Bytes);
                    failure = new IOException($"the download has {payload.Length} bytes where the segment has {size}.");
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException ex)
                {
                    failure = new TimeoutException($"no complete answer within {_attemptTimeout.TotalSeconds:0.###} s.", ex);
                }
                catch (RetryableStatusException ex)
                {
                    failure = ex;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException)
                {
                    failure = ex;
                }
            }

            if (attempt >= MaxAttempts)
            {
                throw new PrestoException(
                    $"Downloading {segment.Describe(ordinal)} of query {queryId} failed after {attempt} attempts. Last failure: {failure.Message}",
                    queryId,
                    isTransient: true,
                    failure)
                {
                    FailedStatus = failure is RetryableStatusException status ? status.StatusCode : null,
                    FailedTransport = failure is HttpRequestException or IOException or SocketException ? ProtocolTransport.ClassifyTransportFailure(failure) : null,
                };
            }

            var delay = Backoff(attempt);
            _logger.LogDebug(failure, "Downloading {Segment} of query {QueryId} failed (attempt {Attempt}); retrying in {DelayMs} ms", segment.Describe(ordinal), queryId, attempt, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Acknowledges a decoded segment (<c>GET ackUri</c> with the segment's headers); best effort, never throws.</summary>
    public async Task AcknowledgeAsync(Segment segment, int ordinal, string? queryId, CancellationToken cancellationToken)
    {
        if (segment.AckUri is not { } ack)
        {
            return;
        }

        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(ProtocolTransport.ControlRequestTimeout);
            using var message = CreateMessage(ack, segment);
            using var response = await ProtocolTransport.SendMessageAsync(_http, message, async: true, cts.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogDebug("Acknowledging {Segment} of query {QueryId} answered HTTP {Status}", segment.Describe(ordinal), queryId, (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or OperationCanceledException)
        {
            // The server deletes unacknowledged segments after their TTL; the rows are already decoded.
            _logger.LogDebug(ex, "Acknowledging {Segment} of query {QueryId} failed", segment.Describe(ordinal), queryId);
        }
    }

    private async Task<(byte[] Bytes, int Length)> AttemptAsync(Segment segment, int ordinal, string? queryId, CancellationToken cancellationToken)
    {
        var uri = segment.Uri!;
        for (var hop = 0; ; hop++)
        {
            using var message = CreateMessage(uri, segment);
            using var response = await ProtocolTransport.SendMessageAsync(_http, message, async: true, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status == 200)
            {
                return await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            }

            if (status is 301 or 302 or 303 or 307 or 308 && hop < MaxRedirects && response.Headers.Location is { } location)
            {
                var target = location.IsAbsoluteUri ? location : new Uri(uri, location);
                if (target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps)
                {
                    uri = target;
                    continue;
                }
            }

            var text = $"Downloading {segment.Describe(ordinal)} of query {queryId}: GET {Segment.DescribeUri(uri)} answered HTTP {status}";
            if (status is 429 or 502 or 503 or 504)
            {
                throw new RetryableStatusException(text + ".", status);
            }

            if (status is 404 or 410)
            {
                text += "; the segment expired or was already acknowledged (spooled segments must be read promptly)";
            }

            throw new PrestoProtocolException(text + ".", status, null, queryId);
        }
    }

    /// <summary>The request for a segment URI: the segment's headers, exactly as given, and nothing else of the connection.</summary>
    private static HttpRequestMessage CreateMessage(Uri uri, Segment segment)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var header in segment.Headers)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return message;
    }

    /// <summary>
    /// The body in a rented array (returned here if reading fails) and its length. The reads observe the token themselves; the
    /// response is not disposed from the token's callback, which would race a read in progress on the connection (see
    /// <see cref="ProtocolTransport"/>'s body reads).
    /// </summary>
    private static async Task<(byte[] Bytes, int Length)> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var stream = await ProtocolTransport.OpenBodyAsync(response, async: true, cancellationToken).ConfigureAwait(false);
        var length = response.Content.Headers.ContentLength;
        if (length > PageBuffer.MaxLength)
        {
            throw new PrestoProtocolException($"A spooled segment is larger than {PageBuffer.MaxLength / (1024 * 1024)} MB.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length is { } known ? Math.Max((int)known, 1) : 64 * 1024);
        var count = 0;
        try
        {
            while (true)
            {
                if (count == length)
                {
                    // Exactly the announced bytes were read: anything more is the HTTP stack's problem to report.
                    if (await ProtocolTransport.ReadAsync(stream, new byte[1], 0, 1, async: true, cancellationToken).ConfigureAwait(false) == 0)
                    {
                        return (buffer, count);
                    }

                    throw new IOException("the segment body is longer than its Content-Length.");
                }

                if (count == buffer.Length)
                {
                    if (buffer.Length >= PageBuffer.MaxLength)
                    {
                        throw new PrestoProtocolException($"A spooled segment is larger than {PageBuffer.MaxLength / (1024 * 1024)} MB.");
                    }

                    Types.PooledArrays.Grow(ref buffer, (int)Math.Min((long)buffer.Length * 2, PageBuffer.MaxLength));
                }

                var room = (length is { } announced ? (int)announced : buffer.Length) - count;
                var n = await ProtocolTransport.ReadAsync(stream, buffer, count, room, async: true, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return (buffer, count);
                }

                count += n;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(ProtocolTransport.BackoffCap.TotalMilliseconds, _backoffBase.TotalMilliseconds * Math.Pow(2, attempt - 1));
        double random;
        lock (s_randomGate)
        {
            random = s_random.NextDouble();
        }

        // Half fixed, half jitter: every retry waits a little, so a storage hiccup has time to pass.
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (random / 2)));
    }

    /// <summary>A status worth another attempt (429, 502, 503, 504).</summary>
    private sealed class RetryableStatusException : Exception
    {
        public RetryableStatusException(string message, int statusCode)
            : base(message) => StatusCode = statusCode;

        public int StatusCode { get; }
    }
}
