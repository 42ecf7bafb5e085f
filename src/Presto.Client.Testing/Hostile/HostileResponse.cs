using System;
using System.Collections.Generic;
using System.Threading;

namespace Presto.Testing;

/// <summary>
/// A response written verbatim by a <see cref="HttpFaultKind.Hostile"/> fault instead of handling the request: any status,
/// headers and body (generated lazily, so a 1 GB body costs no memory), optionally dribbled out byte by byte. Text in
/// headers and bodies may use the placeholders <c>{base}</c> (the server's base URI, e.g. <c>http://127.0.0.1:40123</c>)
/// and <c>{hit}</c> (how many times this response was written, 1 for the first), so an endless <c>nextUri</c> chain can
/// point back at the server with a new URI on every poll.
/// </summary>
public sealed class HostileResponse
{
    private int _hits;

    /// <summary>HTTP status.</summary>
    /// <value>Default 200.</value>
    public int StatusCode { get; init; } = 200;

    /// <summary><c>Content-Type</c>; <see langword="null"/> sends none.</summary>
    /// <value>Default <c>application/json</c>.</value>
    public string? ContentType { get; init; } = "application/json";

    /// <summary>Further response headers (name, value), with placeholders expanded; repeated names are sent repeatedly.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body.</summary>
    /// <value>Default empty.</value>
    public HostileBody Body { get; init; } = HostileBody.Empty;

    /// <summary>
    /// <c>Content-Length</c> to announce; <see langword="null"/> announces the body's own length when it is known (else the
    /// body is chunked). A value that differs from the body makes the server cut the connection once the lie shows.
    /// </summary>
    public long? ContentLength { get; init; }

    /// <summary>Sends the body chunked (no <c>Content-Length</c>), so its size shows only as it arrives.</summary>
    public bool Chunked { get; init; }

    /// <summary>Bytes per write when dribbling the body (slow-loris); 0 writes it in large chunks.</summary>
    public int BytesPerWrite { get; init; }

    /// <summary>Wait before each dribbled write (with <see cref="BytesPerWrite"/>), and before the headers when set.</summary>
    public TimeSpan WriteDelay { get; init; }

    /// <summary>How many times the response was written.</summary>
    public int Hits => Volatile.Read(ref _hits);

    internal int Hit() => Interlocked.Increment(ref _hits);
}
