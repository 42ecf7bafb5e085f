namespace Presto.Protocol;

/// <summary>The parts of <c>stats</c> the client keeps from the latest response.</summary>
internal sealed class QueryStatus
{
    public string? State { get; set; }

    public bool Scheduled { get; set; }

    public double? ProgressPercentage { get; set; }

    public long ElapsedTimeMillis { get; set; }

    public long QueuedTimeMillis { get; set; }

    public long CpuTimeMillis { get; set; }

    public long ProcessedRows { get; set; }

    public long ProcessedBytes { get; set; }

    public long PeakMemoryBytes { get; set; }

    public int Nodes { get; set; }

    public int TotalSplits { get; set; }

    public int CompletedSplits { get; set; }

    public int QueuedSplits { get; set; }

    public int RunningSplits { get; set; }

    public long WallTimeMillis { get; set; }
}
