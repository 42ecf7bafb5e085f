using System;

namespace Presto;

/// <summary>The server refused the credentials (HTTP 401) or the operation (HTTP 403).</summary>
public sealed class PrestoAuthenticationException : PrestoProtocolException
{
    /// <summary>Creates an exception.</summary>
    public PrestoAuthenticationException(string message, int statusCode, string? responseExcerpt = null, string? authenticateScheme = null, Exception? innerException = null)
        : base(message, statusCode, responseExcerpt, null, false, innerException)
    {
        AuthenticateScheme = authenticateScheme;
    }

    /// <summary>The authentication scheme the server asked for in <c>WWW-Authenticate</c> (<c>Basic</c>, <c>Bearer</c>…), when given.</summary>
    public string? AuthenticateScheme { get; }
}
