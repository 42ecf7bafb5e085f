using System;
using System.Collections.Generic;

namespace Presto.Protocol;

/// <summary>A successful (HTTP 200/204) answer; the body was read into the caller's <see cref="PageBuffer"/>.</summary>
internal sealed class ProtocolResponse
{
    public ProtocolResponse(int statusCode, IReadOnlyList<KeyValuePair<string, string>> headers, int attempts)
    {
        StatusCode = statusCode;
        Headers = headers;
        Attempts = attempts;
    }

    public int StatusCode { get; }

    /// <summary>Response header lines (name, one value per line; folded comma lists are not split here).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>How many attempts it took (1 = no retry).</summary>
    public int Attempts { get; }
}
