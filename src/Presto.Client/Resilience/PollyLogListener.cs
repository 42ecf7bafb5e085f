using Microsoft.Extensions.Logging;
using Polly.Telemetry;

namespace Presto.Resilience;

/// <summary>Bridges Polly's telemetry to <see cref="ILogger"/> (Polly.Extensions, which does this, is not used).</summary>
internal sealed class PollyLogListener : TelemetryListener
{
    private readonly ILogger _logger;

    public PollyLogListener(ILogger logger) => _logger = logger;

    public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args)
    {
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var attempt = args.Arguments switch
        {
            Polly.Retry.OnRetryArguments<TResult> retry => retry.AttemptNumber,
            ExecutionAttemptArguments execution => execution.AttemptNumber,
            _ => 0,
        };
        RetryLog.PollyEvent(_logger, args.Event.EventName, args.Source.StrategyName, attempt, args.Outcome?.Exception);
    }
}
