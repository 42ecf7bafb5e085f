using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Presto.Protocol;

/// <summary>Resolves <see cref="PrestoDialect.Auto"/> by probing <c>GET /v1/info</c> once per endpoint. CONTRACT STUB.</summary>
internal static class DialectResolver
{
    public static ValueTask<ProtocolDialect> ResolveAsync(ConnectionSettings settings, Uri server, HttpMessageInvoker http, bool async, CancellationToken cancellationToken) =>
        new(settings.Dialect == PrestoDialect.Presto ? ProtocolDialect.Presto : ProtocolDialect.Trino);
}
