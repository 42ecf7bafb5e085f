using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Fluent;

/// <summary>A span per statement (OpenTelemetry database conventions, trace context sent to the server) and the query metrics.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_statement_has_a_span_whose_trace_reaches_the_server_and_its_rows_bytes_and_duration_are_measured()
    {
        const int rowCount = 1_234;
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = Listen(activities);
        var measurements = new ConcurrentQueue<(string Name, double Value)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Presto.Client")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
        meterListener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
        meterListener.Start();

        await using var server = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 5_000);
        const string sql = "/* telemetry */ SELECT x FROM telemetry_rows";
        server.Script(sql, ScriptedResult.Generated([new ResultColumn("x", "bigint")], rowCount, i => [i]));
        await using var client = new PrestoClient(TestServers.ConnectionString(server, "Catalog=tpch;Schema=tiny"));

        var rows = await client.Query(sql).ToListAsync<long>();

        Assert.Equal(rowCount, rows.Count);
        var queryId = server.Queries.Single(q => q.Sql == sql).QueryId;
        var span = Assert.Single(activities, a => (string?)a.GetTagItem("presto.query.id") == queryId);
        Assert.Equal("SELECT", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("trino", span.GetTagItem("db.system.name"));
        Assert.Equal("SELECT", span.GetTagItem("db.operation.name"));
        Assert.Equal("tpch.tiny", span.GetTagItem("db.namespace"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(server.BaseAddress.Port, span.GetTagItem("server.port"));
        Assert.Equal(1, span.GetTagItem("presto.attempts"));
        Assert.DoesNotContain(span.Tags, t => t.Value?.Contains("telemetry_rows", StringComparison.Ordinal) == true);

        // Every request of the statement carries the span's trace (W3C traceparent).
        var statementRequests = server.Requests.Where(r => r.PathAndQuery.StartsWith("/v1/statement", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(statementRequests);
        Assert.All(statementRequests, r => Assert.Contains(span.TraceId.ToHexString(), r.Header("traceparent") ?? string.Empty, StringComparison.Ordinal));

        Assert.Contains(measurements, m => m.Name == "presto.client.query.rows" && m.Value == rowCount);
        Assert.Contains(measurements, m => m.Name == "presto.client.query.bytes" && m.Value > rowCount);
        Assert.Contains(measurements, m => m.Name == "presto.client.query.duration" && m.Value > 0);
    }

    [Fact]
    public async Task Statement_text_goes_to_logs_and_spans_only_when_opted_in_and_never_with_parameter_values()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = Listen(activities);
        await using var server = await TestServers.StartAsync();
        foreach (var optIn in new[] { false, true })
        {
            var logs = new CapturingLoggerFactory();
            var options = new PrestoClientOptions { ConnectionString = TestServers.ConnectionString(server, $"LogSqlText={optIn}"), LoggerFactory = logs };
            await using var client = new PrestoClient(options);
            var sql = $"SELECT name FROM tpch.tiny.region WHERE name = @secret /* opt-in {optIn} */";

            await client.Query(sql).WithParameter("secret", "s3cret-value").ToListAsync<string>();

            var queryId = server.Queries.Last().QueryId;
            var span = Assert.Single(activities, a => (string?)a.GetTagItem("presto.query.id") == queryId);
            var logged = logs.Entries.Where(e => e.EventId.Id == 1301).Select(e => e.Message).ToList();
            if (optIn)
            {
                Assert.Equal(sql.Replace("@secret", "?", StringComparison.Ordinal), span.GetTagItem("db.query.text"));
                Assert.Contains(logged, m => m.Contains("/* opt-in True */", StringComparison.Ordinal));
            }
            else
            {
                Assert.Null(span.GetTagItem("db.query.text"));
                Assert.Empty(logged);
            }

            Assert.All(logs.Entries, e => Assert.DoesNotContain("s3cret-value", e.Message, StringComparison.Ordinal));
            Assert.DoesNotContain(span.Tags, t => t.Value?.Contains("s3cret-value", StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task A_failed_statement_marks_its_span_as_an_error()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = Listen(activities);
        await using var server = await TestServers.StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "DIVISION_BY_ZERO", Match = s => s.Contains("/* failing span */", StringComparison.Ordinal) });
        await using var client = new PrestoClient(TestServers.ConnectionString(server));

        await Assert.ThrowsAsync<PrestoQueryException>(() => client.Query("SELECT 1 /* failing span */").ToListAsync<int>());

        var queryId = server.Queries.Single().QueryId;
        var span = Assert.Single(activities, a => (string?)a.GetTagItem("presto.query.id") == queryId);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("DIVISION_BY_ZERO", span.GetTagItem("error.type"));
    }

    /// <summary>Records every stopped span of the Presto.Client source (all are sampled).</summary>
    private static ActivityListener Listen(ConcurrentQueue<Activity> into)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Presto.Client",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = into.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
