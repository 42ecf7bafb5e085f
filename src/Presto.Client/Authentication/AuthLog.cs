using System;
using Microsoft.Extensions.Logging;

namespace Presto.Authentication;

/// <summary>Authentication events, ids 1501–1599 (docs/observability.md). Never a token, secret, password or login URL.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "A bearer token was obtained from {Source} (lifetime {Lifetime})")]
    public static partial void TokenObtained(ILogger logger, string source, string lifetime);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "{Method} {Uri} answered HTTP 401; a new bearer token was obtained and the request is sent again")]
    public static partial void TokenRenewed(ILogger logger, string method, string uri);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "The server asked for a browser login; the redirect URL was handed to the application (token server {TokenServer})")]
    public static partial void ExternalLoginStarted(ILogger logger, string tokenServer);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "{Method} {Uri} was refused with HTTP {Status}{Scheme}")]
    public static partial void Refused(ILogger logger, string method, string uri, int status, string scheme);

    /// <summary>How long a token may be used, for logs.</summary>
    public static string Lifetime(DateTimeOffset? renewAfter) =>
        renewAfter is { } at ? $"{Math.Max(0, (at - DateTimeOffset.UtcNow).TotalSeconds):0} s" : "until rejected";
}
