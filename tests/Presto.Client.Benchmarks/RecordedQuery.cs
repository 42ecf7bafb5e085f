using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Presto.Testing;

namespace Presto.Benchmarks;

/// <summary>
/// The complete page sequence of one query as the embedded server wrote it: the body of the <c>POST /v1/statement</c>
/// response, then the body of every <c>GET nextUri</c> until the last page (no <c>nextUri</c>). Recorded once with a raw
/// <see cref="HttpClient"/> (no compression), so the replay serves byte-for-byte what the server produced.
/// </summary>
internal sealed class RecordedQuery
{
    private RecordedQuery(Uri baseAddress, List<RecordedPage> pages)
    {
        BaseAddress = baseAddress;
        Pages = pages;
    }

    /// <summary>The recording server's base address (no trailing slash), as it appears in every absolute URI of the pages.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Pages in order; page 0 answers the POST, page n answers the GET of page n-1's <c>nextUri</c>.</summary>
    public IReadOnlyList<RecordedPage> Pages { get; }

    public long TotalBytes => Pages.Sum(p => (long)p.Body.Length);

    /// <summary>Starts an embedded Trino server answering <paramref name="sql"/> with the benchmark result and records its pages.</summary>
    public static Task<RecordedQuery> RecordAsync(string sql, int rowCount, CancellationToken cancellationToken = default) =>
        RecordAsync(sql, BenchmarkResult.Create(rowCount), rowCount, cancellationToken);

    /// <summary>Starts an embedded Trino server answering <paramref name="sql"/> with <paramref name="result"/> and records its pages.</summary>
    public static async Task<RecordedQuery> RecordAsync(string sql, ScriptedResult result, int rowCount, CancellationToken cancellationToken = default)
    {
        await using var server = await PrestoTestServer.StartAsync(
            new PrestoTestServerOptions { Dialect = ServerDialect.Trino, RecordRequests = false },
            cancellationToken).ConfigureAwait(false);
        using var _ = server.Script(sql, result);

        using var http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
        })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };

        string baseText = server.BaseAddress.GetLeftPart(UriPartial.Authority);
        var pages = new List<RecordedPage>();
        using (var post = new HttpRequestMessage(HttpMethod.Post, baseText + "/v1/statement"))
        {
            post.Content = new StringContent(sql, Encoding.UTF8, new MediaTypeHeaderValue("text/plain"));
            post.Headers.Add("X-Trino-User", "bench");
            pages.Add(new RecordedPage("/v1/statement", await SendAsync(http, post, cancellationToken).ConfigureAwait(false)));
        }

        var watch = Stopwatch.StartNew();
        while (NextUri(pages[^1].Body) is { } next)
        {
            if (!next.StartsWith(baseText, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"nextUri {next} is not on the recording server {baseText}.");
            }

            using var get = new HttpRequestMessage(HttpMethod.Get, next);
            get.Headers.Add("X-Trino-User", "bench");
            pages.Add(new RecordedPage(next[baseText.Length..], await SendAsync(http, get, cancellationToken).ConfigureAwait(false)));
            if (watch.Elapsed > TimeSpan.FromMinutes(10) || pages.Count > 100_000)
            {
                throw new InvalidOperationException("The recording does not end.");
            }
        }

        var recorded = new RecordedQuery(new Uri(baseText), pages);
        long rows = recorded.Pages.Sum(p => CountRows(p.Body));
        if (rows != rowCount)
        {
            throw new InvalidOperationException($"Recorded {rows} rows, expected {rowCount}.");
        }

        return recorded;
    }

    /// <summary>The pages with every occurrence of the recording server's base address replaced by <paramref name="target"/>.</summary>
    public IReadOnlyList<RecordedPage> RewrittenFor(Uri target)
    {
        byte[] from = Encoding.ASCII.GetBytes(BaseAddress.GetLeftPart(UriPartial.Authority));
        byte[] to = Encoding.ASCII.GetBytes(target.GetLeftPart(UriPartial.Authority));
        return Pages.Select(p => p with { Body = Replace(p.Body, from, to) }).ToArray();
    }

    /// <summary>The top-level <c>nextUri</c> of a page, or null on the last page.</summary>
    public static string? NextUri(ReadOnlySpan<byte> page)
    {
        var reader = new Utf8JsonReader(page);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                if (reader.ValueTextEquals("nextUri"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }

        return null;
    }

    /// <summary>Rows in the page's top-level <c>data</c> array.</summary>
    public static long CountRows(ReadOnlySpan<byte> page)
    {
        using var document = JsonDocument.Parse(page.ToArray());
        return document.RootElement.TryGetProperty("data", out var data) ? data.GetArrayLength() : 0;
    }

    private static async Task<byte[]> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        }

        if (response.Content.Headers.ContentEncoding.Count != 0)
        {
            throw new InvalidOperationException("The recording must not be compressed.");
        }

        return body;
    }

    private static byte[] Replace(byte[] source, byte[] from, byte[] to)
    {
        var output = new MemoryStream(source.Length + 64);
        ReadOnlySpan<byte> rest = source;
        int index;
        while ((index = rest.IndexOf(from)) >= 0)
        {
            output.Write(rest[..index]);
            output.Write(to);
            rest = rest[(index + from.Length)..];
        }

        output.Write(rest);
        return output.ToArray();
    }
}

/// <summary>One recorded response: the path and query it answers (relative to the server) and its body.</summary>
internal sealed record RecordedPage(string PathAndQuery, byte[] Body);
