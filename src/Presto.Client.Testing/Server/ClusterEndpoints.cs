using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Presto.Testing.Server;

/// <summary>
/// Node and cluster endpoints: <c>/v1/info</c>, <c>/v1/info/state</c>, <c>/v1/status</c>, <c>/v1/query[/{id}]</c>,
/// <c>/v1/node</c>, and the load figures of <c>/v1/cluster</c> (PrestoDB) and <c>/ui/api/stats</c> (Trino UI).
/// </summary>
internal sealed class ClusterEndpoints(ServerContext server)
{
    public async Task<bool> TryHandleAsync(HttpContext ctx, string path, string method, string body)
    {
        switch (path, method)
        {
            case ("/v1/info", "GET"):
                await WriteJsonAsync(ctx, w =>
                {
                    w.WriteStartObject();
                    WriteNodeVersion(w);
                    w.WriteString("environment", server.Options.Environment);
                    w.WriteBoolean("coordinator", true);
                    w.WriteBoolean("starting", server.Starting);
                    w.WriteString("uptime", Uptime());
                    w.WriteEndObject();
                }).ConfigureAwait(false);
                return true;
            case ("/v1/info/state", "GET"):
                await WriteJsonAsync(ctx, w => w.WriteStringValue(StateName(server.State))).ConfigureAwait(false);
                return true;
            case ("/v1/info/state", "PUT"):
                await PutStateAsync(ctx, body).ConfigureAwait(false);
                return true;
            case ("/v1/status", "GET"):
                await WriteJsonAsync(ctx, WriteStatus).ConfigureAwait(false);
                return true;
            case ("/v1/node", "GET"):
                await WriteJsonAsync(ctx, w =>
                {
                    w.WriteStartArray();
                    w.WriteStartObject();
                    w.WriteString("uri", RequestHandler.BaseUri(ctx));
                    w.WriteNumber("recentRequests", 120.0);
                    w.WriteNumber("recentFailures", 0.0);
                    w.WriteNumber("recentSuccesses", 120.0);
                    w.WriteString("lastRequestTime", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                    w.WriteString("lastResponseTime", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                    w.WriteString("age", Uptime());
                    w.WriteNumber("recentFailureRatio", 0.0);
                    w.WriteEndObject();
                    w.WriteEndArray();
                }).ConfigureAwait(false);
                return true;
            case ("/v1/cluster" or "/ui/api/stats", "GET"):
                await WriteJsonAsync(ctx, WriteClusterStats).ConfigureAwait(false);
                return true;
            case ("/v1/query", "GET"):
                await WriteJsonAsync(ctx, w =>
                {
                    w.WriteStartArray();
                    foreach (var q in server.Queries.OrderBy(q => q.Created))
                    {
                        WriteQueryInfo(w, ctx, q, detailed: false);
                    }

                    w.WriteEndArray();
                }).ConfigureAwait(false);
                return true;
        }

        if (path.StartsWith("/v1/query/", StringComparison.Ordinal))
        {
            string id = path["/v1/query/".Length..];
            var query = server.FindQuery(id);
            if (query is null)
            {
                await RequestHandler.WriteTextAsync(ctx, 404, "Query not found").ConfigureAwait(false);
                return true;
            }

            if (method == "GET")
            {
                await WriteJsonAsync(ctx, w => WriteQueryInfo(w, ctx, query, detailed: true)).ConfigureAwait(false);
                return true;
            }

            if (method == "DELETE")
            {
                await query.Gate.WaitAsync(ctx.RequestAborted).ConfigureAwait(false);
                try
                {
                    query.Cancel();
                }
                finally
                {
                    query.Gate.Release();
                }

                ctx.Response.StatusCode = 204;
                return true;
            }
        }

        return false;
    }

    private async Task PutStateAsync(HttpContext ctx, string body)
    {
        string? requested;
        try
        {
            requested = JsonSerializer.Deserialize<string>(body);
        }
        catch (JsonException)
        {
            requested = null;
        }

        ServerState? state = requested switch
        {
            "ACTIVE" => ServerState.Active,
            "SHUTTING_DOWN" => ServerState.ShuttingDown,
            "INACTIVE" => ServerState.Inactive,
            _ => null,
        };
        if (state is null)
        {
            await RequestHandler.WriteTextAsync(ctx, 400, "Invalid state transition: " + (requested ?? body)).ConfigureAwait(false);
            return;
        }

        server.State = state.Value;
        ctx.Response.StatusCode = 200;
    }

    private void WriteNodeVersion(Utf8JsonWriter w)
    {
        w.WriteStartObject("nodeVersion");
        w.WriteString("version", server.NodeVersion);
        w.WriteEndObject();
    }

    private void WriteStatus(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("nodeId", server.NodeId);
        WriteNodeVersion(w);
        w.WriteString("environment", server.Options.Environment);
        w.WriteBoolean("coordinator", true);
        w.WriteString("uptime", Uptime());
        w.WriteString("externalAddress", "127.0.0.1");
        w.WriteString("internalAddress", "127.0.0.1");
        w.WriteNumber("processors", Environment.ProcessorCount);
        w.WriteNumber("processCpuLoad", 0.0);
        w.WriteNumber("systemCpuLoad", 0.0);
        w.WriteNumber("heapUsed", GC.GetTotalMemory(false));
        w.WriteNumber("heapAvailable", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        w.WriteNumber("nonHeapUsed", 0);
        w.WriteEndObject();
    }

    private void WriteClusterStats(Utf8JsonWriter w)
    {
        var load = server.Load;
        w.WriteStartObject();
        w.WriteNumber("runningQueries", load.RunningQueries);
        w.WriteNumber("blockedQueries", 0);
        w.WriteNumber("queuedQueries", load.QueuedQueries);
        w.WriteNumber("activeCoordinators", 1);
        w.WriteNumber("activeWorkers", server.State == ServerState.Active ? 1 : 0);
        w.WriteNumber("runningDrivers", load.RunningQueries * 2);
        w.WriteNumber("totalAvailableProcessors", Environment.ProcessorCount);
        w.WriteNumber("reservedMemory", 0.0);
        w.WriteNumber("totalInputRows", server.Queries.Sum(q => q.RowsServed));
        w.WriteNumber("totalInputBytes", server.Queries.Sum(q => q.BytesServed));
        w.WriteNumber("totalCpuTimeSecs", server.Queries.Sum(q => q.CpuMillis) / 1000);
        w.WriteEndObject();
    }

    private void WriteQueryInfo(Utf8JsonWriter w, HttpContext ctx, Query q, bool detailed)
    {
        w.WriteStartObject();
        w.WriteString("queryId", q.Id);
        w.WriteStartObject("session");
        w.WriteString("queryId", q.Id);
        w.WriteString("user", q.Session.User);
        if (q.Session.Source is { } source)
        {
            w.WriteString("source", source);
        }

        if (q.Session.Catalog is { } catalog)
        {
            w.WriteString("catalog", catalog);
        }

        if (q.Session.Schema is { } schema)
        {
            w.WriteString("schema", schema);
        }

        w.WriteStartArray("clientTags");
        foreach (string tag in q.Session.ClientTags)
        {
            w.WriteStringValue(tag);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("state", q.State);
        w.WriteBoolean("scheduled", q.Dispatched);
        w.WriteString("self", RequestHandler.BaseUri(ctx) + "/v1/query/" + q.Id);
        w.WriteString("query", q.Sql);
        w.WriteStartObject("queryStats");
        w.WriteString("createTime", q.Created.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("elapsedTime", Duration(q.Elapsed));
        w.WriteString("queuedTime", Duration(q.QueuedTime));
        w.WriteNumber("totalDrivers", q.TotalSplits);
        w.WriteNumber("completedDrivers", q.CompletedSplits);
        w.WriteNumber("processedInputPositions", q.RowsServed);
        w.WriteNumber("processedInputDataSize", q.BytesServed);
        w.WriteNumber("peakUserMemoryReservation", q.PeakMemoryBytes);
        w.WriteNumber("totalCpuTime", q.CpuMillis);
        w.WriteEndObject();
        if (q.UpdateType is { } updateType)
        {
            w.WriteString("updateType", updateType);
        }

        if (q.Error is { } error)
        {
            w.WriteString("errorType", error.ErrorType);
            w.WriteStartObject("errorCode");
            w.WriteNumber("code", error.ErrorCode);
            w.WriteString("name", error.ErrorName);
            w.WriteString("type", error.ErrorType);
            w.WriteEndObject();
            if (detailed)
            {
                w.WriteStartObject("failureInfo");
                w.WriteString("type", error.ExceptionType);
                w.WriteString("message", error.Message);
                w.WriteEndObject();
            }
        }

        if (detailed)
        {
            w.WriteBoolean("finalQueryInfo", q.IsDone);
            w.WriteNumber("outputRows", q.RowsServed);
        }

        w.WriteEndObject();
    }

    private string Uptime() => Duration(DateTimeOffset.UtcNow - server.StartedAt);

    /// <summary>airlift <c>Duration</c> text: the value in the largest unit that keeps it at least 1, two decimals.</summary>
    private static string Duration(TimeSpan span)
    {
        double ms = span.TotalMilliseconds;
        return ms switch
        {
            < 1000 => ms.ToString("0.00", CultureInfo.InvariantCulture) + "ms",
            < 60_000 => span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s",
            < 3_600_000 => span.TotalMinutes.ToString("0.00", CultureInfo.InvariantCulture) + "m",
            < 86_400_000 => span.TotalHours.ToString("0.00", CultureInfo.InvariantCulture) + "h",
            _ => span.TotalDays.ToString("0.00", CultureInfo.InvariantCulture) + "d",
        };
    }

    private static string StateName(ServerState state) => state switch
    {
        ServerState.ShuttingDown => "SHUTTING_DOWN",
        ServerState.Inactive => "INACTIVE",
        _ => "ACTIVE",
    };

    internal static async Task WriteJsonAsync(HttpContext ctx, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, ServerJson.Options))
        {
            write(w);
        }

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = buffer.WrittenCount;
        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
    }
}
