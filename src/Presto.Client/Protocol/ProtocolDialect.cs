namespace Presto.Protocol;

/// <summary>A resolved dialect (never <see cref="PrestoDialect.Auto"/>).</summary>
internal enum ProtocolDialect
{
    Trino = 1,
    Presto = 2,
}
