namespace Presto;

/// <summary>Which HTTP protocol dialect a cluster speaks.</summary>
public enum PrestoDialect
{
    /// <summary>Probe <c>GET /v1/info</c> once per endpoint and cache the answer.</summary>
    Auto = 0,

    /// <summary>Trino: <c>X-Trino-*</c> headers, parametric date-time precision, heartbeats.</summary>
    Trino = 1,

    /// <summary>PrestoDB: <c>X-Presto-*</c> headers.</summary>
    Presto = 2,
}
