using System.Net;
using System.Net.Http.Headers;

namespace Presto.Benchmarks;

/// <summary>
/// An <see cref="HttpMessageHandler"/> that answers like <see cref="ReplayServer"/> from memory: <c>POST /v1/statement</c>
/// gets page 0, a GET of a recorded path its page, a DELETE 204. No socket and no server thread, so a whole query runs on the
/// caller's thread and its CPU cost can be compared with the floor's tokenising alone (see <see cref="DecodeLoop"/>).
/// </summary>
internal sealed class InMemoryPages : HttpMessageHandler
{
    /// <summary>The base address the pages are rewritten to (never connected to).</summary>
    public static readonly Uri BaseAddress = new("http://127.0.0.1:9");

    private readonly Dictionary<string, byte[]> _pages = new(StringComparer.Ordinal);
    private readonly byte[] _first;

    public InMemoryPages(RecordedQuery recording)
    {
        var pages = recording.RewrittenFor(BaseAddress);
        _first = pages[0].Body;
        for (int i = 1; i < pages.Count; i++)
        {
            _pages.Add(pages[i].PathAndQuery, pages[i].Body);
        }
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => Answer(request);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(request));

    private HttpResponseMessage Answer(HttpRequestMessage request)
    {
        if (request.Method == HttpMethod.Delete)
        {
            return new HttpResponseMessage(HttpStatusCode.NoContent) { RequestMessage = request };
        }

        byte[]? body = request.Method == HttpMethod.Post ? _first : _pages.GetValueOrDefault(request.RequestUri!.PathAndQuery);
        if (body is null)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
        }

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
