using System.Threading;

namespace Presto.Shadowing;

/// <summary>
/// A shadow cluster, the group it shadows and its share of that group's eligible queries. Sampling is a hash of a per-target
/// counter and the seed: thread-safe without a lock, and with a fixed seed the same sequence of queries picks the same ones.
/// </summary>
internal sealed class ShadowTarget
{
    private const double UnitScale = 1.0 / (1UL << 53);

    private readonly ulong _seed;
    private long _seen;

    public ShadowTarget(PrestoCluster cluster, string group, double fraction, ulong seed)
    {
        Cluster = cluster;
        Group = group;
        Fraction = fraction;
        _seed = seed;
    }

    public PrestoCluster Cluster { get; }

    public string Group { get; }

    public double Fraction { get; }

    /// <summary>Whether the next eligible query of the group is mirrored here.</summary>
    public bool Sample()
    {
        if (Fraction >= 1)
        {
            return true;
        }

        var n = (ulong)Interlocked.Increment(ref _seen);
        var draw = RowChecksum.Mix(unchecked(_seed + (n * 0x9E3779B97F4A7C15UL)));
        return (draw >> 11) * UnitScale < Fraction;
    }
}
