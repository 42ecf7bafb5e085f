using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Presto;

/// <summary>What <see cref="PrestoClusterComparer"/> runs: two endpoints, the queries, repetitions and warm-up.</summary>
public sealed class PrestoComparisonOptions
{
    private int _repetitions = 5;
    private int _warmup = 1;
    private TimeSpan _timeout = TimeSpan.FromMinutes(5);

    /// <summary>The connection string of the baseline (e.g. the current version); its first server is measured.</summary>
    public string BaselineConnectionString { get; set; } = string.Empty;

    /// <summary>The connection string of the candidate (e.g. the upgraded version); its first server is measured.</summary>
    public string CandidateConnectionString { get; set; } = string.Empty;

    /// <summary>The baseline's name in reports. Default <c>baseline</c>.</summary>
    public string BaselineName { get; set; } = "baseline";

    /// <summary>The candidate's name in reports. Default <c>candidate</c>.</summary>
    public string CandidateName { get; set; } = "candidate";

    /// <summary>The queries, run in this order in every round.</summary>
    public IList<PrestoComparisonQuery> Queries { get; } = new List<PrestoComparisonQuery>();

    /// <summary>Measured rounds: each runs every query once on each endpoint. Default 5.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int Repetitions
    {
        get => _repetitions;
        set => _repetitions = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "At least one repetition.");
    }

    /// <summary>Rounds run first and not measured (caches, JIT, connection set-up). Default 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int WarmupRepetitions
    {
        get => _warmup;
        set => _warmup = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Warm-up rounds are 0 or more.");
    }

    /// <summary>A limit on each run; a run that exceeds it is cancelled on its server and counted as a failure. Default 5 minutes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan QueryTimeout
    {
        get => _timeout;
        set => _timeout = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "A query timeout is positive.");
    }

    /// <summary>Logging of the two engines (category <c>Presto.Client</c>).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
