using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.CircuitBreaker;
using Presto.Diagnostics;
using Presto.Protocol;
using Presto.Routing;
using Presto.Shadowing;
using Presto.Sql;

namespace Presto.Resilience;

/// <summary>
/// One statement of a command over all its submissions. Until a row reaches the caller, a failure is classified and,
/// when the rule and every guard allow it, the statement is submitted again (driven by the policy's Polly pipeline);
/// after that, failures are classified and reported, never resubmitted. The guards: nothing yielded yet; the statement
/// is read-only or the failure proves it never ran; no transaction is open; the caller did not cancel; attempts,
/// deadline and the client-wide budget allow it. With read-ahead, pages are held back before the first row so that
/// a late failure is still inside that window.
/// </summary>
internal sealed class StatementRun : IDisposable
{
    private readonly PrestoConnection _connection;
    private readonly StatementPlan _plan;
    private readonly StatementOptions? _options;
    private readonly QueryRetryPolicy _policy;
    private readonly PrestoStatementKind _kind;
    private readonly TimeSpan _commandTimeout;
    private readonly long _readAheadBytes;
    private readonly int _readAheadRows;
    private readonly long _started;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Queue<PageSnapshot> _ahead = new();
    private readonly string? _routingGroup;
    private RoutingPlan? _route;
    private ShadowTap? _shadow;
    private PrestoCluster? _nextCluster;
    private PrestoCluster? _executionCluster;
    private PrestoCluster? _attemptCluster;
    private StatementExecution? _current;
    private StatementExecution? _execution;
    private ResultColumn[]? _columns;
    private List<PrestoQueryAttempt>? _history;
    private int _submissions;
    private Activity? _activity;
    private bool _telemetryStarted;
    private long _rows;
    private long _bytes;
    private Exception? _failure;
    private ProtocolDialect? _dialect;
    private bool _restart;
    private bool _disposed;

    public StatementRun(PrestoConnection connection, StatementPlan plan, StatementOptions? options, QueryRetryPolicy policy, TimeSpan commandTimeout, long? readAheadBytes, int? readAheadRows, string? routingGroup = null)
    {
        _routingGroup = routingGroup;
        _connection = connection;
        _plan = plan;
        _options = options;
        _policy = policy;
        _commandTimeout = commandTimeout;
        _readAheadBytes = readAheadBytes ?? policy.ReadAheadBytes;
        _readAheadRows = readAheadRows ?? policy.ReadAheadRows;
        _kind = StatementKindLexer.Classify(plan.Prepared is { } prepared ? prepared.Value : plan.Sql);
        _started = policy.Clock.GetTimestamp();
    }

    /// <summary>The current submission.</summary>
    public StatementExecution Execution => _execution ?? throw new InvalidOperationException("The statement has not been submitted.");

    /// <summary>The cluster of the current submission.</summary>
    public PrestoCluster? Cluster => _executionCluster;

    /// <summary>Set by the reader once a row of this statement reached the caller: from then on nothing is resubmitted.</summary>
    public bool Yielded { get; set; }

    /// <summary>The wait chosen by the last <see cref="ShouldResubmit"/> that said yes.</summary>
    public TimeSpan PendingDelay { get; private set; }

    private bool ReadAhead => _readAheadBytes > 0 || _readAheadRows > 0;

    private TimeSpan Elapsed => _policy.Clock.GetElapsedTime(_started);

    /// <summary>Cancels a submission in flight and any wait between submissions. Any thread.</summary>
    public void Cancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }

        Volatile.Read(ref _execution)?.Cancel();
    }

    /// <summary>Submits the statement and reads until its columns are known (or it ended); a failure is thrown here.</summary>
    public async ValueTask StartAsync(bool async, CancellationToken cancellationToken) =>
        await RunAsync(Goal.Columns, async, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Before the first row: reads until the current response holds rows or the statement ended (with read-ahead: holds pages
    /// up to the limits, then makes the first one current). <see langword="false"/> when the statement has no rows.
    /// </summary>
    public ValueTask<bool> PrimeAsync(bool async, CancellationToken cancellationToken) => RunAsync(Goal.FirstRows, async, cancellationToken);

    /// <summary>After the current page: the next held page, else the next response with rows; <see langword="false"/> at the end.</summary>
    public async ValueTask<bool> NextPageAsync(bool async, CancellationToken cancellationToken)
    {
        if (_ahead.Count > 0)
        {
            Execution.Install(_ahead.Dequeue());
            _rows += Execution.Response.RowCount;
            _shadow?.Observe(Execution.Response);
            return true;
        }

        return await RunAsync(Goal.NextRows, async, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        DropReadAhead();
        if (_execution is { IsComplete: true } && _executionCluster is { } cluster && _connection.State == System.Data.ConnectionState.Open)
        {
            // Cluster-local state (a transaction, SET SESSION/USE/PREPARE) keeps the connection on the cluster that has it.
            var session = _connection.Session;
            _connection.PinnedCluster = session.TransactionId is not null || session.HoldsServerState ? _connection.PinnedCluster ?? cluster : null;
        }

        // The reader still reads the last response (update count, warnings) after the statement is finished.
        if (_execution is { } last)
        {
            last.Dispose();
            _executionCluster?.LeaveQuery();
            _bytes += last.BytesReceived;
        }

        QueryTelemetry.Finish(_activity, _execution?.QueryId, _submissions, _failure, Elapsed, _rows, _bytes, _dialect);
        _shadow?.Finish(_executionCluster?.Name ?? _attemptCluster?.Name ?? "(none)", _execution?.QueryId, _failure, Elapsed);

        _cancel.Dispose();
    }

    /// <summary>Releases the pages held back by read-ahead (a new submission, or the statement ended): nobody will read them.</summary>
    private void DropReadAhead()
    {
        while (_ahead.Count > 0)
        {
            _ahead.Dequeue().Release();
        }
    }

    /// <summary>
    /// The Polly predicate: classifies <paramref name="error"/>, records it in the attempt history and on the exception,
    /// and says whether to submit again (<see cref="PendingDelay"/> then holds the wait).
    /// </summary>
    public bool ShouldResubmit(Exception error) => Classify(error, resubmissionPossible: true);

    private async ValueTask<bool> RunAsync(Goal goal, bool async, CancellationToken cancellationToken)
    {
        // The statement's span is current while the engine works for it (HTTP spans nest under it); the caller's own
        // current activity is untouched once this returns.
        if (!_telemetryStarted)
        {
            _telemetryStarted = true;
            // Shown text never holds parameter values: a parameterized statement is its prepared text with ? markers.
            var text = _plan.Prepared?.Value ?? _plan.Sql;
            var logged = _connection.Settings.LogSqlText ? text : null;
            _activity = QueryTelemetry.Start(QueryTelemetry.Operation(text), _connection.Session.Catalog, _connection.Session.Schema, logged);
            if (logged is not null)
            {
                QueryLog.Statement(_policy.Logger, logged);
            }
        }
        else if (_activity is not null)
        {
            Activity.Current = _activity;
        }

        try
        {
            var rows = await RunCoreAsync(goal, async, cancellationToken).ConfigureAwait(false);
            if (rows && goal != Goal.Columns)
            {
                _rows += Execution.Response.RowCount;
                _shadow?.Observe(Execution.Response);
            }
            else if (goal != Goal.Columns)
            {
                _shadow?.Ended();
            }

            return rows;
        }
        catch (Exception ex) when (ex is PrestoException or OperationCanceledException && Record(ex))
        {
            throw;
        }
        catch (PrestoException ex) when (_route is { IsPinned: true, Current: { } pinned } && _connection.Router.Clusters.Count > 1 &&
            ex.Classification?.Decision == PrestoRetryDecision.RetryOtherCluster)
        {
            // The statement could have moved, but the connection's state lives on its cluster: say so.
            throw new PrestoException(
                $"The connection is pinned to cluster '{pinned.Name}' because it holds a transaction or session state (SET SESSION, USE, PREPARE) that lives there, " +
                $"and that cluster failed: {ex.Message} The statement was not moved to another cluster; open a new connection to continue elsewhere.",
                ex.QueryId,
                ex.IsTransient,
                ex)
            {
                Attempts = ex.Attempts,
                Classification = ex.Classification,
                AttemptHistory = ex.AttemptHistory,
            };
        }
    }

    private bool Record(Exception failure)
    {
        _failure = failure;
        return false;
    }

    private async ValueTask<bool> RunCoreAsync(Goal goal, bool async, CancellationToken cancellationToken)
    {
        if (_route is null)
        {
            // Routing problems (no cluster can take the statement, the pinned cluster is gone) are not attempt failures.
            _route = _connection.Router.Plan(RoutingRequest(), _connection.PinnedCluster);
            _nextCluster = _route.Next(otherCluster: false);
            _shadow = Mirror(_route);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancel.Token);
        if (Yielded || _policy.MaxAttempts <= 1 || goal == Goal.NextRows)
        {
            try
            {
                return await AttemptAsync(goal, async, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is PrestoException or OperationCanceledException)
            {
                Classify(ex, resubmissionPossible: false);
                throw;
            }
        }

        var context = ResilienceContextPool.Shared.Get(linked.Token);
        try
        {
            context.Properties.Set(QueryRetryPolicy.RunKey, this);
            var state = (Run: this, Goal: goal);
            return async
                ? await _policy.Pipeline.ExecuteAsync(static (ctx, s) => s.Run.AttemptAsync(s.Goal, async: true, ctx.CancellationToken), context, state).ConfigureAwait(false)
                : _policy.Pipeline.Execute(static (ctx, s) => s.Run.AttemptAsync(s.Goal, async: false, ctx.CancellationToken).GetAwaiter().GetResult(), context, state);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<bool> AttemptAsync(Goal goal, bool async, CancellationToken cancellationToken)
    {
        var submit = _execution is null || _restart;
        try
        {
            if (goal == Goal.NextRows)
            {
                return await FetchRowsAsync(async, cancellationToken).ConfigureAwait(false);
            }

            // Until the first row, attempts go through the cluster's circuit breaker (it counts infrastructure failures). A
            // single cluster has no breaker: there is nowhere else to send the query, so failing fast would only hurt.
            var cluster = submit ? ChooseCluster() : _executionCluster!;
            _attemptCluster = cluster;
            if (_connection.Router.Clusters.Count == 1)
            {
                return await AttemptCoreAsync(goal, submit, cluster, async, cancellationToken).ConfigureAwait(false);
            }

            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            try
            {
                context.Properties.Set(QueryRetryPolicy.RunKey, this);
                var state = (Run: this, Goal: goal, Submit: submit, Cluster: cluster);
                return async
                    ? await cluster.Breaker.ExecuteAsync(static (ctx, s) => s.Run.AttemptCoreAsync(s.Goal, s.Submit, s.Cluster, async: true, ctx.CancellationToken), context, state).ConfigureAwait(false)
                    : cluster.Breaker.Execute(static (ctx, s) => s.Run.AttemptCoreAsync(s.Goal, s.Submit, s.Cluster, async: false, ctx.CancellationToken).GetAwaiter().GetResult(), context, state);
            }
            catch (BrokenCircuitException ex)
            {
                // Its breaker opened after the plan chose it: nothing was sent, so this counts like a refused connection. A query
                // already submitted there (waiting for its first rows) is given up: tell that cluster before going elsewhere.
                if (!submit)
                {
                    Volatile.Read(ref _execution)?.Cancel();
                }

                throw new PrestoException($"Cluster '{cluster.Name}' is unavailable: its circuit breaker is open.", null, true, ex)
                {
                    FailedTransport = PrestoTransportFailure.ConnectionFailed,
                };
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
        catch (Exception ex) when (ex is PrestoException or OperationCanceledException)
        {
            _restart |= submit || goal != Goal.NextRows;
            throw;
        }
    }

    private async ValueTask<bool> AttemptCoreAsync(Goal goal, bool submit, PrestoCluster cluster, bool async, CancellationToken cancellationToken)
    {
        if (submit)
        {
            if (async && HedgeDelay is { } delay)
            {
                await SubmitHedgedAsync(cluster, delay, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SubmitAsync(cluster, async, cancellationToken).ConfigureAwait(false);
            }
        }

        return goal switch
        {
            Goal.Columns => true,
            Goal.FirstRows when ReadAhead => await FillReadAheadAsync(async, cancellationToken).ConfigureAwait(false),
            Goal.FirstRows when _execution!.Response.RowCount > 0 => true,
            _ => await FetchRowsAsync(async, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The cluster of the next submission: the one the failure classification chose, else the plan's first.</summary>
    private PrestoCluster ChooseCluster()
    {
        if (_nextCluster is { } chosen)
        {
            _nextCluster = null;
            return chosen;
        }

        return _route!.Current ?? _route.Next(otherCluster: false);
    }

    /// <summary>
    /// The shadow hook (docs/shadowing.md): once routed, a read-only statement of a connection without a transaction or
    /// session state may be mirrored to the shadow clusters of its group; the tap then sums the rows the reader gets.
    /// </summary>
    private ShadowTap? Mirror(RoutingPlan route) =>
        _connection.Router.Shadows is { } shadows && _kind == PrestoStatementKind.ReadOnly && !route.IsPinned &&
        _connection.Transaction is null && _connection.Session is { TransactionId: null, HoldsServerState: false }
            ? shadows.TryMirror(route.Group, _connection.Settings, _connection.Session, _plan.Sql, _plan.Prepared?.Value ?? _plan.Sql, _options)
            : null;

    private PrestoRoutingRequest RoutingRequest()
    {
        var settings = _connection.Settings;
        var session = _connection.Session;
        return new PrestoRoutingRequest(_routingGroup, settings.User, settings.Source, _options?.ClientTags ?? settings.ClientTags, session.Catalog, session.Schema, _kind);
    }

    /// <summary>Hedging applies to read-only statements of unpinned connections, when another cluster could take them.</summary>
    private TimeSpan? HedgeDelay =>
        _submissions == 0 && _kind == PrestoStatementKind.ReadOnly && _connection.Router.HedgeDelay is { } delay && _route is { IsPinned: false, HasAlternative: true }
            ? delay
            : null;

    private async ValueTask SubmitAsync(PrestoCluster cluster, bool async, CancellationToken cancellationToken)
    {
        DropReadAhead();
        _restart = false;
        _current = null;
        var execution = await LaunchAsync(cluster, Adopt, async, cancellationToken).ConfigureAwait(false);
        CheckColumns(execution);
    }

    /// <summary>
    /// A hedged submission: the statement starts on <paramref name="first"/>; when it has produced no rows after
    /// <paramref name="delay"/>, it starts on a second cluster too. The first to deliver rows (or end) is kept; the
    /// other is cancelled (<c>DELETE</c>). When both fail, the later failure is the attempt's failure.
    /// </summary>
    private async ValueTask SubmitHedgedAsync(PrestoCluster first, TimeSpan delay, CancellationToken cancellationToken)
    {
        DropReadAhead();
        _restart = false;
        _current = null;
        using var primaryStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var primary = new Contender(first);
        primary.Task = RaceAsync(primary, primaryStop.Token);
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var timer = Task.Delay(delay, wait.Token);
            if (await Task.WhenAny(primary.Task, timer).ConfigureAwait(false) == primary.Task || !_route!.HasAlternative)
            {
                wait.Cancel();
                await FinishAsync(primary, null).ConfigureAwait(false);
                return;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var secondaryStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var secondary = new Contender(_route.Next(otherCluster: true));
        secondary.Task = RaceAsync(secondary, secondaryStop.Token);
        var done = await Task.WhenAny(primary.Task, secondary.Task).ConfigureAwait(false);
        var (winner, loser, loserStop) = done == primary.Task ? (primary, secondary, secondaryStop) : (secondary, primary, primaryStop);
        if (done.Status != TaskStatus.RanToCompletion)
        {
            // The first to finish failed: the other is the only hope.
            (winner, loser, loserStop) = (loser, winner, null);
        }

        loserStop?.Cancel();
        await FinishAsync(winner, loser).ConfigureAwait(false);
    }

    /// <summary>Makes <paramref name="winner"/> the statement's submission (or throws its failure); cancels and releases <paramref name="loser"/>.</summary>
    private async ValueTask FinishAsync(Contender winner, Contender? loser)
    {
        if (loser is not null)
        {
            try
            {
                var loserExecution = await loser.Task!.ConfigureAwait(false);
                await loserExecution.CloseAsync(async: true).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is PrestoException or OperationCanceledException)
            {
                // Cancelled (a DELETE went out) or failed: either way it is out of the race.
            }
            finally
            {
                loser.Release();
            }
        }

        try
        {
            var execution = await winner.Task!.ConfigureAwait(false);
            Adopt(execution, winner.Cluster);
            if (loser is not null)
            {
                RoutingLog.HedgeDecided(_connection.Logger, winner.Cluster.Name, loser.Cluster.Name);
                RoutingMetrics.Hedged(winner.Cluster.Name);
            }

            CheckColumns(execution);
        }
        catch (Exception ex) when (ex is PrestoException or OperationCanceledException)
        {
            _attemptCluster = winner.Cluster;
            if (winner.Execution is { } failed)
            {
                Adopt(failed, winner.Cluster);
            }

            throw;
        }
    }

    /// <summary>One side of a hedged submission: launches on its cluster and reads until rows arrive or the statement ends.</summary>
    private async Task<StatementExecution> RaceAsync(Contender contender, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var execution = await LaunchAsync(contender.Cluster, (e, _) => contender.Execution = e, async: true, cancellationToken).ConfigureAwait(false);
        while (!execution.IsComplete && execution.Response.RowCount == 0)
        {
            await execution.FetchAsync(async: true, cancellationToken).ConfigureAwait(false);
        }

        if (execution.Response.RowCount == 0 && execution.Response.Error is { } error)
        {
            throw error;
        }

        return execution;
    }

    /// <summary>Makes <paramref name="execution"/> the statement's submission, releasing the one it replaces.</summary>
    private void Adopt(StatementExecution execution, PrestoCluster cluster)
    {
        _current = execution;
        if (!ReferenceEquals(_execution, execution))
        {
            ReleaseExecution();
        }

        _executionCluster = cluster;
        Volatile.Write(ref _execution, execution);
    }

    /// <summary>Creates and starts one submission on <paramref name="cluster"/>; <paramref name="created"/> learns of it before it starts (so that a failure is classified against it).</summary>
    private async ValueTask<StatementExecution> LaunchAsync(PrestoCluster cluster, Action<StatementExecution, PrestoCluster> created, bool async, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _submissions);
        RetryMetrics.Attempt(resubmission: _submissions > 1);
        if (_submissions == 1)
        {
            _policy.Budget.RecordFirstSubmission();
        }

        var transport = await _connection.Router.TransportAsync(cluster, async, cancellationToken).ConfigureAwait(false);
        var remaining = _commandTimeout;
        if (_commandTimeout > TimeSpan.Zero && _submissions > 1)
        {
            remaining = _commandTimeout - Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                remaining = TimeSpan.FromTicks(1);
            }
        }

        var options = _options;
        if (cluster.IsGateway && _route is { } route)
        {
            options = WithRoutingGroup(options, route.Group);
        }

        var execution = new StatementExecution(
            transport,
            _connection.Settings,
            _connection.Session,
            cluster.BaseUri,
            _plan.Sql,
            options,
            remaining,
            _connection.Logger)
        {
            ReportedTimeout = _commandTimeout,
        };
        cluster.EnterQuery();
        _dialect = transport.Dialect;
        QueryTelemetry.Submitted(_activity, cluster.BaseUri, transport.Dialect);
        created(execution, cluster);
        await execution.StartAsync(async, cancellationToken).ConfigureAwait(false);
        var response = execution.Response;
        if (response.Columns is null && response.Error is { } error)
        {
            throw error;
        }

        return execution;
    }

    private void ReleaseExecution()
    {
        if (_execution is { } previous)
        {
            _execution = null;
            previous.Dispose();
            _executionCluster?.LeaveQuery();
            _bytes += previous.BytesReceived;
        }
    }

    /// <summary>A hedged side: its cluster, its submission once created, its task.</summary>
    private sealed class Contender
    {
        public Contender(PrestoCluster cluster) => Cluster = cluster;

        public PrestoCluster Cluster { get; }

        public StatementExecution? Execution { get; set; }

        public Task<StatementExecution>? Task { get; set; }

        public void Release()
        {
            if (Execution is { } execution)
            {
                Execution = null;
                execution.Dispose();
                Cluster.LeaveQuery();
            }
        }
    }

    private static StatementOptions WithRoutingGroup(StatementOptions? options, string group) =>
        options is null ? new StatementOptions { RoutingGroup = group } : options with { RoutingGroup = group };

    private void CheckColumns(StatementExecution execution)
    {
        var response = execution.Response;

        if (response.Columns is { } columns)
        {
            if (_columns is null)
            {
                _columns = columns;
            }
            else if (!SameColumns(_columns, columns))
            {
                // Not retried: the caller may already rely on the first attempt's columns.
                throw new PrestoProtocolException(
                    $"The resubmitted query {execution.QueryId} returned different columns than the first submission; its result cannot replace the first one's.",
                    queryId: execution.QueryId);
            }
        }
    }

    /// <summary>Reads responses until one holds rows or the statement ended; throws the statement's error at its end.</summary>
    private async ValueTask<bool> FetchRowsAsync(bool async, CancellationToken cancellationToken)
    {
        var execution = _execution!;
        while (!execution.IsComplete)
        {
            await execution.FetchAsync(async, cancellationToken).ConfigureAwait(false);
            if (execution.Response.RowCount > 0)
            {
                return true;
            }
        }

        if (execution.Response.Error is { } error)
        {
            throw error;
        }

        return false;
    }

    /// <summary>
    /// Holds pages with rows (the current one first) until the byte or row limit is reached or the statement ended, then
    /// makes the first held page current. A failure meanwhile is still before the first row, so it can be resubmitted.
    /// </summary>
    private async ValueTask<bool> FillReadAheadAsync(bool async, CancellationToken cancellationToken)
    {
        var execution = _execution!;
        DropReadAhead();
        long bytes = 0, rows = 0;
        while (true)
        {
            if (execution.Response.RowCount > 0)
            {
                bytes += execution.PageBytes;
                rows += execution.Response.RowCount;
                _ahead.Enqueue(execution.DetachPage());
                if ((_readAheadBytes > 0 && bytes >= _readAheadBytes) || (_readAheadRows > 0 && rows >= _readAheadRows))
                {
                    break;
                }
            }

            if (execution.IsComplete)
            {
                if (execution.Response.Error is { } error)
                {
                    throw error;
                }

                break;
            }

            await execution.FetchAsync(async, cancellationToken).ConfigureAwait(false);
        }

        if (_ahead.Count == 0)
        {
            return false;
        }

        execution.Install(_ahead.Dequeue());
        return true;
    }

    /// <summary>Classifies a failure, applies the guards, records the attempt; <see langword="true"/> to submit again.</summary>
    private bool Classify(Exception error, bool resubmissionPossible)
    {
        if (error is not PrestoException failure)
        {
            // Cancellation by the caller (or a bug): never resubmitted.
            return false;
        }

        failure.Attempts = _submissions;
        var execution = _current;
        if (execution?.TimedOut == true || _cancel.IsCancellationRequested)
        {
            return false;
        }

        var cluster = _attemptCluster;
        var facts = Facts(failure);
        var phase = facts.Phase;
        var rule = _policy.Classifier.Classify(facts);
        if (cluster is not null)
        {
            _connection.Router.OnAttemptFailed(cluster, facts.Transport, IsShutdown(facts));
        }

        var decision = rule?.Rule.Decision ?? PrestoRetryDecision.Never;
        var stop = decision == PrestoRetryDecision.Never ? PrestoRetryStopReason.NotRetryable : Guard(rule!.Rule, phase, resubmissionPossible);
        TimeSpan? delay = null;
        PrestoCluster? next = null;
        if (stop is null)
        {
            next = _route?.Next(decision == PrestoRetryDecision.RetryOtherCluster);

            // Waiting is for the same cluster to recover; another cluster is tried at once.
            delay = next is not null && cluster is not null && !ReferenceEquals(next, cluster) ? TimeSpan.Zero : _policy.DelayFor(rule!.Rule, _submissions, facts.RetryAfter);
            var elapsed = Elapsed;
            if (elapsed + delay.Value > _policy.MaxDuration || (_commandTimeout > TimeSpan.Zero && elapsed + delay.Value >= _commandTimeout))
            {
                stop = PrestoRetryStopReason.DeadlineExceeded;
            }
            else if (!_policy.Budget.TryAcquire())
            {
                stop = PrestoRetryStopReason.BudgetExhausted;
                RetryMetrics.BudgetRejected(rule!.Id);
                RetryLog.BudgetExhausted(_policy.Logger, execution?.QueryId, rule.Id);
            }
        }

        var classification = new PrestoRetryClassification(rule?.Id, decision, phase, _kind, stop);
        _history ??= new List<PrestoQueryAttempt>();
        var server = cluster?.BaseUri ?? _connection.Server;
        _history.Add(new PrestoQueryAttempt(
            _submissions, server, execution?.QueryId, failure, classification, stop is null ? delay : null, Elapsed));
        failure.Classification = classification;
        failure.AttemptHistory = _history.ToArray();
        if (stop is { } reason)
        {
            if (decision != PrestoRetryDecision.Never)
            {
                RetryMetrics.GiveUp(rule?.Id, reason);
            }

            RetryLog.GaveUp(_policy.Logger, execution?.QueryId ?? "(none)", ProtocolTransport.Describe(server), _submissions, phase, rule?.Id ?? "(none)", decision, reason);
            return false;
        }

        RetryMetrics.Retry(rule!.Id, decision);
        RetryLog.Resubmitting(_policy.Logger, execution?.QueryId, ProtocolTransport.Describe(server), _submissions, phase, rule.Id, decision, (long)delay!.Value.TotalMilliseconds, failure.Message);
        _nextCluster = next;
        PendingDelay = delay.Value;
        return true;
    }

    /// <summary>Whether the failure moves queries away from its cluster: the circuit breaker counts it. User errors never do.</summary>
    public bool CountsAgainstCluster(PrestoException error)
    {
        var facts = Facts(error);
        return facts.Transport is not null || _policy.Classifier.Classify(facts)?.Rule.Decision == PrestoRetryDecision.RetryOtherCluster;
    }

    private FailureFacts Facts(PrestoException failure)
    {
        var execution = _current;
        var dialect = execution?.Dialect ?? (_connection.Settings.Dialect == PrestoDialect.Presto ? ProtocolDialect.Presto : ProtocolDialect.Trino);
        return FailureFacts.From(failure, execution?.Phase ?? PrestoQueryPhase.Submit, _kind, dialect);
    }

    private static bool IsShutdown(FailureFacts facts) =>
        facts.ErrorName == "SERVER_SHUTTING_DOWN" ||
        (facts.ErrorName == "GENERIC_INTERNAL_ERROR" && facts.Message.IndexOf("Server is shutting down", StringComparison.Ordinal) >= 0);

    /// <summary>The first guard that forbids resubmitting, or <see langword="null"/> when none does (deadline and budget are checked after).</summary>
    private PrestoRetryStopReason? Guard(PrestoRetryRule rule, PrestoQueryPhase phase, bool resubmissionPossible)
    {
        if (Yielded)
        {
            return PrestoRetryStopReason.RowsYielded;
        }

        if (_policy.MaxAttempts <= 1)
        {
            return PrestoRetryStopReason.Disabled;
        }

        if (!resubmissionPossible)
        {
            return PrestoRetryStopReason.RowsYielded;
        }

        // A write is resubmitted only when the error proves it never ran (a full queue, a refused connection) and nothing
        // the client saw contradicts that: the query was not yet seen past the queue. The phase alone proves nothing: Trino
        // dispatches on the first GET of the queued URI and may report an early failure there.
        if (_kind == PrestoStatementKind.Write && !(rule.ProvesNotExecuted && phase is PrestoQueryPhase.Submit or PrestoQueryPhase.Queued))
        {
            return PrestoRetryStopReason.WriteMayHaveExecuted;
        }

        if (_connection.Transaction is not null || _connection.Session.TransactionId is not null)
        {
            return PrestoRetryStopReason.TransactionOpen;
        }

        var cap = rule.MaxAttempts > 0 ? Math.Min(rule.MaxAttempts, _policy.MaxAttempts) : _policy.MaxAttempts;
        return _submissions >= cap ? PrestoRetryStopReason.AttemptsExhausted : null;
    }

    private static bool SameColumns(ResultColumn[] first, ResultColumn[] second)
    {
        if (first.Length != second.Length)
        {
            return false;
        }

        for (var i = 0; i < first.Length; i++)
        {
            if (!string.Equals(first[i].Name, second[i].Name, StringComparison.Ordinal) ||
                !string.Equals(first[i].TypeName, second[i].TypeName, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private enum Goal
    {
        Columns,
        FirstRows,
        NextRows,
    }
}
