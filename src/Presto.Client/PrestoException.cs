using System;
using System.Collections.Generic;
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
    /// a throttled or unreachable server); <see langword="false"/> for errors that will repeat. For a failed query this
    /// is the retry classification's verdict (<see cref="Classification"/>), whether or not the client resubmitted it.
    /// </summary>
#if NET5_0_OR_GREATER
    public override bool IsTransient => Classification is { } c ? c.Decision != PrestoRetryDecision.Never : _isTransient;
#else
    public virtual bool IsTransient => Classification is { } c ? c.Decision != PrestoRetryDecision.Never : _isTransient;
#endif

    /// <summary>How many times the query was submitted (the first submission included); 0 when the error did not come from running a query.</summary>
    public int Attempts { get; internal set; }

    /// <summary>How the last failure was classified (matched rule, decision, why it was not resubmitted); <see langword="null"/> when the error did not come from running a query.</summary>
    public PrestoRetryClassification? Classification { get; internal set; }

    /// <summary>Every failed submission of the query, in order, the last one being this error.</summary>
    public IReadOnlyList<PrestoQueryAttempt> AttemptHistory { get; internal set; } = Array.Empty<PrestoQueryAttempt>();

    /// <summary>The HTTP status of the request that failed after the request-level retries (200: a body that was empty or not JSON).</summary>
    internal int? FailedStatus { get; init; }

    /// <summary>Set when the request failed below HTTP (no usable response).</summary>
    internal PrestoTransportFailure? FailedTransport { get; init; }

    /// <summary>The server's <c>Retry-After</c> on the last failed response.</summary>
    internal TimeSpan? RetryAfter { get; init; }
}
