namespace Presto;

/// <summary>Where in a query's life a failure happened; retry rules can match on it.</summary>
public enum PrestoQueryPhase
{
    /// <summary>Submitting the statement (<c>POST /v1/statement</c>) failed; the server never accepted it.</summary>
    Submit,

    /// <summary>The query failed while queued: every response so far reported a queued state, so it never ran.</summary>
    Queued,

    /// <summary>The query failed after it left the queue and before any row arrived.</summary>
    Running,

    /// <summary>The query failed after rows had arrived.</summary>
    Fetch,
}
