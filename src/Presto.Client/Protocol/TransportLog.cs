using System;
using Microsoft.Extensions.Logging;

namespace Presto.Protocol;

/// <summary>Log messages of the HTTP transport. Never given a credential: only methods, URIs without user info, statuses and exception messages.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{Method} {Uri} failed (attempt {Attempt}): {Reason}; retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string method, string uri, int attempt, string reason, long delayMs, Exception? exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "{Method} {Uri} redirected with HTTP {StatusCode} to {Target}")]
    public static partial void Redirected(ILogger logger, string method, string uri, int statusCode, string target);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Cancelling query {QueryId} with DELETE {Uri} answered HTTP {StatusCode}")]
    public static partial void Cancelled(ILogger logger, string? queryId, string uri, int statusCode);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Cancelling query {QueryId} with DELETE {Uri} failed")]
    public static partial void CancelFailed(ILogger logger, string? queryId, string uri, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Heartbeat HEAD {Uri} failed")]
    public static partial void HeartbeatFailed(ILogger logger, string uri, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Endpoint {Server} speaks the {Dialect} dialect (version {Version})")]
    public static partial void DialectProbed(ILogger logger, string server, ProtocolDialect dialect, string version);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Endpoint {Server} answers (version {Version})")]
    public static partial void EndpointValidated(ILogger logger, string server, string version);
}
