namespace Presto;

/// <summary>What a retry rule decides about a failed query attempt.</summary>
public enum PrestoRetryDecision
{
    /// <summary>Do not resubmit: the failure would repeat (a user error, a limit) or resubmitting is unsafe.</summary>
    Never,

    /// <summary>Resubmit to the same cluster after the rule's delay.</summary>
    RetrySameCluster,

    /// <summary>
    /// Resubmit to another cluster of the attempt plan (the cluster is presumed unhealthy); with a single cluster this is
    /// the same cluster after the rule's delay.
    /// </summary>
    RetryOtherCluster,
}
