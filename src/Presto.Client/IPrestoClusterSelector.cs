using System.Collections.Generic;

namespace Presto;

/// <summary>
/// A custom routing strategy. The router calls <see cref="Select"/> with the clusters that can take the query (active,
/// not unhealthy, in its routing group), and again without the chosen one when the query must move to another cluster.
/// Called concurrently; keep it fast and thread-safe.
/// </summary>
public interface IPrestoClusterSelector
{
    /// <summary>Picks one of <paramref name="candidates"/> (never empty).</summary>
    PrestoCluster Select(IReadOnlyList<PrestoCluster> candidates, PrestoRoutingRequest request);
}
