namespace Presto.Protocol;

/// <summary>
/// Which server error names mean "the infrastructure failed, the same query may succeed if run again"
/// (worker loss, page transport, coordinator shutdown, transient storage errors). The table comes from
/// the project's error-code research; the full classifier with message patterns builds on it.
/// </summary>
internal static partial class InfrastructureErrors
{
    public static bool IsInfrastructure(string? errorName, ProtocolDialect dialect) =>
        errorName is not null && (dialect == ProtocolDialect.Presto ? s_presto : s_trino).Contains(errorName);
}
