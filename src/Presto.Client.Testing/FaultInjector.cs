using System;
using System.Collections.Generic;

namespace Presto.Testing;

/// <summary>
/// Deterministic fault injection of one <see cref="PrestoTestServer"/>: transport faults for the next matching requests and
/// Presto errors for the next matching queries. Probabilistic faults draw from a random source seeded by
/// <see cref="PrestoTestServerOptions.Seed"/>, so the same schedule replays the same way.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<Entry<HttpFault>> _http = [];
    private readonly List<Entry<QueryFault>> _queries = [];
    private Random _random;

    internal FaultInjector(int seed) => _random = new Random(seed);

    /// <summary>Adds a transport fault.</summary>
    public FaultInjector Http(HttpFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Times == 0)
        {
            // Applies to no request/query; kept out of the list, where a count of 0 would never run out.
            return this;
        }

        lock (_gate)
        {
            _http.Add(new Entry<HttpFault>(fault, fault.Times));
        }

        return this;
    }

    /// <summary>Answers the next <paramref name="times"/> requests of a kind with <paramref name="statusCode"/> (429, 502, 503, 504...).</summary>
    public FaultInjector FailRequests(RequestKind on, int statusCode, int times = 1, TimeSpan? retryAfter = null) =>
        Http(new HttpFault { On = on, Kind = HttpFaultKind.Status, StatusCode = statusCode, Times = times, RetryAfter = retryAfter });

    /// <summary>Adds a query fault.</summary>
    public FaultInjector FailQuery(QueryFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Times == 0)
        {
            // Applies to no request/query; kept out of the list, where a count of 0 would never run out.
            return this;
        }

        lock (_gate)
        {
            _queries.Add(new Entry<QueryFault>(fault, fault.Times));
        }

        return this;
    }

    /// <summary>Removes every pending fault and reseeds the random source.</summary>
    public void Clear(int? seed = null)
    {
        lock (_gate)
        {
            _http.Clear();
            _queries.Clear();
            if (seed is { } s)
            {
                _random = new Random(s);
            }
        }
    }

    /// <summary>Number of faults that still have requests or queries left to hit.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _http.Count + _queries.Count;
            }
        }
    }

    internal HttpFault? TakeHttp(RequestKind kind, string pathAndQuery)
    {
        lock (_gate)
        {
            return Take(_http, f => (f.On == RequestKind.Any || f.On == kind) && (f.PathMatch?.Invoke(pathAndQuery) ?? true), f => f.Probability);
        }
    }

    internal QueryFault? TakeQuery(string sql)
    {
        lock (_gate)
        {
            return Take(_queries, f => f.Match?.Invoke(sql) ?? true, f => f.Probability);
        }
    }

    private T? Take<T>(List<Entry<T>> entries, Func<T, bool> matches, Func<T, double> probability)
        where T : class
    {
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!matches(entry.Fault))
            {
                continue;
            }

            double p = probability(entry.Fault);
            if (p < 1.0 && _random.NextDouble() >= p)
            {
                continue;
            }

            if (entry.Remaining > 0 && --entry.Remaining == 0)
            {
                entries.RemoveAt(i);
            }

            return entry.Fault;
        }

        return null;
    }

    private sealed class Entry<T>(T fault, int remaining)
    {
        public T Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }
}
