using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Presto.Protocol;

namespace Presto.Shadowing;

/// <summary>
/// Runs one statement once on one coordinator and reads every row without keeping any: the row count, the row checksum,
/// the final statistics and the outcome (no retry; a failure is the result). Shadow queries and the comparison runner use it.
/// </summary>
internal static class QueryDrain
{
    public static async Task<DrainResult> RunAsync(ProtocolTransport transport, ConnectionSettings settings, ClientSession session, Uri server, string sql, StatementOptions? options, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var checksum = new RowChecksum();
        using var execution = new StatementExecution(transport, settings, session, server, sql, options, timeout, logger);
        Exception? failure = null;
        try
        {
            await execution.StartAsync(async: true, cancellationToken).ConfigureAwait(false);
            checksum.Add(execution.Response);
            while (!execution.IsComplete)
            {
                await execution.FetchAsync(async: true, cancellationToken).ConfigureAwait(false);
                checksum.Add(execution.Response);
            }

            failure = execution.Response.Error;
        }
        catch (Exception ex) when (ex is PrestoException or OperationCanceledException or ObjectDisposedException)
        {
            failure = ex;
            if (!execution.IsComplete)
            {
                // Tells the server we are gone (the execution's own cancel did when the timeout or the token stopped it).
                await execution.CloseAsync(async: true).ConfigureAwait(false);
            }
        }

        var elapsed = TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - started) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
        var status = execution.Response.Status;
        return new DrainResult(
            execution.QueryId,
            failure,
            execution.TimedOut,
            elapsed,
            checksum.Rows,
            checksum.Value,
            status.ProcessedRows,
            status.ProcessedBytes,
            execution.BytesReceived);
    }

    /// <summary>The name a comparison shows for a failure: the server's error name, else the client-side failure.</summary>
    public static string? ErrorName(Exception? failure, bool timedOut) => failure switch
    {
        null => null,
        _ when timedOut => "Timeout",
        PrestoQueryException query => query.ErrorName,
        PrestoException { FailedTransport: { } transport } => transport.ToString(),
        OperationCanceledException => "Cancelled",
        ObjectDisposedException => "Cancelled",
        _ => failure.GetType().Name,
    };
}

/// <summary>What <see cref="QueryDrain"/> saw of one run.</summary>
internal sealed record DrainResult(
    string? QueryId,
    Exception? Failure,
    bool TimedOut,
    TimeSpan Elapsed,
    long Rows,
    ulong Checksum,
    long ProcessedRows,
    long ProcessedBytes,
    long BytesReceived)
{
    public bool Succeeded => Failure is null;
}
