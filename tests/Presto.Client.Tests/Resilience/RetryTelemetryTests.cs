using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Presto.Testing;
using Presto.Tests.Support;
using static Presto.Tests.Resilience.RetryKit;

namespace Presto.Tests.Resilience;

/// <summary>Resubmissions and give-ups are logged (rule, decision, query id; never SQL or secrets) and counted on the <c>Presto.Client</c> meter.</summary>
public sealed class RetryTelemetryTests
{
    [Fact]
    public async Task A_resubmission_and_a_give_up_are_logged_and_counted()
    {
        // Tags carry the rule id; the rule below exists only in this test, so parallel tests cannot add to its counts.
        const string rule = "telemetry-test-rule";
        var measurements = new ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Presto.Client")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();

        await using var server = await StartAsync();
        var logs = new CapturingLoggerFactory();
        var builder = new PrestoDataSourceBuilder(TestServers.ConnectionString(server, "RetryDelayMs=0;Password=s3cr3t-pw;AllowInsecureCredentials=true"));
        builder.UseLoggerFactory(logs);
        builder.ConfigureRetry(o => o.Rules.Insert(0, new PrestoRetryRule(rule, PrestoRetryDecision.RetrySameCluster) { ErrorNames = ["TELEMETRY_FLAKE"], MaxAttempts = 2 }));
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        const string recoveredSql = ManyRows + " /* secret-sql-text */";
        server.Faults.FailQuery(new QueryFault { ErrorName = "TELEMETRY_FLAKE", ErrorType = "INTERNAL_ERROR", Match = s => s == recoveredSql });
        server.Faults.FailQuery(new QueryFault { ErrorName = "TELEMETRY_FLAKE", ErrorType = "INTERNAL_ERROR", Times = 2, Match = s => s == ManyRows });

        await using (var recovered = new PrestoCommand(recoveredSql, connection))
        {
            var seen = new List<long>();
            await ReadAllAsync(recovered, seen);
            Assert.Equal(Expected, seen);
        }

        await using (var failed = new PrestoCommand(ManyRows, connection))
        {
            var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ReadAllAsync(failed, []));
            Assert.Equal(PrestoRetryStopReason.AttemptsExhausted, error.Classification?.StopReason);
            Assert.Equal(2, error.Attempts);
        }

        listener.RecordObservableInstruments();
        var retries = measurements.Where(m => m.Instrument == "presto.client.query.retries" && Equals(m.Tags["presto.retry.rule"], rule)).ToList();
        Assert.Equal(2, retries.Count);
        Assert.All(retries, r => Assert.Equal("RetrySameCluster", r.Tags["presto.retry.decision"]));
        var giveUps = measurements.Where(m => m.Instrument == "presto.client.query.retry_give_ups" && Equals(m.Tags["presto.retry.rule"], rule)).ToList();
        Assert.Equal("AttemptsExhausted", Assert.Single(giveUps).Tags["presto.retry.stop_reason"]);
        Assert.Contains(measurements, m => m.Instrument == "presto.client.query.attempts" && Equals(m.Tags["presto.attempt.kind"], "retry"));

        var entries = logs.Entries.ToList();
        var resubmitting = entries.Where(e => e.EventId.Id == 1101).ToList();
        Assert.Equal(2, resubmitting.Count);
        Assert.All(resubmitting, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.All(resubmitting, e => Assert.Contains(rule, e.Message, StringComparison.Ordinal));
        var gaveUp = Assert.Single(entries, e => e.EventId.Id == 1102 && e.Message.Contains(rule, StringComparison.Ordinal));
        Assert.Contains("AttemptsExhausted", gaveUp.Message, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.DoesNotContain("secret-sql-text", e.Message, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain("s3cr3t-pw", e.Message, StringComparison.Ordinal));
    }
}
