namespace Presto;

/// <summary>What an operator (or the server's own shutdown) allows a cluster to take. Kept apart from its health.</summary>
public enum PrestoClusterState
{
    /// <summary>Takes new queries.</summary>
    Active,

    /// <summary>Takes no new queries; queries already running there finish there.</summary>
    Draining,

    /// <summary>Takes nothing: not even connections pinned to it (by a transaction or session state) may use it.</summary>
    Inactive,
}
