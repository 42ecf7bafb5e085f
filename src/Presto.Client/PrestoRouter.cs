using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Presto.Protocol;
using Presto.Resilience;
using Presto.Routing;
using Presto.Shadowing;

namespace Presto;

/// <summary>
/// Routes statements across the clusters of a data source (or of one connection string): picks an available cluster per
/// statement by routing group and strategy, probes health in the background, keeps a per-cluster circuit breaker, and
/// lets operators drain, deactivate, reactivate and reweight clusters at run time. A running query never moves; a
/// failed one moves only before its first row (see docs/routing.md). Thread-safe.
/// </summary>
public sealed class PrestoRouter : IDisposable
{
    /// <summary>A router made for plain connections stops probing after this long without a statement (and starts again with the next).</summary>
    internal static readonly TimeSpan IdleProbeStop = TimeSpan.FromMinutes(10);

    private static readonly ConditionalWeakTable<ConnectionSettings, PrestoRouter> s_shared = new();
    private static readonly object s_jitterGate = new();
    private static readonly Random s_jitter = new();

    private readonly ConnectionSettings _settings;
    private readonly PrestoRoutingOptions _options;
    private readonly HttpMessageInvoker _http;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly IPrestoClusterSelector _selector;
    private readonly TimeSpan _probeInterval;
    private readonly bool _stopWhenIdle;
    private readonly Dictionary<string, PrestoCluster> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly ShadowDispatcher? _shadows;
    private readonly object _timerGate = new();
    private ITimer? _timer;
    private long _lastUse;
    private int _probing;
    private bool _disposed;

    internal PrestoRouter(ConnectionSettings settings, PrestoRoutingOptions options, HttpMessageInvoker http, ILogger logger, bool stopWhenIdle)
    {
        _settings = settings;
        _options = options;
        _http = http;
        _logger = logger;
        _clock = options.TimeProvider;
        _stopWhenIdle = stopWhenIdle;
        Strategy = options.Strategy ?? settings.RoutingStrategy;
        _selector = options.Selector ?? ClusterSelectors.Create(Strategy);
        var clusters = new List<PrestoCluster>();
        List<ShadowTarget>? shadows = null;
        var configured = options.Clusters.Count > 0 ? options.Clusters : FromServers(settings.Servers);
        foreach (var cluster in configured)
        {
            if (_byName.ContainsKey(cluster.Name))
            {
                throw new ArgumentException($"Two clusters are named '{cluster.Name}'; cluster names must be unique.");
            }

            var circuit = new CircuitBreakerStateProvider();
            var created = new PrestoCluster(cluster, clusters.Count, BuildBreaker(cluster.Name, circuit), circuit, _clock);
            clusters.Add(created);
            _byName.Add(created.Name, created);
            if (cluster.ShadowOf is { Length: > 0 } shadowOf)
            {
                (shadows ??= new List<ShadowTarget>()).Add(new ShadowTarget(created, shadowOf, cluster.ShadowFraction, ShadowDispatcher.Seed(options.Shadowing.Seed, created.Order)));
            }

            foreach (var group in created.Groups)
            {
                _groups.Add(group);
            }
        }

        Clusters = clusters.AsReadOnly();
        _shadows = shadows is null ? null : new ShadowDispatcher(this, options.Shadowing, logger, shadows.ToArray());
        _probeInterval = clusters.Count > 1 ? options.HealthCheckInterval ?? settings.HealthCheckInterval : TimeSpan.Zero;
        _lastUse = _clock.GetTimestamp();
        StartProbing();
    }

    /// <summary>The clusters, in configuration (failover) order.</summary>
    public IReadOnlyList<PrestoCluster> Clusters { get; }

    /// <summary>The strategy in use (ignored when a custom selector is set).</summary>
    public PrestoRoutingStrategy Strategy { get; }

    /// <summary>The cluster named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No cluster has that name.</exception>
    public PrestoCluster this[string name] => _byName.TryGetValue(name, out var cluster)
        ? cluster
        : throw new ArgumentException($"There is no cluster named '{name}'; the clusters are {string.Join(", ", _byName.Keys)}.", nameof(name));

    /// <summary>Sets a cluster's admin state: <see cref="PrestoClusterState.Draining"/> takes no new queries while running ones finish; <see cref="PrestoClusterState.Inactive"/> takes nothing.</summary>
    public void SetState(string name, PrestoClusterState state)
    {
        var cluster = this[name];
        cluster.SetAdminState(state);
        RoutingLog.StateChanged(_logger, cluster.Name, state);
    }

    /// <summary>Stops sending new queries to the cluster; queries running there finish there.</summary>
    public void Drain(string name) => SetState(name, PrestoClusterState.Draining);

    /// <summary>Takes the cluster out of use entirely.</summary>
    public void Deactivate(string name) => SetState(name, PrestoClusterState.Inactive);

    /// <summary>Puts the cluster back into use.</summary>
    public void Activate(string name) => SetState(name, PrestoClusterState.Active);

    /// <summary>Changes the cluster's share under weighted routing (0: none).</summary>
    public void SetWeight(string name, int weight)
    {
        if (weight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), "A weight is 0 or more.");
        }

        var cluster = this[name];
        cluster.SetWeight(weight);
        RoutingLog.WeightChanged(_logger, cluster.Name, weight);
    }

    /// <summary>Probes every cluster now (as the background loop does) and returns when all answered or failed.</summary>
    public Task ProbeAsync(CancellationToken cancellationToken = default) => ProbeAllAsync(cancellationToken);

    /// <summary>Stops the health probes.</summary>
    public void Dispose()
    {
        lock (_timerGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }

        _shadows?.Dispose();
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <summary>Mirrors read-only statements to shadow clusters; <see langword="null"/> when no cluster is a shadow.</summary>
    internal ShadowDispatcher? Shadows => _shadows;

    /// <summary>The hedge delay of read-only statements, or <see langword="null"/> (off).</summary>
    internal TimeSpan? HedgeDelay => _options.HedgeDelay;

    /// <summary>The router of connections made from a connection string: one per connection string and process.</summary>
    internal static PrestoRouter For(ConnectionSettings settings, HttpMessageInvoker http) =>
        s_shared.GetValue(settings, s => new PrestoRouter(s, new PrestoRoutingOptions(), http, NullLogger.Instance, stopWhenIdle: true));

    /// <summary>A plan for one statement: its routing group and the clusters it may use.</summary>
    internal RoutingPlan Plan(PrestoRoutingRequest request, PrestoCluster? pinned, bool reportsDecisions = true)
    {
        Volatile.Write(ref _lastUse, _clock.GetTimestamp());
        if (_stopWhenIdle && _probeInterval > TimeSpan.Zero && Volatile.Read(ref _timer) is null)
        {
            StartProbing();
        }

        if (pinned is not null)
        {
            if (pinned.AdminState == PrestoClusterState.Inactive)
            {
                throw new PrestoException(
                    $"The connection is pinned to cluster '{pinned.Name}' (it holds a transaction or session state that lives there), and that cluster was deactivated. Open a new connection.");
            }

            return new RoutingPlan(this, request, _options.DefaultGroup, pinned, reportsDecisions);
        }

        return new RoutingPlan(this, request, ResolveGroup(request), null, reportsDecisions);
    }

    /// <summary>Available clusters of <paramref name="group"/> (falling back to the default group unless isolation is strict), minus <paramref name="tried"/>.</summary>
    internal List<PrestoCluster> Candidates(PrestoRoutingRequest request, string group, List<PrestoCluster> tried)
    {
        var candidates = Available(group, tried);
        if (candidates.Count == 0 && !_options.StrictGroupIsolation && !string.Equals(group, _options.DefaultGroup, StringComparison.Ordinal))
        {
            candidates = Available(_options.DefaultGroup, tried);
        }

        return candidates;
    }

    /// <summary>
    /// When no cluster is available (all unhealthy, e.g. a single cluster that refused a connection): an active member of the
    /// group (or of any group unless isolation is strict) is tried anyway rather than failing without a try.
    /// </summary>
    internal PrestoCluster LastResort(string group)
    {
        foreach (var cluster in Clusters)
        {
            if (cluster.AdminState == PrestoClusterState.Active && ServesGroup(cluster, group))
            {
                return cluster;
            }
        }

        if (!_options.StrictGroupIsolation)
        {
            foreach (var cluster in Clusters)
            {
                if (cluster.AdminState == PrestoClusterState.Active && !IsShadow(cluster))
                {
                    return cluster;
                }
            }
        }

        throw new PrestoException(
            $"No cluster can take the query (routing group '{group}'): {string.Join("; ", Clusters)}.",
            queryId: null,
            isTransient: true);
    }

    internal PrestoCluster Select(List<PrestoCluster> candidates, PrestoRoutingRequest request)
    {
        var chosen = _selector.Select(candidates, request);
        return candidates.Contains(chosen)
            ? chosen
            : throw new InvalidOperationException($"The cluster selector {_selector.GetType().Name} returned a cluster that was not among the candidates.");
    }

    internal void OnRouted(PrestoCluster cluster, string group, PrestoCluster? previous)
    {
        RoutingMetrics.Routed(cluster.Name, group, previous?.Name);
        if (previous is null)
        {
            RoutingLog.Routed(_logger, cluster.Name, group, Strategy);
        }
        else
        {
            RoutingLog.MovedToOtherCluster(_logger, previous.Name, cluster.Name, group);
        }
    }

    /// <summary>The transport of <paramref name="cluster"/>, its dialect resolved (probed for <c>Dialect=Auto</c>) once.</summary>
    internal ValueTask<ProtocolTransport> TransportAsync(PrestoCluster cluster, bool async, CancellationToken cancellationToken) =>
        cluster.TransportAsync(
            async (a, ct) => new ProtocolTransport(_settings, await DialectResolver.ResolveAsync(_settings, cluster.BaseUri, _http, a, ct, _logger).ConfigureAwait(false), _http, _logger),
            async,
            cancellationToken);

    /// <summary>Passive health from a failed attempt: a refused connection keeps queries away for the break duration; a shutting-down server drains the cluster.</summary>
    internal void OnAttemptFailed(PrestoCluster cluster, PrestoTransportFailure? transport, bool shuttingDown)
    {
        if (transport == PrestoTransportFailure.ConnectionFailed)
        {
            cluster.MarkUnreachable(_options.CircuitBreaker.BreakDuration);
            RoutingLog.HealthChanged(_logger, cluster.Name, PrestoClusterHealth.Unhealthy, "a connection was refused");
        }

        if (shuttingDown && cluster.SetShuttingDown(true))
        {
            RoutingLog.ShuttingDown(_logger, cluster.Name, "a query failed with SERVER_SHUTTING_DOWN");
        }
    }

    private static IEnumerable<PrestoClusterOptions> FromServers(IReadOnlyList<Uri> servers)
    {
        foreach (var server in servers)
        {
            yield return new PrestoClusterOptions(server.IsDefaultPort ? server.Host : server.Authority, server);
        }
    }

    private ResiliencePipeline BuildBreaker(string name, CircuitBreakerStateProvider state)
    {
        var options = _options.CircuitBreaker;
        return new ResiliencePipelineBuilder { Name = "Presto.Cluster", InstanceName = name, TimeProvider = _clock, TelemetryListener = new PollyLogListener(_logger) }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                StateProvider = state,
                ShouldHandle = static args => new ValueTask<bool>(
                    args.Outcome.Exception is PrestoException error &&
                    args.Context.Properties.GetValue(QueryRetryPolicy.RunKey, null!) is { } run &&
                    run.CountsAgainstCluster(error)),
                OnOpened = args =>
                {
                    RoutingLog.HealthChanged(_logger, name, PrestoClusterHealth.Unhealthy, "its circuit breaker opened");
                    return default;
                },
            })
            .Build();
    }

    private string ResolveGroup(PrestoRoutingRequest request)
    {
        if (request.RoutingGroup is { Length: > 0 } named)
        {
            return named;
        }

        foreach (var rule in _options.GroupRules)
        {
            if (rule(request) is { Length: > 0 } group)
            {
                return group;
            }
        }

        foreach (var tag in request.ClientTags)
        {
            if (_groups.Contains(tag))
            {
                return tag;
            }
        }

        return _options.DefaultGroup;
    }

    private bool IsShadow(PrestoCluster cluster) => _shadows is not null && _shadows.IsShadow(cluster);

    /// <summary>Whether the cluster takes the group's queries (a shadow cluster takes none of its own).</summary>
    private bool ServesGroup(PrestoCluster cluster, string group) =>
        !IsShadow(cluster) && (cluster.Groups.Count == 0
            ? string.Equals(group, _options.DefaultGroup, StringComparison.Ordinal)
            : ((IList<string>)cluster.Groups).Contains(group));

    /// <summary>Members of the group that take new queries; healthy or unknown ones first, pending (starting) ones only when there are no others.</summary>
    private List<PrestoCluster> Available(string group, List<PrestoCluster> tried)
    {
        var ready = new List<PrestoCluster>();
        List<PrestoCluster>? pending = null;
        foreach (var cluster in Clusters)
        {
            if (!ServesGroup(cluster, group) || !cluster.AcceptsNewQueries || tried.Contains(cluster))
            {
                continue;
            }

            if (cluster.Health == PrestoClusterHealth.Pending)
            {
                (pending ??= new List<PrestoCluster>()).Add(cluster);
            }
            else
            {
                ready.Add(cluster);
            }
        }

        return ready.Count > 0 || pending is null ? ready : pending;
    }

    private void StartProbing()
    {
        if (_probeInterval <= TimeSpan.Zero)
        {
            return;
        }

        lock (_timerGate)
        {
            if (_disposed || _timer is not null)
            {
                return;
            }

            _timer = _clock.CreateTimer(static s => ((PrestoRouter)s!).OnProbeTimer(), this, Jittered(TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        }
    }

    private void OnProbeTimer()
    {
        if (_stopWhenIdle && _clock.GetElapsedTime(Volatile.Read(ref _lastUse)) > IdleProbeStop)
        {
            lock (_timerGate)
            {
                _timer?.Dispose();
                _timer = null;
            }

            return;
        }

        _ = RunProbeRoundAsync();
    }

    private async Task RunProbeRoundAsync()
    {
        try
        {
            await ProbeAllAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        lock (_timerGate)
        {
            _timer?.Change(Jittered(_probeInterval), Timeout.InfiniteTimeSpan);
        }
    }

    private static TimeSpan Jittered(TimeSpan interval)
    {
        double factor;
        lock (s_jitterGate)
        {
            factor = 0.8 + (0.4 * s_jitter.NextDouble());
        }

        return TimeSpan.FromTicks((long)(interval.Ticks * factor));
    }

    private async Task ProbeAllAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _probing, 1) != 0)
        {
            return;
        }

        try
        {
            var probes = new Task[Clusters.Count];
            for (var i = 0; i < probes.Length; i++)
            {
                probes[i] = ProbeAsync(Clusters[i], cancellationToken);
            }

            await Task.WhenAll(probes).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    /// <summary>
    /// <c>GET /v1/info</c> (<c>starting</c>: pending), <c>GET /v1/info/state</c> (<c>SHUTTING_DOWN</c>/<c>INACTIVE</c>: draining)
    /// and the load from <c>/v1/cluster</c> or <c>/ui/api/stats</c> where offered. Probes send no credentials.
    /// </summary>
    private async Task ProbeAsync(PrestoCluster cluster, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(ProtocolTransport.ControlRequestTimeout);
        var before = cluster.Health;
        PrestoClusterHealth after;
        try
        {
            using var info = await GetJsonAsync(cluster, "v1/info", cts.Token).ConfigureAwait(false)
                ?? throw new HttpRequestException("GET /v1/info did not answer server information.");
            var starting = info.RootElement.ValueKind == JsonValueKind.Object &&
                info.RootElement.TryGetProperty("starting", out var flag) && flag.ValueKind == JsonValueKind.True;
            string? state = null;
            using (var stateDocument = await GetJsonAsync(cluster, "v1/info/state", cts.Token).ConfigureAwait(false))
            {
                state = stateDocument?.RootElement.ValueKind == JsonValueKind.String ? stateDocument.RootElement.GetString() : null;
            }

            var (running, queued) = await LoadAsync(cluster, cts.Token).ConfigureAwait(false);
            after = cluster.RecordProbe(starting ? PrestoClusterHealth.Pending : PrestoClusterHealth.Healthy, null, _options.UnhealthyAfterFailedProbes, false, running, queued);
            var shuttingDown = state is "SHUTTING_DOWN" or "INACTIVE" or "DRAINING" or "DRAINED";
            if (cluster.SetShuttingDown(shuttingDown))
            {
                if (shuttingDown)
                {
                    RoutingLog.ShuttingDown(_logger, cluster.Name, "/v1/info/state is " + state);
                }
                else
                {
                    RoutingLog.HealthChanged(_logger, cluster.Name, after, "/v1/info/state is " + state);
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException or JsonException or System.IO.IOException)
        {
            var refused = ProtocolTransport.ClassifyTransportFailure(ex) == PrestoTransportFailure.ConnectionFailed && ex is HttpRequestException;
            after = cluster.RecordProbe(null, ex.Message, _options.UnhealthyAfterFailedProbes, refused, null, null);
        }

        if (after != before)
        {
            RoutingLog.HealthChanged(_logger, cluster.Name, after, cluster.LastProbeError ?? "probe succeeded");
            RoutingMetrics.HealthChanged(cluster.Name, after);
        }
    }

    private async Task<(int? Running, int? Queued)> LoadAsync(PrestoCluster cluster, CancellationToken cancellationToken)
    {
        foreach (var path in new[] { "v1/cluster", "ui/api/stats" })
        {
            try
            {
                using var stats = await GetJsonAsync(cluster, path, cancellationToken).ConfigureAwait(false);
                if (stats?.RootElement is { ValueKind: JsonValueKind.Object } root &&
                    root.TryGetProperty("runningQueries", out var running) && running.TryGetInt32(out var r))
                {
                    int? queued = root.TryGetProperty("queuedQueries", out var q) && q.TryGetInt32(out var n) ? n : null;
                    return (r, queued);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException)
            {
                // Load is optional: not every server offers it (or offers it without authentication).
            }
        }

        return (null, null);
    }

    /// <summary>A GET without credentials; <see langword="null"/> for a non-2xx answer.</summary>
    private async Task<JsonDocument?> GetJsonAsync(PrestoCluster cluster, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.BaseUri, path));
        request.Headers.TryAddWithoutValidation("User-Agent", ProtocolTransport.UserAgent);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

#if NET5_0_OR_GREATER
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
    }
}
