using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Presto.Authentication;

namespace Presto.Protocol;

/// <summary>
/// Sends protocol requests with request-level resilience (PROTOCOL.md §3.5): the same URI is tried again on
/// 429/502/503/504, connection failures, attempt timeouts, a body cut short and an empty 200 body, with exponential
/// backoff and full jitter, until <see cref="ConnectionSettings.RequestTimeout"/> (measured from the first attempt)
/// runs out. Credentials go only to the configured servers, never over plain <c>http://</c> unless allowed. With a token
/// source (<see cref="ConnectionSettings.TokenSource"/>), an HTTP 401 from a configured server gets one new token and the
/// request is sent again (docs/authentication.md). One code path serves synchronous and asynchronous callers (<c>async</c> flag).
/// </summary>
internal sealed class ProtocolTransport
{
    /// <summary>Redirect hops followed within one attempt.</summary>
    public const int MaxRedirects = 5;

    /// <summary>Bytes of an error body kept for exception messages.</summary>
    public const int ExcerptBytes = 1024;

    /// <summary>Upper bound of one backoff wait.</summary>
    public static readonly TimeSpan BackoffCap = TimeSpan.FromSeconds(15);

    /// <summary>Own timeout of the best-effort cancel (<c>DELETE</c>) and heartbeat (<c>HEAD</c>) requests.</summary>
    public static readonly TimeSpan ControlRequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Test hook: the first backoff of transports created afterwards (100 ms in production).</summary>
    internal static TimeSpan DefaultBackoffBase { get; set; } = TimeSpan.FromMilliseconds(100);

    private const int ReadChunk = 16 * 1024;

    /// <summary>Below this much time left before the deadline no further attempt is started.</summary>
    private static readonly TimeSpan MinimumAttemptTime = TimeSpan.FromMilliseconds(50);

    private static readonly string s_userAgent = "Presto.Client/" + ClientVersion();
    private static readonly object s_randomGate = new();
    private static readonly Random s_random = new();

    private readonly ConnectionSettings _settings;
    private readonly HttpMessageInvoker _http;
    private readonly ILogger _logger;

    public ProtocolTransport(ConnectionSettings settings, ProtocolDialect dialect, HttpMessageInvoker http, ILogger logger)
    {
        _settings = settings;
        Dialect = dialect;
        _http = http;
        _logger = logger;
    }

    public ProtocolDialect Dialect { get; }

    /// <summary>First backoff wait (doubled per attempt, randomised with full jitter, capped at <see cref="BackoffCap"/>).</summary>
    public TimeSpan BackoffBase { get; init; } = DefaultBackoffBase;

    /// <summary>The <c>User-Agent</c> sent on every request.</summary>
    public static string UserAgent => s_userAgent;

    /// <summary>
    /// Sends the request (retrying per policy) and reads a 200 body into <paramref name="body"/>. Returns for 200 with a
    /// non-empty body (any body for <c>HEAD</c>) and for 204 answering a <c>DELETE</c>/<c>HEAD</c>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="PrestoAuthenticationException">HTTP 401 or 403.</exception>
    /// <exception cref="PrestoProtocolException">Any other status that is not retried, a bad redirect, a body that is too large.</exception>
    /// <exception cref="PrestoException">The request deadline passed (<see cref="PrestoException.IsTransient"/>), or credentials would go over plain http.</exception>
    public async ValueTask<ProtocolResponse> SendAsync(ProtocolRequest request, PageBuffer body, bool async, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCredentialsAllowed(request.Uri);

        // Retrying is safe for every request of the protocol, POST included: neither Trino nor PrestoDB starts a query on
        // POST /v1/statement (lazy dispatch, PROTOCOL.md §2.1). A POST whose answer was lost only registered a query that
        // nobody polls; the server purges it after query.client.timeout without ever running it, so sending the POST again
        // cannot execute the statement twice. A GET of the same nextUri is answered from the server's cache of that token
        // (§2.2), and DELETE/HEAD are idempotent.
        var deadline = _settings.RequestTimeout > TimeSpan.Zero ? _settings.RequestTimeout : Timeout.InfiniteTimeSpan;
        var clock = Stopwatch.StartNew();
        Exception? previousFailure = null;
        bool renewed = false;
        for (int attempt = 1; ; attempt++)
        {
            var remaining = Remaining(deadline, clock);
            Exception failure;
            TimeSpan? retryAfter = null;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (remaining != Timeout.InfiniteTimeSpan)
                {
                    attemptCts.CancelAfter(remaining);
                }

                try
                {
                    var outcome = await AttemptAsync(request, body, attempt, renewed, async, attemptCts.Token).ConfigureAwait(false);
                    if (outcome.Response is { } response)
                    {
                        return response;
                    }

                    if (outcome.Challenge is { } challenge)
                    {
                        // A 401 from a configured server with a token source: one new token, then the same attempt again. Getting
                        // the token (a browser login, say) is not bounded by the request deadline, which starts over afterwards.
                        await _settings.TokenSource!.RenewAsync(challenge, async, cancellationToken).ConfigureAwait(false);
                        Authentication.AuthLog.TokenRenewed(_logger, request.Method.Method, Describe(request.Uri));
                        renewed = true;
                        clock.Restart();
                        attempt--;
                        continue;
                    }

                    failure = outcome.Failure!;
                    retryAfter = outcome.RetryAfter;
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not PrestoException)
                {
                    if (ex is OperationCanceledException)
                    {
                        throw;
                    }

                    throw new OperationCanceledException("The request was cancelled.", ex, cancellationToken);
                }
                catch (Exception ex) when (attemptCts.IsCancellationRequested && ex is not PrestoException)
                {
                    failure = new TimeoutException(
                        FormattableString.Invariant($"No complete answer within the {remaining.TotalSeconds:0.###} s left of the request timeout."), ex);
                }
                catch (HttpRequestException ex) when (ex.InnerException is AuthenticationException)
                {
                    // A TLS handshake failure (bad certificate, no common protocol) repeats on every attempt.
                    throw new PrestoException($"The TLS connection to {Describe(request.Uri)} failed: {ex.InnerException.Message}", request.QueryId, false, ex);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or OperationCanceledException)
                {
                    // Connection refused/reset, a body cut short, or a timeout of a caller-supplied HttpClient.
                    failure = ex;
                }
            }

            if (_settings.Servers.Count > 1 && failure is not PrestoException && ClassifyTransportFailure(failure) == PrestoTransportFailure.ConnectionFailed)
            {
                // With several clusters a refused connection goes to the router at once: another cluster takes the statement
                // rather than this request waiting out its deadline (one connection attempt per dead endpoint).
                throw new PrestoException($"{request.Method} {Describe(request.Uri)} could not connect: {failure.Message}", request.QueryId, true, failure)
                {
                    FailedTransport = PrestoTransportFailure.ConnectionFailed,
                };
            }

            var left = Remaining(deadline, clock);
            TimeSpan delay;
            if (retryAfter is { } asked)
            {
                // The server said when to come back; if that is beyond the deadline, waiting for it is pointless.
                if (left != Timeout.InfiniteTimeSpan && asked >= left)
                {
                    throw TimedOut(request, attempt, clock.Elapsed, failure, asked);
                }

                delay = asked;
            }
            else
            {
                if (left != Timeout.InfiniteTimeSpan && left < MinimumAttemptTime)
                {
                    // A last attempt cut short by the deadline says less than the failure before it (e.g. HTTP 503).
                    var reported = failure is TimeoutException && previousFailure is not null ? previousFailure : failure;
                    throw TimedOut(request, attempt, clock.Elapsed, reported, null);
                }

                // Near the deadline the backoff shrinks so that a last attempt still gets half of the time left.
                delay = Backoff(attempt);
                if (left != Timeout.InfiniteTimeSpan && delay > TimeSpan.FromTicks(left.Ticks / 2))
                {
                    delay = TimeSpan.FromTicks(left.Ticks / 2);
                }
            }

            TransportLog.Retrying(_logger, request.Method.Method, Describe(request.Uri), attempt, failure.Message, (long)delay.TotalMilliseconds, failure);
            previousFailure = failure;
            await DelayAsync(delay, async, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Best-effort DELETE of <paramref name="uri"/> with its own short timeout; never throws.</summary>
    public Task CancelAsync(Uri uri, string? queryId) => CancelCoreAsync(uri, queryId, async: true).AsTask();

    /// <summary>Synchronous <see cref="CancelAsync(Uri, string?)"/>; never throws.</summary>
    public void Cancel(Uri uri, string? queryId) => CancelCoreAsync(uri, queryId, async: false).GetAwaiter().GetResult();

    /// <summary>Sends one heartbeat (<c>HEAD</c> of the current <c>nextUri</c>, Trino ≥ 475); never throws.</summary>
    /// <returns><see cref="HeartbeatResult.Sent"/> on 2xx, <see cref="HeartbeatResult.Unsupported"/> on 404/405, else (cancellation included) <see cref="HeartbeatResult.Failed"/>.</returns>
    public async ValueTask<HeartbeatResult> HeartbeatAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            EnsureCredentialsAllowed(uri);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(ControlRequestTimeout);
            string? bearer = await BearerTokenAsync(uri, async: true, cts.Token).ConfigureAwait(false);
            using var message = CreateMessage(HttpMethod.Head, uri, null, null, bearer);
            using var response = await SendMessageAsync(_http, message, async: true, cts.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => HeartbeatResult.Sent,
                404 or 405 => HeartbeatResult.Unsupported,
                _ => HeartbeatResult.Failed,
            };
        }
        catch (Exception ex)
        {
            TransportLog.HeartbeatFailed(_logger, Describe(uri), ex);
            return HeartbeatResult.Failed;
        }
    }

    /// <summary>Whether <paramref name="uri"/> has the origin (scheme, host, port) of one of the configured servers.</summary>
    public bool IsConfiguredOrigin(Uri uri)
    {
        foreach (var server in _settings.Servers)
        {
            if (SameOrigin(server, uri))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool SameOrigin(Uri a, Uri b) =>
        a.IsAbsoluteUri && b.IsAbsoluteUri &&
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) &&
        a.Port == b.Port;

    /// <summary>A URI for messages and logs: never its user info.</summary>
    internal static string Describe(Uri uri) =>
        uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped) : uri.OriginalString;

    private async ValueTask<Attempt> AttemptAsync(ProtocolRequest request, PageBuffer body, int attempt, bool renewed, bool async, CancellationToken cancellationToken)
    {
        var uri = request.Uri;
        for (int hop = 0; ; hop++)
        {
            string? bearer = await BearerTokenAsync(uri, async, cancellationToken).ConfigureAwait(false);
            using var span = Diagnostics.QueryTelemetry.StartRequest(request.Method.Method, uri, attempt);
            using var message = CreateMessage(request.Method, uri, request.Body, request.ConfigureHeaders, bearer);
            using var response = await SendTracedAsync(_http, message, span, async, cancellationToken).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (status == 200 || (status == 204 && (request.Method == HttpMethod.Delete || request.Method == HttpMethod.Head)))
            {
                body.Restart();
                if (status == 200 && request.Method != HttpMethod.Head)
                {
                    await ReadBodyAsync(response, body, async, cancellationToken).ConfigureAwait(false);
                    if (body.Length == 0)
                    {
                        // A proxy (or a server) that lost the answer; the same URI is served again from the server's cache.
                        return Attempt.Retry(new PrestoProtocolException(
                            $"{request.Method} {Describe(uri)} answered HTTP 200 with an empty body.", 200, null, request.QueryId, true));
                    }
                }

                return Attempt.Success(new ProtocolResponse(status, CollectHeaders(response), attempt));
            }

            if (status is 301 or 302 or 303 or 307 or 308)
            {
                uri = RedirectTarget(request, uri, response, status, hop);
                continue;
            }

            string? excerpt = await ReadExcerptAsync(response, async, cancellationToken).ConfigureAwait(false);
            string described = Describe(uri);
            if (status is 429 or 502 or 503 or 504)
            {
                return Attempt.Retry(
                    new PrestoProtocolException(Message($"{request.Method} {described} answered HTTP {status}", excerpt), status, excerpt, request.QueryId, true),
                    RetryAfter(response));
            }

            if (status == 401 && !renewed && _settings.TokenSource is not null && IsConfiguredOrigin(uri))
            {
                return Attempt.Unauthorized(new AuthChallenge(bearer, response.Headers.WwwAuthenticate, $"{request.Method} {described}"));
            }

            if (status is 401 or 403)
            {
                string? scheme = response.Headers.WwwAuthenticate.FirstOrDefault()?.Scheme;
                Authentication.AuthLog.Refused(_logger, request.Method.Method, described, status, scheme is null ? string.Empty : $" (the server asks for {scheme} authentication)");
                string what = status == 401 ? (renewed ? "Authentication failed with a renewed token" : "Authentication failed") : "Access denied";
                throw new PrestoAuthenticationException(
                    Message($"{what}: {request.Method} {described} answered HTTP {status}" + (scheme is null ? string.Empty : $" (the server asks for {scheme} authentication)"), excerpt),
                    status,
                    excerpt,
                    scheme);
            }

            throw new PrestoProtocolException(Message($"{request.Method} {described} answered HTTP {status}", excerpt), status, excerpt, request.QueryId);
        }
    }

    private Uri RedirectTarget(ProtocolRequest request, Uri uri, HttpResponseMessage response, int status, int hop)
    {
        var method = request.Method;
        if (hop >= MaxRedirects)
        {
            throw new PrestoProtocolException($"{method} {Describe(request.Uri)} was redirected more than {MaxRedirects} times.", status, null, request.QueryId);
        }

        if (status is 301 or 302 or 303 && method != HttpMethod.Get && method != HttpMethod.Head && method != HttpMethod.Delete)
        {
            // Following these would turn the POST into a GET (and lose the SQL); only 307/308 keep method and body.
            throw new PrestoProtocolException(
                $"{method} {Describe(uri)} was redirected with HTTP {status}, which would turn it into a GET; only 307 and 308 redirects are followed for a {method}.",
                status,
                null,
                request.QueryId);
        }

        var location = response.Headers.Location
            ?? throw new PrestoProtocolException($"{method} {Describe(uri)} answered HTTP {status} without a Location header.", status, null, request.QueryId);
        var target = location.IsAbsoluteUri ? location : new Uri(uri, location);
        if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
        {
            throw new PrestoProtocolException($"{method} {Describe(uri)} was redirected to a {target.Scheme} URL.", status, null, request.QueryId);
        }

        EnsureCredentialsAllowed(target);
        TransportLog.Redirected(_logger, method.Method, Describe(uri), status, Describe(target));
        return target;
    }

    private async ValueTask CancelCoreAsync(Uri uri, string? queryId, bool async)
    {
        try
        {
            EnsureCredentialsAllowed(uri);
            using var cts = new CancellationTokenSource(ControlRequestTimeout);
            string? bearer = await BearerTokenAsync(uri, async, cts.Token).ConfigureAwait(false);
            using var span = Diagnostics.QueryTelemetry.StartRequest("DELETE", uri, attempt: 1);
            using var message = CreateMessage(HttpMethod.Delete, uri, null, null, bearer);
            using var response = await SendTracedAsync(_http, message, span, async, cts.Token).ConfigureAwait(false);
            TransportLog.Cancelled(_logger, queryId, Describe(uri), (int)response.StatusCode);
        }
        catch (Exception ex)
        {
            TransportLog.CancelFailed(_logger, queryId, Describe(uri), ex);
        }
    }

    /// <summary>The bearer token for <paramref name="uri"/>: none outside the configured servers, else the token source's (cached) token or the static access token.</summary>
    private async ValueTask<string?> BearerTokenAsync(Uri uri, bool async, CancellationToken cancellationToken)
    {
        if (!IsConfiguredOrigin(uri))
        {
            return null;
        }

        if (_settings.TokenSource is { } source && await source.GetTokenAsync(async, cancellationToken).ConfigureAwait(false) is { } token)
        {
            return token;
        }

        return _settings.AccessToken;
    }

    /// <summary>A new message for one attempt (or redirect hop): body, standard headers, the caller's headers, credentials for configured origins only.</summary>
    private HttpRequestMessage CreateMessage(HttpMethod method, Uri uri, byte[]? content, Action<HttpRequestMessage>? configureHeaders, string? bearer)
    {
        var message = new HttpRequestMessage(method, uri);
        try
        {
            if (content is not null)
            {
                message.Content = new ByteArrayContent(content);
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            }

            message.Headers.TryAddWithoutValidation("User-Agent", s_userAgent);
            configureHeaders?.Invoke(message);
            message.Headers.Authorization = null;
            if (IsConfiguredOrigin(uri))
            {
                if (bearer is { } token)
                {
                    if (!RequestHeaders.IsPrintableAscii(token))
                    {
                        // Rejected here: the HTTP stack would fail the send in a way that looks like a network error.
                        throw new PrestoException("The access token contains characters that cannot be sent in an HTTP header (line breaks, control or non-ASCII characters).");
                    }

                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }
                else if (_settings.Password is { } password)
                {
                    var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes((_settings.User ?? string.Empty) + ":" + password));
                    message.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
                }
            }
            else
            {
                // A nextUri (or redirect) that leaves the configured servers gets no secret.
                message.Headers.Remove("X-Trino-Extra-Credential");
                message.Headers.Remove("X-Presto-Extra-Credential");
            }

            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    private void EnsureCredentialsAllowed(Uri uri)
    {
        if (_settings.HasCredentials && !_settings.AllowInsecureCredentials &&
            string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) && IsConfiguredOrigin(uri))
        {
            throw new PrestoException(
                $"Refusing to send credentials (password, access token or extra credentials) over unencrypted http:// to {uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)}. " +
                "Use https://, or set AllowInsecureCredentials=true if the network is trusted (e.g. a local test server).");
        }
    }

    /// <summary>Sends <paramref name="message"/> through <paramref name="http"/> (response headers read; <c>HttpClient.Send</c> on the synchronous path).</summary>
    /// <summary>Sends <paramref name="message"/> inside the request's span and records its outcome there.</summary>
    private static async ValueTask<HttpResponseMessage> SendTracedAsync(HttpMessageInvoker http, HttpRequestMessage message, System.Diagnostics.Activity? span, bool async, CancellationToken cancellationToken)
    {
        try
        {
            var response = await SendMessageAsync(http, message, async, cancellationToken).ConfigureAwait(false);
            Diagnostics.QueryTelemetry.Responded(span, (int)response.StatusCode);
            return response;
        }
        catch (Exception e)
        {
            Diagnostics.QueryTelemetry.RequestFailed(span, e);
            throw;
        }
    }

    internal static async ValueTask<HttpResponseMessage> SendMessageAsync(HttpMessageInvoker http, HttpRequestMessage message, bool async, CancellationToken cancellationToken)
    {
#if NET5_0_OR_GREATER
        if (!async)
        {
            return http is HttpClient syncClient
                ? syncClient.Send(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                : http.Send(message, cancellationToken);
        }
#endif
        var task = http is HttpClient client
            ? client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            : http.SendAsync(message, cancellationToken);
#if !NET5_0_OR_GREATER
        if (!async)
        {
            return task.GetAwaiter().GetResult();
        }
#endif
        return await task.ConfigureAwait(false);
    }

    internal static async ValueTask<Stream> OpenBodyAsync(HttpResponseMessage response, bool async, CancellationToken cancellationToken)
    {
#if NET5_0_OR_GREATER
        return async
            ? await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false)
            : response.Content.ReadAsStream(cancellationToken);
#else
        var task = response.Content.ReadAsStreamAsync();
        return async ? await task.ConfigureAwait(false) : task.GetAwaiter().GetResult();
#endif
    }

    internal static async ValueTask<int> ReadAsync(Stream stream, byte[] buffer, int offset, int count, bool async, CancellationToken cancellationToken)
    {
        if (!async)
        {
            return stream.Read(buffer, offset, count);
        }
#if NET5_0_OR_GREATER
        return await stream.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
#else
        return await stream.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
#endif
    }

    /// <summary>Streams the body into <paramref name="body"/>; an I/O error here (a connection cut mid-body) is retried by the caller.</summary>
    private static async ValueTask ReadBodyAsync(HttpResponseMessage response, PageBuffer body, bool async, CancellationToken cancellationToken)
    {
        // A blocking Read does not observe the token: disposing the response aborts it when the attempt times out.
        using var registration = cancellationToken.Register(static state => ((HttpResponseMessage)state!).Dispose(), response);
        using var stream = await OpenBodyAsync(response, async, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength is long length and > 0)
        {
            // One byte more than announced, so the read that sees the end needs no bigger array.
            body.EnsureFree((int)Math.Min(length + 1, PageBuffer.MaxLength + 1L));
        }

        while (true)
        {
            if (body.Length == body.Array.Length)
            {
                body.EnsureFree(ReadChunk);
            }

            int n = await ReadAsync(stream, body.Array, body.Length, body.Array.Length - body.Length, async, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            body.Append(n);
        }
    }

    /// <summary>The start of an error body (≤ <see cref="ExcerptBytes"/> bytes, control characters removed), or <see langword="null"/>.</summary>
    private static async ValueTask<string?> ReadExcerptAsync(HttpResponseMessage response, bool async, CancellationToken cancellationToken)
    {
        var buffer = new byte[ExcerptBytes];
        int length = 0;
        try
        {
            using var registration = cancellationToken.Register(static state => ((HttpResponseMessage)state!).Dispose(), response);
            using var stream = await OpenBodyAsync(response, async, cancellationToken).ConfigureAwait(false);
            while (length < buffer.Length)
            {
                int n = await ReadAsync(stream, buffer, length, buffer.Length - length, async, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                length += n;
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is IOException or HttpRequestException or ObjectDisposedException)
        {
            // The status says enough; keep what was read.
        }

        return Excerpt(buffer.AsSpan(0, length));
    }

    internal static string? Excerpt(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ExcerptBytes)
        {
            bytes = bytes.Slice(0, ExcerptBytes);
        }

        var text = Encoding.UTF8.GetString(bytes.ToArray());
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.Length == 0 ? null : sb.ToString();
    }

    private static string Message(string what, string? excerpt) => excerpt is null ? what + "." : what + ": " + excerpt;

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var value = response.Headers.RetryAfter;
        if (value?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (value?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static List<KeyValuePair<string, string>> CollectHeaders(HttpResponseMessage response)
    {
        var headers = new List<KeyValuePair<string, string>>();
#if NET6_0_OR_GREATER
        foreach (var header in response.Headers.NonValidated)
        {
            foreach (var value in header.Value)
            {
                headers.Add(new(header.Key, value));
            }
        }
#else
        foreach (var header in response.Headers)
        {
            foreach (var value in header.Value)
            {
                headers.Add(new(header.Key, value));
            }
        }
#endif
        return headers;
    }

    /// <summary>Exponential backoff with full jitter: uniform in [0, min(cap, base × 2^(attempt-1))].</summary>
    private TimeSpan Backoff(int attempt)
    {
        double ceiling = Math.Min(BackoffCap.TotalMilliseconds, BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        double random;
        lock (s_randomGate)
        {
            random = s_random.NextDouble();
        }

        return TimeSpan.FromMilliseconds(ceiling * random);
    }

    private static TimeSpan Remaining(TimeSpan deadline, Stopwatch clock)
    {
        if (deadline == Timeout.InfiniteTimeSpan)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var left = deadline - clock.Elapsed;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    internal static async ValueTask DelayAsync(TimeSpan delay, bool async, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return;
        }

        if (async)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        else if (cancellationToken.CanBeCanceled)
        {
            if (cancellationToken.WaitHandle.WaitOne(delay))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        else
        {
            Thread.Sleep(delay);
        }
    }

    private PrestoException TimedOut(ProtocolRequest request, int attempts, TimeSpan elapsed, Exception lastFailure, TimeSpan? retryAfter)
    {
        var text = FormattableString.Invariant(
            $"{request.Method} {Describe(request.Uri)} timed out after {attempts} attempt{(attempts == 1 ? string.Empty : "s")} over {elapsed.TotalSeconds:0.0} s (request timeout {_settings.RequestTimeout.TotalSeconds:0.###} s)");
        if (retryAfter is { } wait)
        {
            text += FormattableString.Invariant($"; the server asked to retry after {wait.TotalSeconds:0.###} s, beyond the deadline");
        }

        return new PrestoException(text + ". Last failure: " + lastFailure.Message, request.QueryId, true, lastFailure)
        {
            FailedStatus = lastFailure is PrestoProtocolException { StatusCode: { } status } ? status : null,
            FailedTransport = lastFailure is PrestoException ? null : ClassifyTransportFailure(lastFailure),
            RetryAfter = retryAfter,
        };
    }

    /// <summary>
    /// Whether a failure below HTTP certainly kept the request from reaching the server (no connection could be made)
    /// or may have let it through (a timeout, a reset, a body cut short).
    /// </summary>
    internal static PrestoTransportFailure ClassifyTransportFailure(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
#if NET8_0_OR_GREATER
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            {
                return PrestoTransportFailure.ConnectionFailed;
            }
#endif
            if (e is SocketException socket && socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable
                or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData or SocketError.AddressNotAvailable)
            {
                return PrestoTransportFailure.ConnectionFailed;
            }
        }

        return PrestoTransportFailure.Interrupted;
    }

    private static string ClientVersion()
    {
        var assembly = typeof(ProtocolTransport).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        int plus = version.IndexOf('+');
        return plus > 0 ? version.Substring(0, plus) : version;
    }

    private readonly struct Attempt
    {
        private Attempt(ProtocolResponse? response, Exception? failure, TimeSpan? retryAfter, AuthChallenge? challenge = null)
        {
            Response = response;
            Failure = failure;
            RetryAfter = retryAfter;
            Challenge = challenge;
        }

        /// <summary>A 401 that a token source may answer with a new token.</summary>
        public AuthChallenge? Challenge { get; }

        public ProtocolResponse? Response { get; }

        public Exception? Failure { get; }

        public TimeSpan? RetryAfter { get; }

        public static Attempt Success(ProtocolResponse response) => new(response, null, null);

        public static Attempt Retry(Exception failure, TimeSpan? retryAfter = null) => new(null, failure, retryAfter);

        public static Attempt Unauthorized(AuthChallenge challenge) => new(null, null, null, challenge);
    }
}
