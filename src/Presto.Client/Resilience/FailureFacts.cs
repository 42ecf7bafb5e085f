using System;
using System.Text.Json;
using Presto.Protocol;

namespace Presto.Resilience;

/// <summary>What the classifier knows about one failed query attempt.</summary>
internal sealed class FailureFacts
{
    public string? ErrorName { get; init; }

    public int? ErrorCode { get; init; }

    public PrestoErrorType? ErrorType { get; init; }

    /// <summary>The server's error message, or the exception message for failures without one.</summary>
    public string Message { get; init; } = string.Empty;

    public bool? Retriable { get; init; }

    public int? HttpStatus { get; init; }

    public PrestoTransportFailure? Transport { get; init; }

    public PrestoQueryPhase Phase { get; init; }

    public PrestoStatementKind StatementKind { get; init; }

    public ProtocolDialect Dialect { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public static FailureFacts From(PrestoException error, PrestoQueryPhase phase, PrestoStatementKind kind, ProtocolDialect dialect)
    {
        if (error is PrestoQueryException query)
        {
            return new FailureFacts
            {
                ErrorName = query.ErrorName,
                ErrorCode = query.ErrorCode,
                ErrorType = query.ErrorType,
                Message = query.ServerMessage ?? query.Message,
                Retriable = query.Retriable,
                Phase = phase,
                StatementKind = kind,
                Dialect = dialect,
            };
        }

        return new FailureFacts
        {
            Message = error.Message,
            HttpStatus = error.FailedStatus ?? HttpStatusOf(error),
            Transport = error.FailedTransport,
            RetryAfter = error.RetryAfter,
            Phase = phase,
            StatementKind = kind,
            Dialect = dialect,
        };
    }

    /// <summary>
    /// The status of a protocol failure. A 200 counts only when its body was empty or not JSON (a proxy or a connection
    /// that lost the answer); a JSON body with a value the client cannot decode would fail the same way again.
    /// </summary>
    private static int? HttpStatusOf(PrestoException error) => error switch
    {
        PrestoProtocolException { StatusCode: 200 } p => p.IsTransient || p.InnerException is JsonException ? 200 : null,
        PrestoProtocolException { StatusCode: { } status } => status,
        _ => null,
    };
}
