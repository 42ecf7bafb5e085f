using System;
using System.Collections.Generic;
using System.Threading;

namespace Presto.Routing;

/// <summary>The built-in strategies. Candidates arrive in configuration order.</summary>
internal static class ClusterSelectors
{
    public static IPrestoClusterSelector Create(PrestoRoutingStrategy strategy) => strategy switch
    {
        PrestoRoutingStrategy.RoundRobin => new RoundRobin(),
        PrestoRoutingStrategy.Weighted => new Weighted(),
        PrestoRoutingStrategy.LeastLoaded => new LeastLoaded(),
        PrestoRoutingStrategy.Random => new Uniform(),
        _ => new Failover(),
    };

    /// <summary>The first candidate: configuration order is preference order.</summary>
    private sealed class Failover : IPrestoClusterSelector
    {
        public PrestoCluster Select(IReadOnlyList<PrestoCluster> candidates, PrestoRoutingRequest request) => candidates[0];
    }

    private sealed class RoundRobin : IPrestoClusterSelector
    {
        private int _next = -1;

        public PrestoCluster Select(IReadOnlyList<PrestoCluster> candidates, PrestoRoutingRequest request)
        {
            var turn = (uint)Interlocked.Increment(ref _next);
            return candidates[(int)(turn % (uint)candidates.Count)];
        }
    }

    /// <summary>
    /// Smooth weighted round robin: every pick adds each candidate's weight to its running weight, takes the largest and
    /// subtracts the total from it. Over any run of picks the shares match the weights exactly (90/10 gives 9 of every 10),
    /// interleaved rather than in bursts. With every weight 0 the first candidate is taken.
    /// </summary>
    private sealed class Weighted : IPrestoClusterSelector
    {
        private readonly object _gate = new();

        public PrestoCluster Select(IReadOnlyList<PrestoCluster> candidates, PrestoRoutingRequest request)
        {
            lock (_gate)
            {
                long total = 0;
                PrestoCluster? best = null;
                foreach (var cluster in candidates)
                {
                    var weight = Math.Max(0, cluster.Weight);
                    total += weight;
                    cluster.CurrentWeight += weight;
                    if (weight > 0 && (best is null || cluster.CurrentWeight > best.CurrentWeight))
                    {
                        best = cluster;
                    }
                }

                if (best is null)
                {
                    return candidates[0];
                }

                best.CurrentWeight -= total;
                return best;
            }
        }
    }

    /// <summary>The fewest queued + running queries (server figures from the last probe plus this client's in-flight ones); ties go to the earlier cluster.</summary>
    private sealed class LeastLoaded : IPrestoClusterSelector
    {
        public PrestoCluster Select(IReadOnlyList<PrestoCluster> candidates, PrestoRoutingRequest request)
        {
            var best = candidates[0];
            var bestLoad = Load(best);
            for (var i = 1; i < candidates.Count; i++)
            {
                var load = Load(candidates[i]);
                if (load < bestLoad)
                {
                    best = candidates[i];
                    bestLoad = load;
                }
            }

            return best;
        }

        private static long Load(PrestoCluster cluster) => (long)(cluster.QueuedQueries ?? 0) + (cluster.RunningQueries ?? 0) + cluster.InFlight;
    }

    private sealed class Uniform : IPrestoClusterSelector
    {
        private readonly object _gate = new();
        private readonly Random _random = new();

        public PrestoCluster Select(IReadOnlyList<PrestoCluster> candidates, PrestoRoutingRequest request)
        {
            lock (_gate)
            {
                return candidates[_random.Next(candidates.Count)];
            }
        }
    }
}
