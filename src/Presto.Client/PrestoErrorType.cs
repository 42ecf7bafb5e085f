namespace Presto;

/// <summary>The server's error category (<c>errorType</c>).</summary>
public enum PrestoErrorType
{
    /// <summary>Not sent, or a category this client does not know.</summary>
    Unknown = 0,

    /// <summary><c>USER_ERROR</c>: bad SQL, a missing object, a data error. Never retried.</summary>
    UserError,

    /// <summary><c>INTERNAL_ERROR</c>: a server defect or an infrastructure failure.</summary>
    InternalError,

    /// <summary><c>INSUFFICIENT_RESOURCES</c>: a memory, time or queue limit.</summary>
    InsufficientResources,

    /// <summary><c>EXTERNAL</c>: a connector or storage system failed.</summary>
    External,
}
