namespace Presto.Testing;

/// <summary>Load figures a router can read from the server (<c>/v1/cluster</c>).</summary>
/// <param name="RunningQueries">Queries dispatched and not yet finished.</param>
/// <param name="QueuedQueries">Queries registered or queued but not yet dispatched.</param>
public sealed record ServerLoad(int RunningQueries, int QueuedQueries);
