using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Presto.Benchmarks;

/// <summary>
/// A Kestrel server that replays a <see cref="RecordedQuery"/>: <c>POST /v1/statement</c> answers page 0 and a GET of each
/// recorded path answers that page, with the absolute URIs rewritten to this server. It does no work per request beyond a
/// dictionary lookup and a copy to the socket, so both sides of the comparison read identical bytes at the same cost.
/// </summary>
internal sealed class ReplayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, byte[]> _pages = new(StringComparer.Ordinal);
    private byte[] _first = [];
    private string? _encoding;

    private ReplayServer(WebApplication app) => _app = app;

    /// <summary>Bytes sent per query on the wire (compressed when the replay compresses).</summary>
    public long WireBytes { get; private set; }

    public Uri BaseAddress { get; private set; } = null!;

    public int PageCount => _pages.Count + 1;

    public long TotalBytes { get; private set; }

    /// <summary>
    /// Starts a replay of <paramref name="recording"/>. With <paramref name="encoding"/> (<c>gzip</c> or <c>br</c>) every page is
    /// compressed once here and sent with that <c>Content-Encoding</c> to requests that accept it, so compressing costs the
    /// replay nothing per request and only the client's decompression is measured.
    /// </summary>
    public static async Task<ReplayServer> StartAsync(RecordedQuery recording, string? encoding = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var server = new ReplayServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority));

        var pages = recording.RewrittenFor(server.BaseAddress);
        server._encoding = encoding;
        server._first = Compress(pages[0].Body, encoding);
        for (int i = 1; i < pages.Count; i++)
        {
            server._pages.Add(pages[i].PathAndQuery, Compress(pages[i].Body, encoding));
        }

        server.TotalBytes = pages.Sum(p => (long)p.Body.Length);
        server.WireBytes = server._first.Length + server._pages.Values.Sum(p => (long)p.Length);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        byte[]? body = null;
        if (HttpMethods.IsPost(request.Method) && request.Path == "/v1/statement")
        {
            await request.Body.CopyToAsync(Stream.Null).ConfigureAwait(false);
            body = _first;
        }
        else if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            _pages.TryGetValue(context.Features.Get<IHttpRequestFeature>()!.RawTarget, out body);
        }
        else if (HttpMethods.IsDelete(request.Method))
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (body is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (_encoding is not null)
        {
            if (!request.Headers.AcceptEncoding.ToString().Contains(_encoding, StringComparison.Ordinal))
            {
                // Pages are held compressed only; a client that does not accept the encoding is a set-up error here.
                response.StatusCode = StatusCodes.Status406NotAcceptable;
                return;
            }

            response.Headers.ContentEncoding = _encoding;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body).ConfigureAwait(false);
        }
    }

    private static byte[] Compress(byte[] body, string? encoding)
    {
        if (encoding is null)
        {
            return body;
        }

        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "gzip or br"),
        })
        {
            compressor.Write(body);
        }

        return output.ToArray();
    }
}
