using System;

namespace Presto.Resilience;

/// <summary>
/// The running count behind <see cref="PrestoRetryBudget"/>: first submissions and resubmissions in one-second buckets
/// over a sliding window. A resubmission is allowed while resubmissions in the window stay below
/// <c>MinRetriesPerSecond × window + Ratio × first submissions</c>. Thread-safe.
/// </summary>
internal sealed class RetryBudget
{
    private readonly PrestoRetryBudget _limits;
    private readonly TimeProvider _clock;
    private readonly long[] _firsts;
    private readonly long[] _retries;
    private readonly long[] _bucketSecond;
    private readonly object _gate = new();

    public RetryBudget(PrestoRetryBudget limits, TimeProvider clock)
    {
        _limits = limits;
        _clock = clock;
        var buckets = (int)Math.Ceiling(limits.Window.TotalSeconds);
        _firsts = new long[buckets];
        _retries = new long[buckets];
        _bucketSecond = new long[buckets];
        for (var i = 0; i < buckets; i++)
        {
            _bucketSecond[i] = long.MinValue;
        }
    }

    /// <summary>Counts a first submission (it earns <see cref="PrestoRetryBudget.Ratio"/> of a resubmission).</summary>
    public void RecordFirstSubmission()
    {
        lock (_gate)
        {
            _firsts[Bucket()]++;
        }
    }

    /// <summary>Takes one resubmission from the budget; <see langword="false"/> (nothing taken) when it is spent.</summary>
    public bool TryAcquire()
    {
        if (double.IsPositiveInfinity(_limits.MinRetriesPerSecond) || double.IsPositiveInfinity(_limits.Ratio))
        {
            return true;
        }

        lock (_gate)
        {
            var current = Bucket();
            long firsts = 0, retries = 0;
            for (var i = 0; i < _firsts.Length; i++)
            {
                firsts += _firsts[i];
                retries += _retries[i];
            }

            var allowed = (_limits.MinRetriesPerSecond * _firsts.Length) + (_limits.Ratio * firsts);
            if (retries + 1 > allowed)
            {
                return false;
            }

            _retries[current]++;
            return true;
        }
    }

    /// <summary>The bucket of the current second, emptied first when it last held an older second.</summary>
    private int Bucket()
    {
        var second = (long)Math.Floor(_clock.GetTimestamp() / (double)_clock.TimestampFrequency);
        var index = (int)(((second % _firsts.Length) + _firsts.Length) % _firsts.Length);
        if (_bucketSecond[index] != second)
        {
            _bucketSecond[index] = second;
            _firsts[index] = 0;
            _retries[index] = 0;
        }

        // Buckets not touched for a whole window hold seconds that have slid out of it.
        for (var i = 0; i < _firsts.Length; i++)
        {
            if (_bucketSecond[i] != long.MinValue && second - _bucketSecond[i] >= _firsts.Length)
            {
                _bucketSecond[i] = long.MinValue;
                _firsts[i] = 0;
                _retries[i] = 0;
            }
        }

        return index;
    }
}
