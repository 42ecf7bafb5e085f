using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Presto.Protocol;

/// <summary>
/// Sends protocol requests with request-level resilience. CONTRACT STUB: minimal behaviour, no retries.
/// </summary>
internal sealed class ProtocolTransport
{
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

    /// <summary>Sends the request (retrying per policy) and reads a 200 body into <paramref name="body"/>.</summary>
    public async ValueTask<ProtocolResponse> SendAsync(ProtocolRequest request, PageBuffer body, bool async, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, request.Uri);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        }

        request.ConfigureHeaders?.Invoke(message);
        using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        body.Length = 0;
#if NET5_0_OR_GREATER
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        while (true)
        {
            body.EnsureFree(16 * 1024);
            var n = await stream.ReadAsync(body.Array, body.Length, body.Array.Length - body.Length, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            body.Length += n;
        }

        if ((int)response.StatusCode is not (200 or 204))
        {
            throw new PrestoProtocolException($"HTTP {(int)response.StatusCode}", (int)response.StatusCode);
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in response.Headers)
        {
            foreach (var value in header.Value)
            {
                headers.Add(new(header.Key, value));
            }
        }

        return new ProtocolResponse((int)response.StatusCode, headers, 1);
    }

    /// <summary>Best-effort DELETE of <paramref name="uri"/> with its own short timeout; never throws.</summary>
    public async Task CancelAsync(Uri uri, string? queryId)
    {
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Delete, uri);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var response = await _http.SendAsync(message, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            _logger.LogDebug(ex, "Cancelling query {QueryId} failed", queryId);
        }
    }

    /// <summary>Sends one heartbeat (<c>HEAD</c> for Trino).</summary>
    public async ValueTask<HeartbeatResult> HeartbeatAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Head, uri);
            using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode is 404 or 405 ? HeartbeatResult.Unsupported : HeartbeatResult.Sent;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            return HeartbeatResult.Failed;
        }
    }
}
