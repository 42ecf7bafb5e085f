using System;
using System.Text.Json;

namespace Presto.Testing.Server;

/// <summary>Writes <c>StatementStats</c> (with a root stage and one sub-stage) in each dialect's field set (PROTOCOL.md §5.4).</summary>
internal static class QueryStats
{
    public static void Write(Utf8JsonWriter w, Query q, ServerDialect dialect)
    {
        bool trino = dialect == ServerDialect.Trino;
        string state = q.State;
        bool queued = state is "QUEUED" or "WAITING_FOR_RESOURCES";
        bool done = state is "FINISHED" or "FAILED";
        long elapsed = (long)q.Elapsed.TotalMilliseconds;
        long queuedMillis = (long)q.QueuedTime.TotalMilliseconds;
        int total = q.Dispatched ? q.TotalSplits : 0;
        int completed = q.CompletedSplits;
        int running = q.Dispatched && !done ? Math.Min(2, total - completed) : 0;
        int queuedSplits = Math.Max(0, total - completed - running);
        long cpu = q.CpuMillis;
        long wall = Math.Max(cpu, elapsed - queuedMillis);

        w.WriteStartObject("stats");
        w.WriteString("state", state);
        w.WriteBoolean("queued", queued);
        w.WriteBoolean("scheduled", q.Dispatched && !queued);
        if (trino)
        {
            if (q.Dispatched)
            {
                w.WriteNumber("progressPercentage", total == 0 ? 0.0 : completed * 100.0 / total);
                w.WriteNumber("runningPercentage", total == 0 ? 0.0 : running * 100.0 / total);
            }
        }
        else
        {
            w.WriteBoolean("waitingForPrerequisites", false);
            if (q.Dispatched && total > 0)
            {
                w.WriteNumber("progressPercentage", completed * 100.0 / total);
            }
        }

        w.WriteNumber("nodes", q.Dispatched ? 1 : 0);
        w.WriteNumber("totalSplits", total);
        w.WriteNumber("queuedSplits", queuedSplits);
        w.WriteNumber("runningSplits", running);
        w.WriteNumber("completedSplits", completed);
        if (trino)
        {
            w.WriteNumber("planningTimeMillis", q.Dispatched ? 1 : 0);
            w.WriteNumber("analysisTimeMillis", q.Dispatched ? 1 : 0);
        }

        w.WriteNumber("cpuTimeMillis", cpu);
        w.WriteNumber("wallTimeMillis", wall);
        w.WriteNumber("queuedTimeMillis", queuedMillis);
        w.WriteNumber("elapsedTimeMillis", elapsed);
        if (trino)
        {
            w.WriteNumber("finishingTimeMillis", 0);
            w.WriteNumber("physicalInputTimeMillis", 0);
        }
        else
        {
            w.WriteNumber("waitingForPrerequisitesTimeMillis", 0);
        }

        w.WriteNumber("processedRows", q.RowsServed);
        w.WriteNumber("processedBytes", q.BytesServed);
        if (trino)
        {
            w.WriteNumber("physicalInputBytes", q.BytesServed);
            w.WriteNumber("physicalWrittenBytes", q.UpdateCount ?? 0);
            w.WriteNumber("internalNetworkInputBytes", 0);
        }

        w.WriteNumber("peakMemoryBytes", q.PeakMemoryBytes);
        if (!trino)
        {
            w.WriteNumber("peakTotalMemoryBytes", q.PeakMemoryBytes);
            w.WriteNumber("peakTaskTotalMemoryBytes", q.PeakMemoryBytes);
        }

        w.WriteNumber("spilledBytes", 0);
        if (q.Dispatched)
        {
            w.WritePropertyName("rootStage");
            WriteStage(w, trino, "0", state, done, total, completed, running, queuedSplits, cpu, wall, q, subStage: false);
        }

        w.WriteEndObject();
    }

    private static void WriteStage(Utf8JsonWriter w, bool trino, string id, string queryState, bool done, int total, int completed,
        int running, int queuedSplits, long cpu, long wall, Query q, bool subStage)
    {
        string stageState = queryState switch
        {
            "FINISHED" => "FINISHED",
            "FAILED" => "FAILED",
            "PLANNING" => "PLANNED",
            _ => "RUNNING",
        };
        w.WriteStartObject();
        w.WriteString("stageId", id);
        w.WriteString("state", stageState);
        w.WriteBoolean("done", done);
        w.WriteNumber("nodes", 1);
        w.WriteNumber("totalSplits", subStage ? total : 1);
        w.WriteNumber("queuedSplits", subStage ? queuedSplits : 0);
        w.WriteNumber("runningSplits", subStage ? running : (done ? 0 : 1));
        w.WriteNumber("completedSplits", subStage ? completed : (done ? 1 : 0));
        w.WriteNumber("cpuTimeMillis", subStage ? cpu : 0);
        w.WriteNumber("wallTimeMillis", subStage ? wall : 0);
        w.WriteNumber("processedRows", q.RowsServed);
        w.WriteNumber("processedBytes", q.BytesServed);
        if (trino)
        {
            w.WriteNumber("physicalInputBytes", subStage ? q.BytesServed : 0);
            w.WriteNumber("failedTasks", queryState == "FAILED" ? 1 : 0);
            w.WriteBoolean("coordinatorOnly", false);
        }

        w.WriteStartArray("subStages");
        if (!subStage)
        {
            WriteStage(w, trino, "1", queryState, done, total, completed, running, queuedSplits, cpu, wall, q, subStage: true);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
