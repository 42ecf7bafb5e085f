using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Presto.Testing.Spooling;

namespace Presto.Testing.Server;

/// <summary>Routes every HTTP request of a server instance: statement protocol, cluster endpoints, recording and transport faults.</summary>
internal sealed class RequestHandler(ServerContext server)
{
    private const int MaxSqlBytes = 1_000_000;
    private const string SpooledPrefix = "/v1/spooled/";
    private const string DownloadPrefix = "/v1/spooled/download/";
    private const string StoragePrefix = "/v1/spooled/storage/";
    private const string AckPrefix = "/v1/spooled/ack/";
    private const string ProxyErrorPage =
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

    private readonly ClusterEndpoints _cluster = new(server);

    public async Task HandleAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        string pathAndQuery = request.Path.Value + request.QueryString.Value;
        string body = await ReadBodyAsync(request).ConfigureAwait(false);
        var recorded = new RecordedRequest(
            request.Method,
            pathAndQuery,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase),
            body,
            DateTimeOffset.UtcNow);
        server.Record(recorded);

        // Taken when the status line is about to be sent (before the client can see it), so a test reading the record
        // right after its response never races with this handler; a request aborted before any response keeps 0.
        ctx.Response.OnStarting(() =>
        {
            if (!ctx.RequestAborted.IsCancellationRequested)
            {
                recorded.StatusCode = ctx.Response.StatusCode;
            }

            return Task.CompletedTask;
        });
        try
        {
            var fault = server.Faults.TakeHttp(Classify(request.Method, request.Path.Value ?? "/"), pathAndQuery);
            if (fault is not null && await ApplyFaultAsync(ctx, fault).ConfigureAwait(false))
            {
                return;
            }

            var response = new Responder(ctx, fault);
            await RouteAsync(ctx, body, response).ConfigureAwait(false);
        }
        catch (BadRequestException ex)
        {
            await WriteTextAsync(ctx, 400, ex.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex)
        {
            // A defect of this server: answer like a Java server's unhandled exception would, with the cause in the body.
            await WriteTextAsync(ctx, 500, ex.GetType().FullName + ": " + ex.Message).ConfigureAwait(false);
        }
    }

    private static RequestKind Classify(string method, string path)
    {
        if (path.StartsWith("/v1/stage/", StringComparison.Ordinal) && method == "DELETE")
        {
            return RequestKind.Delete;
        }

        if (path.StartsWith(SpooledPrefix, StringComparison.Ordinal))
        {
            return path.StartsWith(AckPrefix, StringComparison.Ordinal) ? RequestKind.SegmentAck : RequestKind.SegmentDownload;
        }

        if (!path.StartsWith("/v1/statement", StringComparison.Ordinal))
        {
            return RequestKind.Other;
        }

        return method switch
        {
            "POST" => RequestKind.Post,
            "GET" => RequestKind.Get,
            "DELETE" => RequestKind.Delete,
            "HEAD" => RequestKind.Head,
            _ => RequestKind.Other,
        };
    }

    /// <summary>Applies a fault that replaces the response; returns false when the request must still be handled.</summary>
    private static async Task<bool> ApplyFaultAsync(HttpContext ctx, HttpFault fault)
    {
        switch (fault.Kind)
        {
            case HttpFaultKind.Status:
                if (fault.RetryAfter is { } retryAfter)
                {
                    ctx.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await WriteTextAsync(ctx, fault.StatusCode, fault.Body ?? DefaultStatusText(fault.StatusCode)).ConfigureAwait(false);
                return true;
            case HttpFaultKind.ResetConnection:
                ctx.Abort();
                return true;
            case HttpFaultKind.NonJsonBody:
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "text/html";
                await ctx.Response.WriteAsync(ProxyErrorPage).ConfigureAwait(false);
                return true;
            case HttpFaultKind.EmptyBody:
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "application/json";
                ctx.Response.ContentLength = 0;
                return true;
            case HttpFaultKind.Delay:
                await Task.Delay(fault.Delay, ctx.RequestAborted).ConfigureAwait(false);
                return false;
            default:
                return false;
        }
    }

    private static string DefaultStatusText(int status) => status switch
    {
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => ProxyErrorPage,
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "HTTP " + status.ToString(CultureInfo.InvariantCulture),
    };

    private async Task RouteAsync(HttpContext ctx, string body, Responder response)
    {
        string path = ctx.Request.Path.Value ?? "/";
        string method = ctx.Request.Method;
        if (path.StartsWith(SpooledPrefix, StringComparison.Ordinal) && server.Options.Spooling is { } spooling)
        {
            // Like Trino's segment resources: no authentication, the unguessable id and the segment headers are the key.
            await SpooledAsync(ctx, path, method, spooling, response).ConfigureAwait(false);
            return;
        }

        if (!await server.Auth.AuthorizeAsync(ctx, path).ConfigureAwait(false))
        {
            return;
        }

        if (path == "/v1/statement")
        {
            switch (method)
            {
                case "POST":
                    await SubmitAsync(ctx, body, response).ConfigureAwait(false);
                    return;
                case "HEAD" when server.Dialect == ServerDialect.Trino:
                    ctx.Response.StatusCode = 200;
                    return;
                default:
                    await WriteTextAsync(ctx, 405, "Method Not Allowed").ConfigureAwait(false);
                    return;
            }
        }

        if (path.StartsWith("/v1/statement/", StringComparison.Ordinal) || path.StartsWith("/v1/stage/", StringComparison.Ordinal))
        {
            await StatementResourceAsync(ctx, path, method, response).ConfigureAwait(false);
            return;
        }

        if (!await server.Auth.TryHandleAsync(ctx, path, method, body).ConfigureAwait(false) &&
            !await _cluster.TryHandleAsync(ctx, path, method, body).ConfigureAwait(false))
        {
            await WriteTextAsync(ctx, 404, "Not Found").ConfigureAwait(false);
        }
    }

    private async Task SubmitAsync(HttpContext ctx, string sql, Responder response)
    {
        if (Encoding.UTF8.GetByteCount(sql) > MaxSqlBytes)
        {
            await WriteTextAsync(ctx, 413, "Request entity too large").ConfigureAwait(false);
            return;
        }

        var names = RequestSession.DetectProtocol(ctx.Request.Headers, server.Dialect, server.Options.AlternateHeaderName);
        if (sql.Length == 0)
        {
            throw new BadRequestException("SQL statement is empty");
        }

        var session = RequestSession.Parse(ctx.Request.Headers, names, server.Dialect);
        var query = server.CreateQuery(sql, session);
        if (server.Dialect == ServerDialect.Trino &&
            SegmentEncoder.Negotiate(server.Options.Spooling, ctx.Request.Headers[names["Query-Data-Encoding"]].ToString()) is { } encoding)
        {
            query.Spooling = new SegmentEncoder(server.Options.Spooling!, server.Segments, encoding);
        }

        await query.Gate.WaitAsync(ctx.RequestAborted).ConfigureAwait(false);
        try
        {
            AddEncodingHeader(ctx, query);
            query.WriteSubmitted(BaseUri(ctx));
            await response.WriteJsonAsync(query.Body).ConfigureAwait(false);
        }
        finally
        {
            query.Gate.Release();
        }
    }

    private async Task StatementResourceAsync(HttpContext ctx, string path, string method, Responder response)
    {
        if (!StatementPath.TryParse(path, ctx.Request.Query["slug"].ToString(), server.Dialect, out var target))
        {
            await WriteTextAsync(ctx, 404, "Not Found").ConfigureAwait(false);
            return;
        }

        var query = server.FindQuery(target.QueryId);
        if (query is null)
        {
            await WriteTextAsync(ctx, 404, "Query not found").ConfigureAwait(false);
            return;
        }

        if (target.PartialCancel)
        {
            if (method != "DELETE")
            {
                await WriteTextAsync(ctx, 405, "Method Not Allowed").ConfigureAwait(false);
                return;
            }

            if (server.Dialect == ServerDialect.Trino && !query.SlugMatches(ResourceKind.Executing, target.Token, target.Slug))
            {
                await WriteTextAsync(ctx, 404, "Query not found").ConfigureAwait(false);
                return;
            }

            query.PartialCancel();
            ctx.Response.StatusCode = 204;
            return;
        }

        switch (method)
        {
            case "GET":
                await GetAsync(ctx, query, target, response).ConfigureAwait(false);
                return;
            case "DELETE":
                await CancelAsync(ctx, query, target).ConfigureAwait(false);
                return;
            case "HEAD" when server.Dialect == ServerDialect.Trino && target.Kind == ResourceKind.Executing:
                ctx.Response.StatusCode = query.SlugMatches(target.Kind, target.Token, target.Slug) ? 200 : 404;
                if (ctx.Response.StatusCode == 200)
                {
                    query.Heartbeat();
                }

                return;
            default:
                await WriteTextAsync(ctx, 405, "Method Not Allowed").ConfigureAwait(false);
                return;
        }
    }

    private static async Task GetAsync(HttpContext ctx, Query query, StatementPath target, Responder response)
    {
        await query.Gate.WaitAsync(ctx.RequestAborted).ConfigureAwait(false);
        try
        {
            int status = query.Get(BaseUri(ctx), target.Kind, target.Token, target.Slug);
            switch (status)
            {
                case 200:
                    AddEncodingHeader(ctx, query);
                    if (query.LastResourceKind == ResourceKind.Executing)
                    {
                        foreach (var (suffix, value) in query.ResponseHeaders)
                        {
                            ctx.Response.Headers.Append(query.Session.Headers[suffix], value);
                        }
                    }

                    await response.WriteJsonAsync(query.Body).ConfigureAwait(false);
                    return;
                case 410:
                    await WriteTextAsync(ctx, 410, "Invalid token").ConfigureAwait(false);
                    return;
                default:
                    await WriteTextAsync(ctx, 404, "Query not found").ConfigureAwait(false);
                    return;
            }
        }
        finally
        {
            query.Gate.Release();
        }
    }

    private static async Task CancelAsync(HttpContext ctx, Query query, StatementPath target)
    {
        if (!query.SlugMatches(target.Kind, target.Token, target.Slug))
        {
            await WriteTextAsync(ctx, 404, "Query not found").ConfigureAwait(false);
            return;
        }

        await query.Gate.WaitAsync(ctx.RequestAborted).ConfigureAwait(false);
        try
        {
            query.Cancel();
        }
        finally
        {
            query.Gate.Release();
        }

        ctx.Response.StatusCode = 204;
    }

    /// <summary>Trino ≥ 461 echoes the negotiated encoding on statement responses.</summary>
    private static void AddEncodingHeader(HttpContext ctx, Query query)
    {
        if (query.Spooling is { } spooling)
        {
            ctx.Response.Headers[query.Session.Headers["Query-Data-Encoding"]] = spooling.Encoding;
        }
    }

    /// <summary>
    /// The segment resources: <c>GET download/{id}</c> serves the payload (or redirects to <c>storage/{id}</c>), <c>GET ack/{id}</c>
    /// deletes it. Both require the configured segment headers (403 without them); an unknown or acknowledged id is 404.
    /// </summary>
    private async Task SpooledAsync(HttpContext ctx, string path, string method, SpoolingOptions options, Responder response)
    {
        if (method != "GET")
        {
            await WriteTextAsync(ctx, 405, "Method Not Allowed").ConfigureAwait(false);
            return;
        }

        if (!SegmentEncoder.HasSegmentHeaders(options, name => ctx.Request.Headers[name].Select(v => v ?? string.Empty).ToArray()))
        {
            await WriteTextAsync(ctx, 403, "Access denied: the segment headers are missing or wrong").ConfigureAwait(false);
            return;
        }

        string id = path[(path.LastIndexOf('/') + 1)..];
        if (path.StartsWith(AckPrefix, StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = server.Segments.Acknowledge(id) ? 200 : 404;
            return;
        }

        var payload = server.Segments.Find(id);
        if (payload is null || !(path.StartsWith(DownloadPrefix, StringComparison.Ordinal) || path.StartsWith(StoragePrefix, StringComparison.Ordinal)))
        {
            await WriteTextAsync(ctx, 404, "Segment not found").ConfigureAwait(false);
            return;
        }

        if (options.RedirectDownloads && path.StartsWith(DownloadPrefix, StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = 303;
            ctx.Response.Headers.Location = BaseUri(ctx) + StoragePrefix + id;
            return;
        }

        await response.WriteBytesAsync(payload, "application/octet-stream").ConfigureAwait(false);
    }

    public static string BaseUri(HttpContext ctx) => ctx.Request.Scheme + "://" + ctx.Request.Host.Value;

    public static async Task WriteTextAsync(HttpContext ctx, int status, string text)
    {
        if (ctx.Response.HasStarted)
        {
            ctx.Abort();
            return;
        }

        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = text.StartsWith("<html>", StringComparison.Ordinal) ? "text/html" : "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(text).ConfigureAwait(false);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength == 0 || request.Method is "GET" or "HEAD" or "DELETE")
        {
            return string.Empty;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        char[] buffer = new char[8192];
        var sb = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
        {
            sb.Append(buffer, 0, read);
            if (sb.Length > MaxSqlBytes * 2)
            {
                break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Writes JSON bodies, gzip-compressed when the client accepts it (as Trino does), applying body faults.</summary>
    private sealed class Responder(HttpContext ctx, HttpFault? fault)
    {
        public async Task WriteJsonAsync(ReadOnlyMemory<byte> body)
        {
            if (await WriteFaultedAsync(body, "application/json").ConfigureAwait(false))
            {
                return;
            }

            string acceptEncoding = ctx.Request.Headers.AcceptEncoding.ToString();
            if (body.Length > 1024 && acceptEncoding.Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                ctx.Response.Headers.ContentEncoding = "gzip";
                var gzip = new GZipStream(ctx.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
                await using (gzip.ConfigureAwait(false))
                {
                    await gzip.WriteAsync(body).ConfigureAwait(false);
                }

                return;
            }

            ctx.Response.ContentLength = body.Length;
            await ctx.Response.Body.WriteAsync(body).ConfigureAwait(false);
        }

        /// <summary>Writes a body as is (a spooled segment: object storage does not gzip), applying body faults.</summary>
        public async Task WriteBytesAsync(ReadOnlyMemory<byte> body, string contentType)
        {
            if (await WriteFaultedAsync(body, contentType).ConfigureAwait(false))
            {
                return;
            }

            ctx.Response.ContentLength = body.Length;
            await ctx.Response.Body.WriteAsync(body).ConfigureAwait(false);
        }

        /// <summary>Starts a 200 response; with a body fault, writes the broken body and returns <see langword="true"/>.</summary>
        private async Task<bool> WriteFaultedAsync(ReadOnlyMemory<byte> body, string contentType)
        {
            var response = ctx.Response;
            response.StatusCode = 200;
            response.ContentType = contentType;
            if (fault?.Kind == HttpFaultKind.TruncatedBody)
            {
                var half = body[..(body.Length / 2)];
                response.ContentLength = half.Length;
                await response.Body.WriteAsync(half).ConfigureAwait(false);
                return true;
            }

            if (fault?.Kind == HttpFaultKind.AbortMidBody)
            {
                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body[..(body.Length / 2)]).ConfigureAwait(false);
                await response.Body.FlushAsync().ConfigureAwait(false);
                ctx.Abort();
                return true;
            }

            return false;
        }
    }
}
