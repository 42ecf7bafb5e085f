namespace Presto.Testing;

/// <summary>A query as the server sees it, for assertions.</summary>
/// <param name="QueryId">Query id.</param>
/// <param name="Sql">Submitted SQL text.</param>
/// <param name="State">Current state (QUEUED, PLANNING, RUNNING, FINISHED, FAILED).</param>
/// <param name="User">User from the request headers.</param>
/// <param name="ErrorName">Error name when the query failed.</param>
/// <param name="RowsServed">Rows sent to the client so far.</param>
/// <param name="Ended">Whether the client received the final response (the one without <c>nextUri</c>).</param>
/// <param name="Dispatched">Whether the query left the queue and was executed (a write had its effect); a query failed while queued was not.</param>
public sealed record ServerQueryInfo(string QueryId, string Sql, string State, string? User, string? ErrorName, long RowsServed, bool Ended, bool Dispatched);
