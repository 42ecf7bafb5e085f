namespace Presto;

/// <summary>Why a failed query was not resubmitted (again).</summary>
public enum PrestoRetryStopReason
{
    /// <summary>The matching rule (or no rule) says the failure would repeat.</summary>
    NotRetryable,

    /// <summary>Resubmission is turned off (<c>MaxQueryAttempts=1</c>).</summary>
    Disabled,

    /// <summary>All attempts allowed by <c>MaxQueryAttempts</c> or by the rule were made.</summary>
    AttemptsExhausted,

    /// <summary>Another attempt would end after the retry deadline or the command timeout.</summary>
    DeadlineExceeded,

    /// <summary>The client-wide retry budget is spent (many recent failures: a retry storm is avoided).</summary>
    BudgetExhausted,

    /// <summary>Rows had already reached the caller; resubmitting would repeat them.</summary>
    RowsYielded,

    /// <summary>The statement may write and the failed attempt may have executed it.</summary>
    WriteMayHaveExecuted,

    /// <summary>An explicit transaction is open; its state lives on the cluster that failed.</summary>
    TransactionOpen,

    /// <summary>The caller cancelled, or the command timed out.</summary>
    Cancelled,
}
