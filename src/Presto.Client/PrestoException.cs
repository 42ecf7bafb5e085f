using System;
using System.Data.Common;

namespace Presto;

/// <summary>
/// Base class of every error raised by Presto.Client about a server, the network or a response. Misuse
/// of the API (a closed connection, a bad argument) raises the usual BCL exceptions instead.
/// </summary>
public class PrestoException : DbException
{
    /// <summary>Creates an exception with a message.</summary>
    public PrestoException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public PrestoException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception about a query the server knows by <paramref name="queryId"/>.</summary>
    public PrestoException(string message, string? queryId, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        QueryId = queryId;
        _isTransient = isTransient;
    }

    private readonly bool _isTransient;

    /// <summary>The server's query id, when the query had been submitted.</summary>
    public string? QueryId { get; }

    /// <summary>
    /// <see langword="true"/> when the same operation may succeed if tried again (an infrastructure failure,
    /// a throttled or unreachable server); <see langword="false"/> for errors that will repeat.
    /// </summary>
#if NET5_0_OR_GREATER
    public override bool IsTransient => _isTransient;
#else
    public virtual bool IsTransient => _isTransient;
#endif
}
