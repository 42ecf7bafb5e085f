using Presto.Testing.Execution;

namespace Presto.Testing.Server;

/// <summary>A failure as the server reports it in <c>QueryResults.error</c>.</summary>
internal sealed record QueryError(
    string ErrorName,
    int ErrorCode,
    string ErrorType,
    string Message,
    bool Retriable,
    int? LineNumber = null,
    int? ColumnNumber = null,
    string ExceptionType = "io.trino.spi.TrinoException")
{
    public static QueryError Create(ServerDialect dialect, string name, string message, int? line = null, int? column = null,
        int? code = null, string? type = null, bool? retriable = null)
    {
        var standard = StandardErrors.Find(name);
        return new QueryError(
            name,
            code ?? standard?.CodeFor(dialect) ?? 0x10000,
            type ?? standard?.TypeFor(dialect) ?? "INTERNAL_ERROR",
            message,
            retriable ?? standard?.PrestoRetriable ?? false,
            line,
            column,
            dialect == ServerDialect.Trino ? "io.trino.spi.TrinoException" : "com.facebook.presto.spi.PrestoException");
    }
}
