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

    private ReplayServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public int PageCount => _pages.Count + 1;

    public long TotalBytes { get; private set; }

    public static async Task<ReplayServer> StartAsync(RecordedQuery recording)
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
        server._first = pages[0].Body;
        for (int i = 1; i < pages.Count; i++)
        {
            server._pages.Add(pages[i].PathAndQuery, pages[i].Body);
        }

        server.TotalBytes = pages.Sum(p => (long)p.Body.Length);
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

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body).ConfigureAwait(false);
        }
    }
}
