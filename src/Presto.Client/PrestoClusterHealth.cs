namespace Presto;

/// <summary>What the client knows of a cluster's health, from probes and from the outcome of its own queries.</summary>
public enum PrestoClusterHealth
{
    /// <summary>Not probed yet (or probes are off) and no failure seen.</summary>
    Unknown,

    /// <summary>The last probe succeeded.</summary>
    Healthy,

    /// <summary>The server answers but is still starting (<c>/v1/info</c> says <c>starting</c>); used only when no cluster is healthy.</summary>
    Pending,

    /// <summary>Probes failed, a connection was refused, or its circuit breaker is open: no new query is sent there.</summary>
    Unhealthy,
}
