using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using Presto.Testing.Engine;
using Presto.Testing.Execution;
using Presto.Testing.Spooling;

namespace Presto.Testing.Server;

/// <summary>Everything a server instance keeps across restarts of its listener: queries, scripts, faults, engine and node state.</summary>
internal sealed class ServerContext : IDisposable
{
    private readonly ConcurrentDictionary<string, Query> _queries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<(Func<string, bool> Match, ScriptedResult Result)> _scripts = [];
    private readonly Lazy<SqlEngine> _engine = new(() => new SqlEngine(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _coordinatorId;
    private int _queryCounter;

    public ServerContext(PrestoTestServerOptions options)
    {
        Options = options;
        Faults = new FaultInjector(options.Seed);
        Sessions = new SessionStatements(options.Dialect);
        NodeVersion = options.NodeVersion ?? (options.Dialect == ServerDialect.Trino ? "480" : "0.300");
        // Like a real coordinator: a random 5-character suffix per instance, so ids never collide across servers.
        _coordinatorId = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 5);
        NodeId = "node-" + Guid.NewGuid().ToString("N")[..12];
        Auth = new AuthEndpoints(this);
    }

    public AuthEndpoints Auth { get; }

    /// <summary>Spooled segments not acknowledged yet (spooling mode).</summary>
    public SegmentStore Segments { get; } = new();

    public PrestoTestServerOptions Options { get; }

    public ServerDialect Dialect => Options.Dialect;

    public FaultInjector Faults { get; }

    public SessionStatements Sessions { get; }

    public string NodeVersion { get; }

    public string NodeId { get; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public volatile ServerState State;

    public volatile bool Starting;

    public volatile bool QueueFull;

    public SqlEngine Engine => _engine.Value;

    public IEnumerable<Query> Queries => _queries.Values;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public Query CreateQuery(string sql, RequestSession session)
    {
        int n = Interlocked.Increment(ref _queryCounter);
        string id = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd_HHmmss}_{n:D5}_{_coordinatorId}");
        var query = new Query(this, id, sql, session, Faults.TakeQuery(sql));
        _queries[id] = query;
        return query;
    }

    public Query? FindQuery(string id) => _queries.TryGetValue(id, out var q) ? q : null;

    public IDisposable AddScript(Func<string, bool> match, ScriptedResult result)
    {
        var entry = (match, result);
        lock (_scripts)
        {
            _scripts.Add(entry);
        }

        return new Unregister(() =>
        {
            lock (_scripts)
            {
                _scripts.Remove(entry);
            }
        });
    }

    /// <summary>The most recently registered script whose predicate accepts the SQL.</summary>
    public ScriptedResult? FindScript(string sql)
    {
        lock (_scripts)
        {
            for (int i = _scripts.Count - 1; i >= 0; i--)
            {
                if (_scripts[i].Match(sql))
                {
                    return _scripts[i].Result;
                }
            }
        }

        return null;
    }

    public void Record(RecordedRequest request)
    {
        if (Options.RecordRequests)
        {
            _requests.Enqueue(request);
        }
    }

    public void ClearRequests() => _requests.Clear();

    public ServerLoad Load
    {
        get
        {
            int running = 0, queued = 0;
            foreach (var q in _queries.Values)
            {
                if (q.IsDone)
                {
                    continue;
                }

                if (q.Dispatched)
                {
                    running++;
                }
                else
                {
                    queued++;
                }
            }

            return new ServerLoad(running, queued);
        }
    }

    /// <summary>Fails every query that nobody polled within the abandon timeout, as Trino's query tracker does.</summary>
    public void SweepAbandoned()
    {
        try
        {
            SweepAbandonedCore();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A timer callback must never take the test process down; the next sweep tries again.
        }
    }

    private void SweepAbandonedCore()
    {
        long now = Environment.TickCount64;
        long limit = (long)Options.AbandonedQueryTimeout.TotalMilliseconds;
        foreach (var q in _queries.Values.Where(q => !q.IsDone && now - q.LastAccessTicks > limit))
        {
            q.Abandon();
        }

        // Like Trino's query.min-expire-age: forget finished queries after the retention period.
        long retention = (long)Options.QueryRetention.TotalMilliseconds;
        foreach (var q in _queries.Values.Where(q => q.IsDone && now - q.LastAccessTicks > retention))
        {
            // Not disposed: a request may still hold it; its rows are already closed and the rest is garbage-collected.
            _queries.TryRemove(q.Id, out _);
        }
    }

    public void Dispose()
    {
        foreach (var q in _queries.Values)
        {
            q.Dispose();
        }

        if (_engine.IsValueCreated)
        {
            _engine.Value.Dispose();
        }
    }

    private sealed class Unregister(Action action) : IDisposable
    {
        private Action? _action = action;

        public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
    }
}
