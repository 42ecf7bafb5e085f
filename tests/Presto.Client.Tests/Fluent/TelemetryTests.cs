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

        // Each request has a child span (submission, then polls), and the trace context sent is the request span's.
        var requests = activities.Where(a => a.ParentSpanId == span.SpanId).ToList();
        Assert.Equal(statementRequests.Count, requests.Count);
        Assert.Equal("POST", requests.OrderBy(a => a.StartTimeUtc).First().DisplayName);
        Assert.All(requests, a =>
        {
            Assert.Equal(ActivityKind.Client, a.Kind);
            Assert.Equal(200, a.GetTagItem("http.response.status_code"));
            Assert.Equal(server.BaseAddress.Port, a.GetTagItem("server.port"));
            Assert.Equal(a.DisplayName == "POST" ? "submit" : "poll", a.GetTagItem("presto.request.kind"));
            Assert.DoesNotContain(a.Tags, t => t.Value?.Contains(queryId, StringComparison.Ordinal) == true);
        });
        // .NET's HTTP instrumentation (System.Net.Http) nests its span under the request span and sends its id.
        var requestIds = requests.Select(a => a.SpanId).ToHashSet();
        var sentParents = statementRequests.Select(r => r.Header("traceparent")!.Split('-')[2]).ToHashSet();
        var underRequests = activities.Where(a => requestIds.Contains(a.SpanId) || requestIds.Contains(a.ParentSpanId)).Select(a => a.SpanId.ToHexString());
        Assert.Subset(underRequests.ToHashSet(), sentParents);

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

    [Fact]
    public async Task A_retried_request_and_a_cancellation_have_spans_of_their_own()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = Listen(activities);
        await using var server = await TestServers.StartAsync();
        server.Faults.FailRequests(RequestKind.Get, 503);
        await using var client = new PrestoClient(TestServers.ConnectionString(server));

        Assert.Equal(3L, await client.Query("SELECT 3 /* retried request */").ScalarAsync<long>());

        var queryId = server.Queries.Single(q => q.Sql.Contains("retried request", StringComparison.Ordinal)).QueryId;
        var statement = Assert.Single(activities, a => (string?)a.GetTagItem("presto.query.id") == queryId);
        var requests = activities.Where(a => a.ParentSpanId == statement.SpanId).ToList();
        var failed = Assert.Single(requests, a => Equals(a.GetTagItem("http.response.status_code"), 503));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Contains(requests, a => Equals(a.GetTagItem("http.request.resend_count"), 1) && Equals(a.GetTagItem("http.response.status_code"), 200));
    }

    /// <summary>Records every stopped span of the Presto.Client and System.Net.Http sources (all are sampled).</summary>
    private static ActivityListener Listen(ConcurrentQueue<Activity> into)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Presto.Client" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = into.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
