using System;

namespace Presto;

/// <summary>
/// The server (or something in front of it) answered in a way the statement protocol does not allow: an
/// unexpected HTTP status, a body that is not the JSON expected, a value that does not match its column type.
/// </summary>
public class PrestoProtocolException : PrestoException
{
    /// <summary>Creates an exception.</summary>
    public PrestoProtocolException(string message, int? statusCode = null, string? responseExcerpt = null, string? queryId = null, bool isTransient = false, Exception? innerException = null)
        : base(message, queryId, isTransient, innerException)
    {
        StatusCode = statusCode;
        ResponseExcerpt = responseExcerpt;
    }

    /// <summary>The HTTP status of the offending response, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>The start of the offending response body (bounded in length), when there was one.</summary>
    public string? ResponseExcerpt { get; }
}
