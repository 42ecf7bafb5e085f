using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.CircuitBreaker;
using Presto.Protocol;

namespace Presto;

/// <summary>
/// One cluster of a <see cref="PrestoRouter"/>, as the client sees it now: its operator state and weight (changeable at
/// run time through the router), its health (from probes, refused connections and its circuit breaker) and its load.
/// Admin state and health are kept apart: a draining cluster can be healthy, an active one unhealthy.
/// </summary>
public sealed class PrestoCluster
{
    private readonly CircuitBreakerStateProvider _circuit;
    private readonly TimeProvider _clock;
    private int _weight;
    private int _adminState;
    private int _probeHealth;
    private int _shuttingDown;
    private int _inFlight;
    private int _failedProbes;
    private long _unreachableUntil;
    private int _running = -1;
    private int _queued = -1;
    private long _lastProbeTicks;
    private string? _lastProbeError;
    private Task<ProtocolTransport>? _transport;

    internal PrestoCluster(PrestoClusterOptions options, int order, ResiliencePipeline breaker, CircuitBreakerStateProvider circuit, TimeProvider clock)
    {
        Name = options.Name;
        BaseUri = options.Uri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? options.Uri : new Uri(options.Uri.AbsoluteUri + "/");
        Groups = new List<string>(options.Groups).AsReadOnly();
        IsGateway = options.IsGateway;
        Order = order;
        _weight = options.Weight;
        Breaker = breaker;
        _circuit = circuit;
        _clock = clock;
    }

    /// <summary>The cluster's name.</summary>
    public string Name { get; }

    /// <summary>The coordinator's base URL.</summary>
    public Uri BaseUri { get; }

    /// <summary>The routing groups it serves (none: the default group).</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>Whether the endpoint is a gateway (the routing group is forwarded to it).</summary>
    public bool IsGateway { get; }

    /// <summary>Its share under weighted routing.</summary>
    public int Weight => Volatile.Read(ref _weight);

    /// <summary>What the operator set (<see cref="PrestoRouter.SetState"/>).</summary>
    public PrestoClusterState AdminState => (PrestoClusterState)Volatile.Read(ref _adminState);

    /// <summary>The server said it is shutting down (a query failed with <c>SERVER_SHUTTING_DOWN</c>, or <c>/v1/info/state</c>): it drains until a probe sees it active again.</summary>
    public bool IsShuttingDown => Volatile.Read(ref _shuttingDown) != 0;

    /// <summary>What routing applies: the admin state, or <see cref="PrestoClusterState.Draining"/> while the server shuts down.</summary>
    public PrestoClusterState State => AdminState == PrestoClusterState.Active && IsShuttingDown ? PrestoClusterState.Draining : AdminState;

    /// <summary>
    /// Health: <see cref="PrestoClusterHealth.Unhealthy"/> while its circuit breaker is open or after a refused connection
    /// (until a probe succeeds or the break duration ends), else what the last probe found.
    /// </summary>
    public PrestoClusterHealth Health =>
        IsCircuitOpen || _clock.GetTimestamp() < Volatile.Read(ref _unreachableUntil)
            ? PrestoClusterHealth.Unhealthy
            : (PrestoClusterHealth)Volatile.Read(ref _probeHealth);

    /// <summary>Whether the circuit breaker keeps queries away.</summary>
    public bool IsCircuitOpen => _circuit.CircuitState is CircuitState.Open or CircuitState.Isolated;

    /// <summary>Running queries the server reported in the last probe; <see langword="null"/> when unknown.</summary>
    public int? RunningQueries => Volatile.Read(ref _running) is var n and >= 0 ? n : null;

    /// <summary>Queued queries the server reported in the last probe; <see langword="null"/> when unknown.</summary>
    public int? QueuedQueries => Volatile.Read(ref _queued) is var n and >= 0 ? n : null;

    /// <summary>This client's queries running there now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>When the last probe finished; <see langword="null"/> before the first.</summary>
    public DateTimeOffset? LastProbe => Volatile.Read(ref _lastProbeTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Why the last probe failed; <see langword="null"/> when it succeeded.</summary>
    public string? LastProbeError => Volatile.Read(ref _lastProbeError);

    /// <summary>Whether new queries may be sent: active, not shutting down, not unhealthy.</summary>
    public bool AcceptsNewQueries => State == PrestoClusterState.Active && Health != PrestoClusterHealth.Unhealthy;

    internal int Order { get; }

    internal ResiliencePipeline Breaker { get; }

    /// <summary>Smooth weighted round robin's running weight (guarded by the selector's lock).</summary>
    internal long CurrentWeight { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} ({ProtocolTransport.Describe(BaseUri)}): {State}, {Health}" + (IsCircuitOpen ? ", circuit open" : string.Empty);

    internal void SetWeight(int weight) => Volatile.Write(ref _weight, weight);

    internal void SetAdminState(PrestoClusterState state) => Volatile.Write(ref _adminState, (int)state);

    internal bool SetShuttingDown(bool value) => Interlocked.Exchange(ref _shuttingDown, value ? 1 : 0) != (value ? 1 : 0);

    internal void EnterQuery() => Interlocked.Increment(ref _inFlight);

    internal void LeaveQuery() => Interlocked.Decrement(ref _inFlight);

    /// <summary>A connection to it was refused: no query goes there for <paramref name="coolDown"/>, or until a probe succeeds.</summary>
    internal void MarkUnreachable(TimeSpan coolDown) =>
        Volatile.Write(ref _unreachableUntil, _clock.GetTimestamp() + (long)(coolDown.TotalSeconds * _clock.TimestampFrequency));

    internal PrestoClusterHealth RecordProbe(PrestoClusterHealth? health, string? error, int unhealthyAfter, bool refused, int? running, int? queued)
    {
        Volatile.Write(ref _lastProbeTicks, _clock.GetUtcNow().UtcTicks);
        Volatile.Write(ref _lastProbeError, error);
        if (health is { } ok)
        {
            Interlocked.Exchange(ref _failedProbes, 0);
            Volatile.Write(ref _unreachableUntil, 0);
            Volatile.Write(ref _probeHealth, (int)ok);
            Volatile.Write(ref _running, running ?? -1);
            Volatile.Write(ref _queued, queued ?? -1);
            return ok;
        }

        if (Interlocked.Increment(ref _failedProbes) >= unhealthyAfter || refused)
        {
            Volatile.Write(ref _probeHealth, (int)PrestoClusterHealth.Unhealthy);
        }

        return (PrestoClusterHealth)Volatile.Read(ref _probeHealth);
    }

    /// <summary>The transport for this cluster, its dialect resolved once (failures are not cached).</summary>
    internal async ValueTask<ProtocolTransport> TransportAsync(Func<bool, CancellationToken, ValueTask<ProtocolTransport>> create, bool async, CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref _transport);
        if (known is { IsCompleted: true, IsFaulted: false, IsCanceled: false })
        {
            return known.Result;
        }

        var transport = await create(async, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _transport, Task.FromResult(transport));
        return transport;
    }
}
