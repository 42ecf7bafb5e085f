using System;
using System.Net.Http;

namespace Presto.Protocol;

/// <summary>One logical protocol request; the transport builds a fresh <see cref="HttpRequestMessage"/> from it for every attempt.</summary>
internal sealed class ProtocolRequest
{
    public ProtocolRequest(HttpMethod method, Uri uri)
    {
        Method = method;
        Uri = uri;
    }

    public HttpMethod Method { get; }

    public Uri Uri { get; }

    /// <summary>UTF-8 SQL text of a submission; sent as <c>text/plain; charset=utf-8</c>.</summary>
    public byte[]? Body { get; init; }

    /// <summary>Adds the session headers of a submission (called once per attempt on the new message).</summary>
    public Action<HttpRequestMessage>? ConfigureHeaders { get; init; }

    /// <summary>The server query id, for error messages.</summary>
    public string? QueryId { get; init; }
}
