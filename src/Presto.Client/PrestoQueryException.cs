using System;

namespace Presto;

/// <summary>The server ran the query and reported it failed (the <c>error</c> of the final response).</summary>
public sealed class PrestoQueryException : PrestoException
{
    /// <summary>Creates an exception from the fields of a server <c>QueryError</c>.</summary>
    public PrestoQueryException(
        string message,
        string? queryId,
        string errorName,
        int errorCode,
        PrestoErrorType errorType,
        PrestoErrorLocation? errorLocation,
        PrestoFailureInfo? failureInfo,
        bool isTransient,
        Exception? innerException = null)
        : base(message, queryId, isTransient, innerException)
    {
        ErrorName = errorName;
        ErrorCode = errorCode;
        ErrorType = errorType;
        ErrorLocation = errorLocation;
        FailureInfo = failureInfo;
    }

    /// <summary>The server's error name, e.g. <c>SYNTAX_ERROR</c>. Error numbers differ between Trino and PrestoDB; names are the stable key.</summary>
    public string ErrorName { get; }

    /// <summary>The server's error number (<c>errorCode</c>); the same number can mean different errors in Trino and PrestoDB.</summary>
    public new int ErrorCode { get; }

    /// <summary>The error category.</summary>
    public PrestoErrorType ErrorType { get; }

    /// <summary>Where in the SQL text the error was found, when the server said.</summary>
    public PrestoErrorLocation? ErrorLocation { get; }

    /// <summary>The server-side exception chain, when sent.</summary>
    public PrestoFailureInfo? FailureInfo { get; }

    /// <summary>The server's error message as sent (without the error name and query id that <see cref="Exception.Message"/> adds).</summary>
    public string? ServerMessage { get; init; }

    /// <summary>PrestoDB's <c>retriable</c> flag; <see langword="null"/> when the server did not send one (Trino never does).</summary>
    public bool? Retriable { get; init; }
}
