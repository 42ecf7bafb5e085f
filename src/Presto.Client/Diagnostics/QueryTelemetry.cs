using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Presto.Protocol;
using Presto.Resilience;

namespace Presto.Diagnostics;

/// <summary>
/// Tracing and metrics of statements: an <see cref="ActivitySource"/> named <c>Presto.Client</c> with a span per statement
/// (OpenTelemetry database conventions: <c>db.system.name</c>, <c>db.operation.name</c>, <c>db.namespace</c>,
/// <c>server.address</c>, <c>server.port</c>, <c>error.type</c>; plus <c>presto.query.id</c> and <c>presto.attempts</c>;
/// never the SQL text or credentials), and the <c>Presto.Client</c> meter's duration, rows and bytes instruments. HTTP
/// requests run inside the span, so .NET's HTTP instrumentation nests its spans under it and propagates the W3C trace
/// context to the server. Each HTTP request of a statement (submission, polls, cancellation) has a child span of its own.
/// </summary>
internal static class QueryTelemetry
{
    public const string SourceName = "Presto.Client";

    public static readonly ActivitySource Source = new(SourceName, typeof(QueryTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Histogram<double> s_duration = RetryMetrics.Meter.CreateHistogram<double>(
        "presto.client.query.duration", "s", "Time from the first submission of a statement to its end (all submissions included).");

    private static readonly Counter<long> s_rows = RetryMetrics.Meter.CreateCounter<long>(
        "presto.client.query.rows", "{row}", "Rows handed to readers.");

    private static readonly Counter<long> s_bytes = RetryMetrics.Meter.CreateCounter<long>(
        "presto.client.query.bytes", "By", "Response body bytes received for statements.");

    /// <summary>Starts the span of a statement; <see langword="null"/> when nobody listens. <paramref name="text"/> only when the user opted in.</summary>
    public static Activity? Start(string operation, string? catalog, string? schema, string? text)
    {
        var activity = Source.StartActivity(operation, ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("db.operation.name", operation);
        if (text is not null)
        {
            activity.SetTag("db.query.text", text);
        }

        if (catalog is not null)
        {
            activity.SetTag("db.namespace", schema is null ? catalog : catalog + "." + schema);
        }

        return activity;
    }

    /// <summary>Where the (latest) submission went.</summary>
    public static void Submitted(Activity? activity, Uri server, ProtocolDialect dialect)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("db.system.name", dialect == ProtocolDialect.Presto ? "presto" : "trino");
        activity.SetTag("server.address", server.Host);
        activity.SetTag("server.port", server.Port);
    }

    /// <summary>Ends the span and records the statement's duration, rows and bytes.</summary>
    public static void Finish(Activity? activity, string? queryId, int attempts, Exception? failure, TimeSpan duration, long rows, long bytes, ProtocolDialect? dialect)
    {
        var system = dialect == ProtocolDialect.Presto ? "presto" : "trino";
        var outcome = failure is null ? "success" : failure is OperationCanceledException ? "cancelled" : "error";
        s_duration.Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>("db.system.name", system),
            new KeyValuePair<string, object?>("presto.outcome", outcome));
        if (rows > 0)
        {
            s_rows.Add(rows, new KeyValuePair<string, object?>("db.system.name", system));
        }

        if (bytes > 0)
        {
            s_bytes.Add(bytes, new KeyValuePair<string, object?>("db.system.name", system));
        }

        if (activity is null)
        {
            return;
        }

        activity.SetTag("presto.query.id", queryId);
        activity.SetTag("presto.attempts", attempts);
        if (failure is not null)
        {
            activity.SetTag("error.type", failure is PrestoQueryException query ? query.ErrorName : failure.GetType().Name);
            activity.SetStatus(ActivityStatusCode.Error, failure is PrestoQueryException q ? q.ErrorName : failure.GetType().Name);
        }

        activity.Stop();
    }

    /// <summary>
    /// Starts the span of one HTTP request of a statement (a child of the statement's span; OpenTelemetry HTTP client
    /// conventions: <c>http.request.method</c>, <c>server.address</c>, <c>server.port</c>, <c>http.request.resend_count</c>,
    /// plus <c>presto.request.kind</c>). The URL is left out: a <c>nextUri</c> carries the query's slug, which works like a
    /// capability. <see langword="null"/> when nobody listens.
    /// </summary>
    public static Activity? StartRequest(string method, Uri uri, int attempt)
    {
        var activity = Source.StartActivity(method, ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("http.request.method", method);
        activity.SetTag("server.address", uri.Host);
        activity.SetTag("server.port", uri.Port);
        activity.SetTag("presto.request.kind", method switch
        {
            "POST" => "submit",
            "GET" => "poll",
            "DELETE" => "cancel",
            _ => "other",
        });
        if (attempt > 1)
        {
            activity.SetTag("http.request.resend_count", attempt - 1);
        }

        return activity;
    }

    /// <summary>Records the status code of a request's response; 4xx and 5xx mark the span as an error.</summary>
    public static void Responded(Activity? activity, int status)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("http.response.status_code", status);
        if (status >= 400)
        {
            activity.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>Marks a request's span as failed without a response (refused, reset, timed out, cancelled).</summary>
    public static void RequestFailed(Activity? activity, Exception failure)
    {
        if (activity is null)
        {
            return;
        }

        string type = failure is OperationCanceledException ? "cancelled" : failure.GetType().FullName ?? failure.GetType().Name;
        activity.SetTag("error.type", type);
        activity.SetStatus(ActivityStatusCode.Error, type);
    }

    /// <summary>The operation name of a statement: its first keyword, upper-cased (<c>SELECT</c>, <c>INSERT</c>…).</summary>
    public static string Operation(string sql)
    {
        var i = 0;
        while (i < sql.Length && !char.IsLetter(sql[i]))
        {
            var end = Sql.SqlParameterScanner.SkipLiteralOrComment(sql, i);
            i = end == i ? i + 1 : end;
        }

        var start = i;
        while (i < sql.Length && char.IsLetter(sql[i]))
        {
            i++;
        }

        return i > start ? sql.Substring(start, Math.Min(i - start, 32)).ToUpperInvariant() : "STATEMENT";
    }
}
