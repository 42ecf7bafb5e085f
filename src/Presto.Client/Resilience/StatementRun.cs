using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Presto.Protocol;
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
    private StatementExecution? _execution;
    private ResultColumn[]? _columns;
    private List<PrestoQueryAttempt>? _history;
    private int _submissions;
    private bool _restart;
    private bool _disposed;

    public StatementRun(PrestoConnection connection, StatementPlan plan, StatementOptions? options, QueryRetryPolicy policy, TimeSpan commandTimeout, long? readAheadBytes, int? readAheadRows)
    {
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
        _ahead.Clear();
        _execution?.Dispose();
        _cancel.Dispose();
    }

    /// <summary>
    /// The Polly predicate: classifies <paramref name="error"/>, records it in the attempt history and on the exception,
    /// and says whether to submit again (<see cref="PendingDelay"/> then holds the wait).
    /// </summary>
    public bool ShouldResubmit(Exception error) => Classify(error, resubmissionPossible: true);

    private async ValueTask<bool> RunAsync(Goal goal, bool async, CancellationToken cancellationToken)
    {
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
        try
        {
            if (_execution is null || _restart)
            {
                await SubmitAsync(async, cancellationToken).ConfigureAwait(false);
            }

            return goal switch
            {
                Goal.Columns => true,
                Goal.FirstRows when ReadAhead => await FillReadAheadAsync(async, cancellationToken).ConfigureAwait(false),
                Goal.FirstRows when _execution!.Response.RowCount > 0 => true,
                _ => await FetchRowsAsync(async, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (Exception ex) when (ex is PrestoException or OperationCanceledException)
        {
            _restart = true;
            throw;
        }
    }

    private async ValueTask SubmitAsync(bool async, CancellationToken cancellationToken)
    {
        var previous = _execution;
        _ahead.Clear();
        var remaining = _commandTimeout;
        if (_commandTimeout > TimeSpan.Zero && previous is not null)
        {
            remaining = _commandTimeout - Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                remaining = TimeSpan.FromTicks(1);
            }
        }

        var execution = new StatementExecution(
            _connection.Transport,
            _connection.Settings,
            _connection.Session,
            _connection.Server,
            _plan.Sql,
            _options,
            remaining,
            _connection.Logger)
        {
            ReportedTimeout = _commandTimeout,
        };
        Volatile.Write(ref _execution, execution);
        previous?.Dispose();
        _restart = false;
        _submissions++;
        RetryMetrics.Attempt(resubmission: _submissions > 1);
        if (_submissions == 1)
        {
            _policy.Budget.RecordFirstSubmission();
        }

        await execution.StartAsync(async, cancellationToken).ConfigureAwait(false);
        var response = execution.Response;
        if (response.Columns is null && response.Error is { } error)
        {
            throw error;
        }

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
        _ahead.Clear();
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
        var execution = _execution;
        if (error is not PrestoException failure)
        {
            // Cancellation by the caller (or a bug): never resubmitted.
            return false;
        }

        failure.Attempts = _submissions;
        if (execution is null || execution.TimedOut || _cancel.IsCancellationRequested)
        {
            return false;
        }

        var phase = execution.Phase;
        var facts = FailureFacts.From(failure, phase, _kind, execution.Dialect);
        var rule = _policy.Classifier.Classify(facts);
        var decision = rule?.Rule.Decision ?? PrestoRetryDecision.Never;
        var stop = decision == PrestoRetryDecision.Never ? PrestoRetryStopReason.NotRetryable : Guard(rule!.Rule, phase, resubmissionPossible);
        TimeSpan? delay = null;
        if (stop is null)
        {
            delay = _policy.DelayFor(rule!.Rule, _submissions, facts.RetryAfter);
            var elapsed = Elapsed;
            if (elapsed + delay.Value > _policy.MaxDuration || (_commandTimeout > TimeSpan.Zero && elapsed + delay.Value >= _commandTimeout))
            {
                stop = PrestoRetryStopReason.DeadlineExceeded;
            }
            else if (!_policy.Budget.TryAcquire())
            {
                stop = PrestoRetryStopReason.BudgetExhausted;
                RetryMetrics.BudgetRejected(rule.Id);
                RetryLog.BudgetExhausted(_policy.Logger, execution.QueryId, rule.Id);
            }
        }

        var classification = new PrestoRetryClassification(rule?.Id, decision, phase, _kind, stop);
        _history ??= new List<PrestoQueryAttempt>();
        _history.Add(new PrestoQueryAttempt(
            _submissions, execution.Server, execution.QueryId, failure, classification, stop is null ? delay : null, Elapsed));
        failure.Classification = classification;
        failure.AttemptHistory = _history.ToArray();
        var server = ProtocolTransport.Describe(execution.Server);
        if (stop is { } reason)
        {
            if (decision != PrestoRetryDecision.Never)
            {
                RetryMetrics.GiveUp(rule?.Id, reason);
            }

            RetryLog.GaveUp(_policy.Logger, execution.QueryId, server, _submissions, phase, rule?.Id, decision, reason);
            return false;
        }

        RetryMetrics.Retry(rule!.Id, decision);
        RetryLog.Resubmitting(_policy.Logger, execution.QueryId, server, _submissions, phase, rule.Id, decision, (long)delay!.Value.TotalMilliseconds, failure.Message);
        PendingDelay = delay.Value;
        return true;
    }

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
