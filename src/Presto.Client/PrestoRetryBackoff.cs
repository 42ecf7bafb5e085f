namespace Presto;

/// <summary>How a retry rule's delay grows from one resubmission to the next.</summary>
public enum PrestoRetryBackoff
{
    /// <summary>The same delay every time.</summary>
    Constant,

    /// <summary>The delay times the retry number (1×, 2×, 3×…).</summary>
    Linear,

    /// <summary>The delay doubled for each retry (1×, 2×, 4×…).</summary>
    Exponential,
}
