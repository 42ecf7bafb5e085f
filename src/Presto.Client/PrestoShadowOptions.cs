using System;

namespace Presto;

/// <summary>
/// How read-only queries are mirrored to shadow clusters (clusters with <see cref="PrestoClusterOptions.ShadowOf"/>; see
/// docs/shadowing.md). Shadow queries run in the background with their own concurrency cap, timeout and cancellation; they
/// never delay or fail the primary query, whose result is what the caller gets.
/// </summary>
public sealed class PrestoShadowOptions
{
    private int _maxConcurrency = 4;
    private TimeSpan _timeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Shadow queries in flight at most (over all shadow clusters of the client). A query sampled while all slots are taken
    /// is not mirrored and is counted as dropped. Default 4.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxConcurrency
    {
        get => _maxConcurrency;
        set => _maxConcurrency = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "At least 1.");
    }

    /// <summary>A limit on each shadow query (submission to last row); when it runs out the shadow query is cancelled on its server. Default 1 minute.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "A shadow timeout is positive.");
    }

    /// <summary>
    /// The seed of the sampling that picks which queries are mirrored (<see cref="PrestoClusterOptions.ShadowFraction"/>):
    /// with a seed, the same sequence of queries picks the same ones. <see langword="null"/> (the default): a random seed.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Called with the comparison of every mirrored query once both sides have finished, on a thread-pool thread (never the
    /// caller's). Exceptions it throws are logged and ignored.
    /// </summary>
    public Action<PrestoShadowComparison>? OnComparison { get; set; }
}
