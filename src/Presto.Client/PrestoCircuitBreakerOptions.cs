using System;

namespace Presto;

/// <summary>
/// The per-cluster circuit breaker (passive health). It counts only infrastructure outcomes (failures whose retry rule
/// moves the query to another cluster: refused connections, unavailable coordinators, lost workers), never user errors.
/// </summary>
public sealed class PrestoCircuitBreakerOptions
{
    /// <summary>Failure ratio within <see cref="SamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts within <see cref="SamplingDuration"/> before the ratio counts. Default 4.</summary>
    public int MinimumThroughput { get; set; } = 4;

    /// <summary>The window the ratio is measured over. Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit keeps queries away before one is let through to test it. Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
