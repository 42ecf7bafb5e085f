namespace Presto;

/// <summary>A failure below HTTP (no usable response at all), as a retry rule matches it.</summary>
public enum PrestoTransportFailure
{
    /// <summary>Any transport failure.</summary>
    Any,

    /// <summary>No connection could be made (refused, unreachable, name not resolved): the request never reached the server.</summary>
    ConnectionFailed,

    /// <summary>The request may have reached the server: a timeout, a connection reset or a body cut short.</summary>
    Interrupted,
}
