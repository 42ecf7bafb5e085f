namespace Presto.Testing;

/// <summary>When a <see cref="QueryFault"/> fails its query.</summary>
public enum FaultPoint
{
    /// <summary>While the query is queued (first poll), before it was dispatched.</summary>
    Queued,

    /// <summary>After dispatch, before the first data page.</summary>
    BeforeFirstPage,

    /// <summary>After <see cref="QueryFault.AfterPages"/> data pages were served.</summary>
    AfterPage,
}
