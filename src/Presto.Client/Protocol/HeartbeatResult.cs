namespace Presto.Protocol;

/// <summary>Outcome of one heartbeat request.</summary>
internal enum HeartbeatResult
{
    Sent,
    Failed,

    /// <summary>The server does not support heartbeats (404/405): stop sending them.</summary>
    Unsupported,
}
