using System.Net.Http;

namespace Presto.Protocol;

/// <summary>Builds the session headers of a submission (§4.2). CONTRACT STUB.</summary>
internal static class RequestHeaders
{
    public static void AddSubmissionHeaders(HttpRequestMessage message, ProtocolDialect dialect, ConnectionSettings settings, ClientSession session, StatementOptions? options)
    {
        var prefix = dialect == ProtocolDialect.Presto ? "X-Presto-" : "X-Trino-";
        message.Headers.TryAddWithoutValidation(prefix + "User", session.AuthorizationUser ?? settings.User ?? "presto-client");
        if (session.Catalog is not null)
        {
            message.Headers.TryAddWithoutValidation(prefix + "Catalog", session.Catalog);
        }

        if (session.Schema is not null)
        {
            message.Headers.TryAddWithoutValidation(prefix + "Schema", session.Schema);
        }

        message.Headers.TryAddWithoutValidation(prefix + "Transaction-Id", session.TransactionId ?? "NONE");
    }
}
