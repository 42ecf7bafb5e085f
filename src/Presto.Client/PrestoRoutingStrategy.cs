namespace Presto;

/// <summary>How a query picks a cluster among those that can take it.</summary>
public enum PrestoRoutingStrategy
{
    /// <summary>The first available cluster in configuration order (primary, then secondaries).</summary>
    Failover,

    /// <summary>Each cluster in turn.</summary>
    RoundRobin,

    /// <summary>In proportion to the clusters' weights (blue/green and canary splits), deterministically interleaved.</summary>
    Weighted,

    /// <summary>The cluster with the fewest queued and running queries (server figures from health probes plus this client's own queries in flight).</summary>
    LeastLoaded,

    /// <summary>A uniformly random cluster.</summary>
    Random,
}
