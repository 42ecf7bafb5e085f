using System.Collections.Generic;

namespace Presto.Protocol;

/// <summary>
/// Which server error names mean "the infrastructure failed, the same query may succeed if run again"
/// (worker loss, page transport, coordinator shutdown, transient storage errors), per dialect. The table comes from
/// the project's error-code research; the default retry rules use it as their catch-all for infrastructure errors.
/// </summary>
internal static partial class InfrastructureErrors
{
    public static IReadOnlyCollection<string> Names(ProtocolDialect dialect) => dialect == ProtocolDialect.Presto ? s_presto : s_trino;

    public static bool IsInfrastructure(string? errorName, ProtocolDialect dialect) =>
        errorName is not null && (dialect == ProtocolDialect.Presto ? s_presto : s_trino).Contains(errorName);
}
