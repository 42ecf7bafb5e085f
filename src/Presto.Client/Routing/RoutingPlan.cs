using System.Collections.Generic;

namespace Presto.Routing;

/// <summary>
/// The clusters one statement may use, in the order it will try them: the strategy's pick first, then, when a failure
/// says "another cluster", the strategy's pick among the available clusters not yet tried (the same cluster again when
/// none is left). A pinned connection's plan holds its cluster only.
/// </summary>
internal sealed class RoutingPlan
{
    private readonly PrestoRouter _router;
    private readonly PrestoRoutingRequest _request;
    private readonly PrestoCluster? _pinned;
    private readonly List<PrestoCluster> _tried = new();
    private readonly bool _reportsDecisions;

    // reportsDecisions: whether a choice is reported as a routing decision (log event 1201/1202 and metric): true for a
    // statement, false for the endpoint a connection validates when it opens, so that one query counts once.
    public RoutingPlan(PrestoRouter router, PrestoRoutingRequest request, string group, PrestoCluster? pinned, bool reportsDecisions)
    {
        _router = router;
        _request = request;
        _pinned = pinned;
        _reportsDecisions = reportsDecisions;
        Group = group;
    }

    /// <summary>The routing group the statement was placed in.</summary>
    public string Group { get; }

    public PrestoCluster? Current { get; private set; }

    public bool IsPinned => _pinned is not null;

    /// <summary>Whether another cluster than the current one could take the statement now.</summary>
    public bool HasAlternative => _pinned is null && _router.Candidates(_request, Group, _tried).Count > 0;

    /// <summary>The cluster for the next attempt: a different one when <paramref name="otherCluster"/> and one is available, else the current one.</summary>
    public PrestoCluster Next(bool otherCluster)
    {
        if (_pinned is not null)
        {
            return Current = _pinned;
        }

        if (Current is not null && !otherCluster)
        {
            return Current;
        }

        var candidates = _router.Candidates(_request, Group, _tried);
        if (candidates.Count == 0)
        {
            // Every available cluster was tried: stay, or (first attempt) take the last resort.
            return Current ??= _router.LastResort(Group);
        }

        var chosen = _router.Select(candidates, _request);
        _tried.Add(chosen);
        if (_reportsDecisions)
        {
            _router.OnRouted(chosen, Group, Current);
        }

        return Current = chosen;
    }
}
