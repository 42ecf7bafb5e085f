using Microsoft.Extensions.Logging;

namespace Presto.Diagnostics;

/// <summary>Statement-level log messages (event ids 1301–1399). Statement text only when the user opted in (<c>LogSqlText</c>).</summary>
internal static partial class QueryLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Running statement: {Sql}")]
    public static partial void Statement(ILogger logger, string sql);
}
