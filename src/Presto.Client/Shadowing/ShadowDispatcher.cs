using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Presto.Protocol;

namespace Presto.Shadowing;

/// <summary>
/// Mirrors sampled read-only statements to the shadow clusters of their routing group. A mirror runs in the background
/// under its own concurrency cap (no free slot: dropped and counted), timeout and cancellation (the router's disposal); its
/// failures end up in the comparison, never in the primary statement.
/// </summary>
internal sealed class ShadowDispatcher : IDisposable
{
    private readonly PrestoRouter _router;
    private readonly PrestoShadowOptions _options;
    private readonly ILogger _logger;
    private readonly ShadowTarget[] _targets;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop = new();

    public ShadowDispatcher(PrestoRouter router, PrestoShadowOptions options, ILogger logger, ShadowTarget[] targets)
    {
        _router = router;
        _options = options;
        _logger = logger;
        _targets = targets;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
    }

    /// <summary>The seed of target <paramref name="index"/>: the configured one, else a random one.</summary>
    public static ulong Seed(int? configured, int index)
    {
        var seed = configured ?? Guid.NewGuid().GetHashCode();
        return RowChecksum.Mix(unchecked((ulong)(uint)seed + ((ulong)index << 32)));
    }

    public bool IsShadow(PrestoCluster cluster)
    {
        foreach (var target in _targets)
        {
            if (ReferenceEquals(target.Cluster, cluster))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Called once per eligible statement (read-only, no transaction or session state, routed): starts a mirror on every
    /// shadow of <paramref name="group"/> whose sampling picks it; the returned tap collects the primary's side, or
    /// <see langword="null"/> when nothing was mirrored.
    /// </summary>
    public ShadowTap? TryMirror(string group, ConnectionSettings settings, ClientSession session, string sql, string shown, StatementOptions? options)
    {
        ShadowTap? tap = null;
        foreach (var target in _targets)
        {
            if (!string.Equals(target.Group, group, StringComparison.Ordinal) || !target.Sample())
            {
                continue;
            }

            var cluster = target.Cluster;
            if (!cluster.AcceptsNewQueries)
            {
                Drop(cluster.Name, "unavailable");
                continue;
            }

            if (!_slots.Wait(0))
            {
                Drop(cluster.Name, "concurrency");
                continue;
            }

            tap ??= new ShadowTap(this, shown, group);
            var job = new ShadowJob(this, tap.Add(), cluster, settings, Copy(settings, session), sql, ForShadow(options, cluster, group));
            ShadowLog.Mirrored(_logger, cluster.Name, group);
            _ = Task.Run(job.RunAsync);
        }

        return tap;
    }

    /// <summary>Delivers a finished comparison: logs, metrics, the callback (whose exceptions are logged and ignored).</summary>
    public void Report(PrestoShadowComparison comparison)
    {
        var primary = comparison.Primary;
        var shadow = comparison.Shadow;
        switch (comparison.Outcome)
        {
            case PrestoShadowOutcome.Mismatch:
                ShadowLog.Mismatch(_logger, primary.QueryId, primary.Cluster, primary.RowCount, primary.Checksum, shadow.QueryId, shadow.Cluster, shadow.RowCount, shadow.Checksum);
                break;
            case PrestoShadowOutcome.Match or PrestoShadowOutcome.PrimaryIncomplete:
                ShadowLog.Compared(_logger, comparison.Outcome, primary.QueryId, primary.Cluster, primary.RowCount, (long)primary.Elapsed.TotalMilliseconds, shadow.QueryId, shadow.Cluster, shadow.RowCount, (long)shadow.Elapsed.TotalMilliseconds);
                break;
            default:
                ShadowLog.Failed(_logger, comparison.Outcome, primary.QueryId, primary.Cluster, primary.ErrorName ?? "succeeded", shadow.QueryId, shadow.Cluster, shadow.ErrorName ?? "succeeded");
                break;
        }

        ShadowMetrics.Compared(comparison);
        try
        {
            _options.OnComparison?.Invoke(comparison);
        }
        catch (Exception ex)
        {
            ShadowLog.CallbackFailed(_logger, ex);
        }
    }

    /// <summary>Cancels the mirrors in flight; none start afterwards.</summary>
    public void Dispose()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed twice.
        }
    }

    private void Drop(string cluster, string reason)
    {
        ShadowMetrics.Dropped(cluster, reason);
        ShadowLog.Dropped(_logger, cluster, reason);
    }

    /// <summary>The connection's session as it stands, so that nothing the shadow's server answers reaches the connection.</summary>
    private static ClientSession Copy(ConnectionSettings settings, ClientSession session)
    {
        var copy = new ClientSession(settings)
        {
            Catalog = session.Catalog,
            Schema = session.Schema,
            Path = session.Path,
            AuthorizationUser = session.AuthorizationUser,
        };
        Replace(copy.Properties, session.Properties);
        Replace(copy.Roles, session.Roles);
        Replace(copy.PreparedStatements, session.PreparedStatements);
        copy.OriginalRoles.AddRange(session.OriginalRoles);
        return copy;
    }

    private static void Replace(Dictionary<string, string> target, Dictionary<string, string> source)
    {
        target.Clear();
        foreach (var pair in source)
        {
            target[pair.Key] = pair.Value;
        }
    }

    /// <summary>The statement's options without its progress callback (the caller's progress is the primary's), with the group for a gateway.</summary>
    private static StatementOptions? ForShadow(StatementOptions? options, PrestoCluster cluster, string group)
    {
        if (options is null)
        {
            return cluster.IsGateway ? new StatementOptions { RoutingGroup = group } : null;
        }

        return options with { OnResponse = null, RoutingGroup = cluster.IsGateway ? group : options.RoutingGroup };
    }

    /// <summary>One mirror: runs the statement on the shadow cluster, reads and discards its rows, completes its pair.</summary>
    private sealed class ShadowJob
    {
        private readonly ShadowDispatcher _owner;
        private readonly ShadowPair _pair;
        private readonly PrestoCluster _cluster;
        private readonly ConnectionSettings _settings;
        private readonly ClientSession _session;
        private readonly string _sql;
        private readonly StatementOptions? _options;

        public ShadowJob(ShadowDispatcher owner, ShadowPair pair, PrestoCluster cluster, ConnectionSettings settings, ClientSession session, string sql, StatementOptions? options)
        {
            _owner = owner;
            _pair = pair;
            _cluster = cluster;
            _settings = settings;
            _session = session;
            _sql = sql;
            _options = options;
        }

        public async Task RunAsync()
        {
            PrestoShadowSide side;
            var timedOut = false;
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(_owner._stop.Token);
                limit.CancelAfter(_owner._options.Timeout);
                var started = Stopwatch.StartNew();
                try
                {
                    var transport = await _owner._router.TransportAsync(_cluster, async: true, limit.Token).ConfigureAwait(false);
                    var result = await QueryDrain.RunAsync(transport, _settings, _session, _cluster.BaseUri, _sql, _options, TimeSpan.Zero, _owner._logger, limit.Token).ConfigureAwait(false);
                    timedOut = result.Failure is not null && limit.IsCancellationRequested && !_owner._stop.IsCancellationRequested;
                    side = new PrestoShadowSide(
                        _cluster.Name,
                        result.QueryId,
                        result.Succeeded,
                        result.Succeeded,
                        QueryDrain.ErrorName(result.Failure, timedOut),
                        result.Failure?.Message,
                        result.Elapsed,
                        result.Rows,
                        result.Checksum);
                }
                catch (Exception ex)
                {
                    // Before the statement was sent (the cluster's dialect probe failed, the client was disposed): still a comparison.
                    timedOut = limit.IsCancellationRequested && !_owner._stop.IsCancellationRequested;
                    side = new PrestoShadowSide(_cluster.Name, null, false, false, QueryDrain.ErrorName(ex, timedOut), ex.Message, started.Elapsed, 0, 0);
                }
            }
            finally
            {
                _owner._slots.Release();
            }

            _pair.SetShadow(side, timedOut);
        }
    }
}
