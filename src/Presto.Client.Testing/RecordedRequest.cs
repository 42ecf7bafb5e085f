using System;
using System.Collections.Generic;

namespace Presto.Testing;

/// <summary>A request the server received, kept for assertions.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="PathAndQuery">Path and query string as requested.</param>
/// <param name="Headers">Request headers; a header sent several times keeps every value.</param>
/// <param name="Body">The body as UTF-8 text (empty when there was none).</param>
/// <param name="Timestamp">When the request arrived.</param>
public sealed record RecordedRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string[]> Headers,
    string Body,
    DateTimeOffset Timestamp)
{
    /// <summary>The HTTP status the server answered with (0 when the connection was aborted before a status was sent).</summary>
    public int StatusCode { get; internal set; }

    /// <summary>First value of a header, or <see langword="null"/>; header names are case-insensitive.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) && values.Length > 0 ? values[0] : null;
}
