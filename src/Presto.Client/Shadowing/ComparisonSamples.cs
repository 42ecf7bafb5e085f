using System;
using System.Collections.Generic;

namespace Presto.Shadowing;

/// <summary>The measured runs of one query on one endpoint, summarized into a <see cref="PrestoComparisonSide"/>.</summary>
internal sealed class ComparisonSamples
{
    private readonly List<TimeSpan> _latencies = new();
    private readonly List<long> _processedRows = new();
    private readonly List<long> _processedBytes = new();
    private readonly List<string> _errors = new();
    private int _runs;
    private long _rows;
    private ulong? _checksum;
    private bool _consistent = true;

    public void Add(DrainResult result)
    {
        _runs++;
        if (!result.Succeeded)
        {
            var name = QueryDrain.ErrorName(result.Failure, result.TimedOut) ?? "Unknown";
            if (!_errors.Contains(name))
            {
                _errors.Add(name);
            }

            return;
        }

        if (_checksum is { } previous && (previous != result.Checksum || _rows != result.Rows))
        {
            _consistent = false;
        }

        _checksum = result.Checksum;
        _rows = result.Rows;
        _latencies.Add(result.Elapsed);
        _processedRows.Add(result.ProcessedRows);
        _processedBytes.Add(result.ProcessedBytes);
    }

    public PrestoComparisonSide Summarize()
    {
        _latencies.Sort();
        _processedRows.Sort();
        _processedBytes.Sort();
        var n = _latencies.Count;
        return new PrestoComparisonSide(
            _runs,
            _runs - n,
            _errors.AsReadOnly(),
            n == 0 ? TimeSpan.Zero : Median(_latencies),
            n == 0 ? TimeSpan.Zero : _latencies[NearestRank(n, 0.95)],
            n == 0 ? TimeSpan.Zero : _latencies[0],
            n == 0 ? TimeSpan.Zero : _latencies[n - 1],
            _rows,
            _checksum,
            _consistent,
            n == 0 ? 0 : _processedRows[n / 2],
            n == 0 ? 0 : _processedBytes[n / 2]);
    }

    /// <summary>The index of the <paramref name="percentile"/> of <paramref name="count"/> sorted values by the nearest-rank method.</summary>
    internal static int NearestRank(int count, double percentile) => Math.Max(0, (int)Math.Ceiling(percentile * count) - 1);

    private static TimeSpan Median(List<TimeSpan> sorted)
    {
        var n = sorted.Count;
        return (n & 1) == 1 ? sorted[n / 2] : TimeSpan.FromTicks((sorted[(n / 2) - 1].Ticks + sorted[n / 2].Ticks) / 2);
    }
}
