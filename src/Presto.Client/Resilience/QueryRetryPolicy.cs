using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Presto.Protocol;

namespace Presto.Resilience;

/// <summary>
/// Everything a client (a data source, or the connections of one connection string) shares about resubmitting failed
/// queries: the compiled rule table, limits, the retry budget and the Polly pipeline that drives attempts and delays.
/// Immutable after construction except for the budget's running count.
/// </summary>
internal sealed class QueryRetryPolicy
{
    /// <summary>Carries the statement being run through the pipeline's callbacks.</summary>
    public static readonly ResiliencePropertyKey<StatementRun> RunKey = new("Presto.StatementRun");

    private static readonly ConditionalWeakTable<ConnectionSettings, QueryRetryPolicy> s_defaults = new();
    private static readonly object s_randomGate = new();
    private static readonly Random s_random = new();

    public QueryRetryPolicy(ConnectionSettings settings, PrestoRetryOptions options, ILogger logger)
    {
        MaxAttempts = settings.MaxQueryAttempts;
        BaseDelay = settings.RetryDelay;
        MaxDelay = options.MaxRetryDelay;
        MaxDuration = options.MaxRetryDuration;
        ReadAheadBytes = options.ReadAheadBytes;
        ReadAheadRows = options.ReadAheadRows;
        Clock = options.TimeProvider;
        Logger = logger;
        Classifier = new FailureClassifier(options.Rules);
        Budget = new RetryBudget(options.Budget, Clock);
        Pipeline = new ResiliencePipelineBuilder
        {
            Name = "Presto.QueryResubmission",
            TimeProvider = Clock,
            TelemetryListener = new PollyLogListener(logger),
        }
        .AddRetry(new RetryStrategyOptions
        {
            Name = "Resubmit",
            MaxRetryAttempts = int.MaxValue,
            Delay = TimeSpan.Zero,
            BackoffType = DelayBackoffType.Constant,
            UseJitter = false,
            ShouldHandle = static args => new ValueTask<bool>(
                args.Outcome.Exception is { } error && args.Context.Properties.GetValue(RunKey, null!) is { } run && run.ShouldResubmit(error)),
            DelayGenerator = static args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(RunKey, null!)?.PendingDelay ?? TimeSpan.Zero),
        })
        .Build();
    }

    public int MaxAttempts { get; }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    public TimeSpan MaxDuration { get; }

    public long ReadAheadBytes { get; }

    public int ReadAheadRows { get; }

    public TimeProvider Clock { get; }

    public ILogger Logger { get; }

    public FailureClassifier Classifier { get; }

    public RetryBudget Budget { get; }

    public ResiliencePipeline Pipeline { get; }

    /// <summary>The policy of connections made from a connection string (default options), shared by every connection with that string.</summary>
    public static QueryRetryPolicy For(ConnectionSettings settings) =>
        s_defaults.GetValue(settings, static s => new QueryRetryPolicy(s, new PrestoRetryOptions(), NullLogger.Instance));

    /// <summary>
    /// The wait before resubmission number <paramref name="retry"/> (1 for the first): the server's <c>Retry-After</c> when
    /// the rule honours it, else base × factor grown per the rule's backoff, with ±20% jitter, capped at <see cref="MaxDelay"/>.
    /// </summary>
    public TimeSpan DelayFor(PrestoRetryRule rule, int retry, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked && rule.HonorRetryAfter)
        {
            return asked;
        }

        var growth = rule.Backoff switch
        {
            PrestoRetryBackoff.Linear => retry,
            PrestoRetryBackoff.Exponential => Math.Pow(2, Math.Min(retry - 1, 30)),
            _ => 1,
        };
        double jitter;
        lock (s_randomGate)
        {
            jitter = 0.8 + (0.4 * s_random.NextDouble());
        }

        var ms = BaseDelay.TotalMilliseconds * rule.DelayFactor * growth * jitter;
        return ms >= MaxDelay.TotalMilliseconds ? MaxDelay : TimeSpan.FromMilliseconds(ms);
    }
}
