namespace Presto;

/// <summary>How a failed query attempt was classified and whether it was resubmitted.</summary>
public sealed class PrestoRetryClassification
{
    internal PrestoRetryClassification(string? ruleId, PrestoRetryDecision decision, PrestoQueryPhase phase, PrestoStatementKind statementKind, PrestoRetryStopReason? stopReason)
    {
        RuleId = ruleId;
        Decision = decision;
        Phase = phase;
        StatementKind = statementKind;
        StopReason = stopReason;
    }

    /// <summary>The id of the first rule that matched, or <see langword="null"/> when none did (the failure is then not retried).</summary>
    public string? RuleId { get; }

    /// <summary>The matched rule's decision (<see cref="PrestoRetryDecision.Never"/> when no rule matched).</summary>
    public PrestoRetryDecision Decision { get; }

    /// <summary>Where in the query's life the attempt failed.</summary>
    public PrestoQueryPhase Phase { get; }

    /// <summary>Whether the statement only reads.</summary>
    public PrestoStatementKind StatementKind { get; }

    /// <summary>Why the query was not resubmitted after this failure; <see langword="null"/> when it was.</summary>
    public PrestoRetryStopReason? StopReason { get; }

    /// <inheritdoc />
    public override string ToString() =>
        (RuleId ?? "no rule") + ": " + Decision + (StopReason is { } reason ? " (not resubmitted: " + reason + ")" : " (resubmitted)");
}
