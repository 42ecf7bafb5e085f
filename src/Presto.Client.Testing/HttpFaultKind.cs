namespace Presto.Testing;

/// <summary>How an <see cref="HttpFault"/> breaks a response.</summary>
public enum HttpFaultKind
{
    /// <summary>Answer with <see cref="HttpFault.StatusCode"/> and <see cref="HttpFault.Body"/> (e.g. 429 with Retry-After, 502, 503, 504) instead of handling the request.</summary>
    Status,

    /// <summary>Reset the connection before any response byte (the request is not handled).</summary>
    ResetConnection,

    /// <summary>Handle the request, send the status and part of the body, then abort the connection.</summary>
    AbortMidBody,

    /// <summary>Handle the request and send a 200 whose JSON body is cut in half (a complete HTTP response).</summary>
    TruncatedBody,

    /// <summary>Answer 200 with an HTML page, as a misconfigured proxy does (the request is not handled).</summary>
    NonJsonBody,

    /// <summary>Answer 200 with an empty body (the request is not handled).</summary>
    EmptyBody,

    /// <summary>Wait <see cref="HttpFault.Delay"/>, then handle the request normally.</summary>
    Delay,

    /// <summary>Answer with <see cref="HttpFault.Response"/>, written verbatim (the request is not handled): malformed, gigantic, slow or misleading answers.</summary>
    Hostile,
}
