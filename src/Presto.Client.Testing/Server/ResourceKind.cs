namespace Presto.Testing.Server;

/// <summary>Which resource served a response: the one a query waits in before dispatch, or the one it runs in.</summary>
internal enum ResourceKind
{
    Queued,
    Executing,
}
