using System;
using Presto.Protocol;

namespace Presto;

/// <summary>The server's statistics of a finished query.</summary>
public sealed class PrestoQueryStats
{
    internal PrestoQueryStats(QueryStatus status)
    {
        State = status.State ?? "FINISHED";
        Elapsed = TimeSpan.FromMilliseconds(status.ElapsedTimeMillis);
        Queued = TimeSpan.FromMilliseconds(status.QueuedTimeMillis);
        Cpu = TimeSpan.FromMilliseconds(status.CpuTimeMillis);
        Wall = TimeSpan.FromMilliseconds(status.WallTimeMillis);
        ProcessedRows = status.ProcessedRows;
        ProcessedBytes = status.ProcessedBytes;
        PeakMemoryBytes = status.PeakMemoryBytes;
        Nodes = status.Nodes;
        TotalSplits = status.TotalSplits;
        CompletedSplits = status.CompletedSplits;
    }

    /// <summary>The final state.</summary>
    public string State { get; }

    /// <summary>Time from creation to the end.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Time spent queued.</summary>
    public TimeSpan Queued { get; }

    /// <summary>CPU time over all workers.</summary>
    public TimeSpan Cpu { get; }

    /// <summary>Wall time over all tasks.</summary>
    public TimeSpan Wall { get; }

    /// <summary>Rows read from sources.</summary>
    public long ProcessedRows { get; }

    /// <summary>Bytes read from sources.</summary>
    public long ProcessedBytes { get; }

    /// <summary>Peak memory.</summary>
    public long PeakMemoryBytes { get; }

    /// <summary>Nodes that took part.</summary>
    public int Nodes { get; }

    /// <summary>Splits in all.</summary>
    public int TotalSplits { get; }

    /// <summary>Splits completed.</summary>
    public int CompletedSplits { get; }
}
