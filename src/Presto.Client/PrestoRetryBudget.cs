using System;

namespace Presto;

/// <summary>
/// Caps query resubmissions across a whole client (a data source, or every connection with the same connection string),
/// so that a failing cluster does not get a retry storm on top of its normal load. Within a sliding
/// <see cref="Window"/>, resubmissions may number at most <see cref="MinRetriesPerSecond"/> × window seconds plus
/// <see cref="Ratio"/> × first submissions.
/// </summary>
public sealed class PrestoRetryBudget
{
    private double _ratio = 0.2;
    private double _minRetriesPerSecond = 1;
    private TimeSpan _window = TimeSpan.FromSeconds(10);

    /// <summary>A budget that never refuses a retry.</summary>
    public static PrestoRetryBudget Unlimited => new() { MinRetriesPerSecond = double.PositiveInfinity };

    /// <summary>Resubmissions allowed per first submission in the window. Default 0.2 (at most 20% extra load).</summary>
    public double Ratio
    {
        get => _ratio;
        set => _ratio = value >= 0 && !double.IsNaN(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), "The ratio must be 0 or more.");
    }

    /// <summary>Resubmissions allowed per second regardless of traffic (so a quiet client can still retry). Default 1.</summary>
    public double MinRetriesPerSecond
    {
        get => _minRetriesPerSecond;
        set => _minRetriesPerSecond = value >= 0 && !double.IsNaN(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), "The rate must be 0 or more.");
    }

    /// <summary>The sliding window. Default 10 s; between 1 s and 1 h.</summary>
    public TimeSpan Window
    {
        get => _window;
        set => _window = value >= TimeSpan.FromSeconds(1) && value <= TimeSpan.FromHours(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), "The window must be between 1 second and 1 hour.");
    }
}
