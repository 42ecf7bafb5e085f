namespace Presto.Testing;

/// <summary>The node state reported by <c>/v1/info/state</c>.</summary>
public enum ServerState
{
    /// <summary>Accepting queries.</summary>
    Active,

    /// <summary>Graceful shutdown: running queries finish, new ones fail with <c>SERVER_SHUTTING_DOWN</c>.</summary>
    ShuttingDown,

    /// <summary>Not accepting new work (Trino's <c>INACTIVE</c>); new queries fail with <c>SERVER_SHUTTING_DOWN</c>.</summary>
    Inactive,
}
