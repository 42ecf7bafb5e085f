using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Presto.Testing;
using Xunit.Abstractions;

namespace Presto.ReliabilityTests;

/// <summary>
/// Three embedded clusters behind one data source, a concurrent query load, and a seeded chaos schedule: every transport
/// fault kind of the server (statuses, resets, cut and truncated bodies, non-JSON and empty bodies, slow answers, hostile
/// bodies), query failures at every point, cluster restarts, shutdowns, full queues and drains. Every query is checked
/// against the invariants of docs/reliability.md, and the process is checked for leaks afterwards.
/// </summary>
/// <remarks>
/// <c>PRESTO_CHAOS_QUERIES</c> sets the number of queries (default 1,000); <c>PRESTO_CHAOS_SEED</c> replays a schedule.
/// </remarks>
[Collection(nameof(Isolated))]
public sealed class ChaosSoakTests(ITestOutputHelper output)
{
    private const int Workers = 8;
    private const string Reads = "SELECT nationkey, name FROM tpch.tiny.nation ORDER BY nationkey";
    private const string Pages = "SELECT orderkey FROM tpch.tiny.orders WHERE orderkey <= 3000 ORDER BY orderkey";

    private static readonly string[] InfrastructureErrors =
    [
        "REMOTE_TASK_ERROR", "PAGE_TRANSPORT_TIMEOUT", "REMOTE_HOST_GONE", "QUERY_QUEUE_FULL", "SERVER_STARTING_UP",
        "SERVER_SHUTTING_DOWN", "CLUSTER_OUT_OF_MEMORY", "EXCEEDED_TIME_LIMIT", "GENERIC_INTERNAL_ERROR", "HIVE_CANNOT_OPEN_SPLIT",
    ];

    private static readonly int[] Statuses = [429, 502, 503, 504];

    /// <summary>Requests a transport fault hits: polls most, then submissions, cancels, and anything (health probes included).</summary>
    private static readonly RequestKind[] Targets = [RequestKind.Get, RequestKind.Get, RequestKind.Post, RequestKind.Delete, RequestKind.Any];

    private enum Kind
    {
        Read,
        PagedRead,
        Write,
        UserError,
        Cancelled,
    }

    [Fact]
    public async Task Concurrent_queries_under_seeded_chaos_across_three_clusters_keep_every_invariant()
    {
        int total = int.TryParse(Environment.GetEnvironmentVariable("PRESTO_CHAOS_QUERIES"), CultureInfo.InvariantCulture, out var n) ? n : 1_000;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("PRESTO_CHAOS_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20261121;
        await (await Reliability.StartAsync()).DisposeAsync();
        var process = Process.GetCurrentProcess();
        var before = Snapshot(process);
        await WithClustersAsync(total, seed);

        // Everything (clusters, data source, connections, queries) is gone: what remains is a leak.
        await Task.Delay(1000);
        var after = Snapshot(process);
        output.WriteLine(FormattableString.Invariant(
            $"leak check: threads {before.Threads} -> {after.Threads}, handles {before.Handles} -> {after.Handles}, managed heap {before.Heap / 1048576.0:0.0} -> {after.Heap / 1048576.0:0.0} MB, peak working set {process.PeakWorkingSet64 / 1048576.0:0} MB"));
        Assert.True(after.Handles - before.Handles < 100, $"handles {before.Handles} -> {after.Handles}");
        Assert.True(after.Threads - before.Threads < 64, $"threads {before.Threads} -> {after.Threads}");
        Assert.True(after.Heap - before.Heap < 16L * 1024 * 1024, $"heap {before.Heap:N0} -> {after.Heap:N0}");
    }

    /// <summary>Starts the three clusters, runs the soak, stops them (their state is unreachable once this returns).</summary>
    private async Task WithClustersAsync(int total, int seed)
    {
        var servers = new PrestoTestServer[3];
        for (int i = 0; i < servers.Length; i++)
        {
            int serverSeed = seed + i;
            servers[i] = await Reliability.StartAsync(o =>
            {
                o.TargetResultSizeBytes = 4096;
                o.Seed = serverSeed;
                o.QueryRetention = TimeSpan.FromHours(1);
            });
        }

        try
        {
            await RunAsync(servers, total, seed);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private async Task RunAsync(PrestoTestServer[] servers, int total, int seed)
    {
        foreach (var server in servers)
        {
            await using var setup = new PrestoConnection(Reliability.ConnectionString(string.Empty, server));
            await setup.OpenAsync();
            await using var create = new PrestoCommand("CREATE TABLE memory.default.chaos (id bigint)", setup);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new PrestoDataSourceBuilder(Reliability.ConnectionString(
            "RoutingStrategy=RoundRobin;RetryDelayMs=0;RequestTimeout=3;MaxQueryAttempts=3;HealthCheckInterval=0.5", servers));
        builder.ConfigureRetry(o => o.Budget = PrestoRetryBudget.Unlimited);
        var cancelAttempts = new CancelAttempts();
        builder.UseLoggerFactory(cancelAttempts);
        var dataSource = builder.Build();
        var expectedReads = await ExpectedAsync(dataSource, Reads);
        var expectedPages = await ExpectedAsync(dataSource, Pages);
        Assert.Equal(25, expectedReads.Count);

        var stats = new ConcurrentDictionary<string, int>();
        var results = new ConcurrentBag<Outcome>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var restarts = new ConcurrentBag<(PrestoTestServer Server, DateTimeOffset Down, DateTimeOffset Up)>();
        var monkey = Task.Run(() => ChaosMonkeyAsync(servers, dataSource, new Random(seed), stats, restarts, stop.Token));
        int next = -1;
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                results.Add(await RunOneAsync(dataSource, servers, i, new Random(seed ^ (i * 7919)), stats));
            }
        })).ToArray();
        await Reliability.WithinAsync(Task.WhenAll(workers), TimeSpan.FromMinutes(30), "the soak");
        stop.Cancel();
        await monkey;
        var duration = clock.Elapsed;

        // Calm: faults cleared, every cluster listening and active, then the checks that need the servers.
        foreach (var server in servers)
        {
            server.Faults.Clear();
            server.State = ServerState.Active;
            server.QueueFull = false;
            if (!server.IsListening)
            {
                await server.StartListeningAsync();
            }
        }

        foreach (var cluster in dataSource.Router.Clusters)
        {
            dataSource.Router.Activate(cluster.Name);
        }

        // Every query each cluster registered, by statement text (each statement's text is unique).
        var registeredBySql = servers
            .SelectMany((server, cluster) => server.Queries.Select(q => (Cluster: cluster, Query: q)))
            .ToLookup(x => x.Query.Sql, StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var outcome in results.OrderBy(o => o.Index))
        {
            Check(outcome, expectedReads, expectedPages, failures);
        }

        var written = await WrittenIdsAsync(servers);
        foreach (var outcome in results.Where(o => o.Kind == Kind.Write))
        {
            int dispatched = registeredBySql[outcome.Sql].Count(x => x.Query.Dispatched);
            int rows = written.GetValueOrDefault(outcome.Index);
            if (dispatched > 1 || rows != dispatched || (outcome.Failure is null && rows != 1))
            {
                failures.Add($"query {outcome.Index}: write dispatched {dispatched} times, {rows} rows, failure {outcome.Failure?.Message ?? "none"}");
            }
        }

        var bySql = results.ToDictionary(o => o.Sql);
        var (orphans, unreachable) = await OrphansAsync(
            servers,
            restarts,
            sql => bySql.TryGetValue(sql, out var o) ? $"{o.Label}: {o.Failure}" : "?",
            (sql, server) => bySql.TryGetValue(sql, out var o) && RefusedBy(o.Failure, server),
            cancelAttempts,
            failures);
        if (!await InFlightDrainedAsync(dataSource))
        {
            failures.Add("queries still counted in flight: " + string.Join(", ", dataSource.Router.Clusters.Select(c => $"{c.Name} {c.InFlight}")));
        }

        await dataSource.DisposeAsync();

        int submissions = servers.Sum(srv => srv.Submissions.Count);
        int registered = servers.Sum(srv => srv.Queries.Count);
        int resubmitted = results.Count(o => registeredBySql[o.Sql].Count() > 1);
        int failovers = results.Count(o => registeredBySql[o.Sql].Select(x => x.Cluster).Distinct().Count() > 1);
        var byOutcome = results.GroupBy(o => o.Label).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine(FormattableString.Invariant(
            $"{total} queries in {duration.TotalSeconds:0.0} s with {Workers} workers (seed {seed}); faults injected: {string.Join(", ", stats.OrderBy(p => p.Key).Select(p => p.Key + " " + p.Value))}"));
        output.WriteLine($"outcomes: {string.Join(", ", byOutcome)}");
        output.WriteLine(FormattableString.Invariant(
            $"POST requests {submissions}, server queries {registered}, statements submitted more than once {resubmitted}, statements that failed over to another cluster {failovers}, orphaned queries {orphans}, DELETE sent but lost (an injected fault, or a cluster down or restarting) {unreachable}"));

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(results.Count(o => o.Failure is null && o.Kind is Kind.Read or Kind.PagedRead) > total / 4, "most reads should succeed");
    }

    private static async Task<Outcome> RunOneAsync(PrestoDataSource dataSource, PrestoTestServer[] servers, int index, Random random, ConcurrentDictionary<string, int> stats)
    {
        int roll = random.Next(100);
        var kind = roll switch
        {
            < 45 => Kind.Read,
            < 65 => Kind.PagedRead,
            < 80 => Kind.Write,
            < 90 => Kind.UserError,
            _ => Kind.Cancelled,
        };
        string tag = $" /* chaos {index} */";
        string sql = kind switch
        {
            Kind.Read or Kind.Cancelled => Reads + tag,
            Kind.PagedRead => Pages + tag,
            Kind.Write => $"INSERT INTO memory.default.chaos VALUES ({index})" + tag,
            _ => (random.Next(2) == 0 ? "SELECT 1 / 0" : "SELEC 1") + tag,
        };
        if (random.Next(3) == 0)
        {
            // A query failure aimed at this statement, on one cluster or all of them.
            var fault = new QueryFault
            {
                ErrorName = InfrastructureErrors[random.Next(InfrastructureErrors.Length)],
                At = (FaultPoint)random.Next(3),
                AfterPages = 1 + random.Next(3),
                Match = text => text == sql,
                Times = 1 + random.Next(2),
            };
            foreach (var server in random.Next(3) == 0 ? servers : [servers[random.Next(servers.Length)]])
            {
                server.Faults.FailQuery(fault);
            }

            stats.AddOrUpdate("query " + fault.At, 1, (_, c) => c + 1);
        }

        var rows = new List<string>();
        using var cts = kind == Kind.Cancelled ? new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(1, 60))) : new CancellationTokenSource();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cts.Token);
            await using var command = new PrestoCommand(sql, connection);
            if (kind == Kind.Write)
            {
                int affected = await command.ExecuteNonQueryAsync(cts.Token);
                rows.Add(affected.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                await using var reader = await command.ExecuteReaderAsync(cts.Token);
                while (await reader.ReadAsync(cts.Token))
                {
                    rows.Add(reader.FieldCount == 1 ? reader.GetInt64(0).ToString(CultureInfo.InvariantCulture) : reader.GetInt64(0) + ":" + reader.GetString(1));
                }
            }

            return new Outcome(index, kind, sql, rows, null);
        }
        catch (Exception ex)
        {
            return new Outcome(index, kind, sql, rows, ex);
        }
    }

    private static void Check(Outcome outcome, List<string> reads, List<string> pages, List<string> failures)
    {
        string context = $"query {outcome.Index} ({outcome.Kind}): {outcome.Failure?.GetType().Name} {outcome.Failure?.Message}";
        var expected = outcome.Kind == Kind.PagedRead ? pages : reads;
        switch (outcome.Failure)
        {
            case null when outcome.Kind is Kind.Read or Kind.PagedRead or Kind.Cancelled:
                if (!outcome.Rows.SequenceEqual(expected))
                {
                    failures.Add($"{context}: complete with {outcome.Rows.Count} rows, not exactly the expected {expected.Count}");
                }

                break;
            case null when outcome.Kind == Kind.Write:
                if (outcome.Rows.Single() != "1")
                {
                    failures.Add($"{context}: {outcome.Rows.Single()} rows affected");
                }

                break;
            case null:
                failures.Add($"{context}: a user error succeeded");
                break;
            case OperationCanceledException when outcome.Kind == Kind.Cancelled:
                break;
            case PrestoException presto:
                if (presto.Classification is null && presto is not PrestoQueryException { ErrorType: PrestoErrorType.UserError })
                {
                    failures.Add($"{context}: no classification");
                }

                if (presto is PrestoQueryException { ErrorType: PrestoErrorType.UserError } && presto.Classification is { Decision: not PrestoRetryDecision.Never })
                {
                    failures.Add($"{context}: a user error classified {presto.Classification.Decision}");
                }

                if (outcome.Kind is Kind.Read or Kind.PagedRead or Kind.Cancelled && !outcome.Rows.SequenceEqual(expected.Take(outcome.Rows.Count)))
                {
                    failures.Add($"{context}: rows read before the failure are not a prefix of the result");
                }

                // A user error the client received ends the statement. (One it never saw — its answer cut by a transport
                // fault — may run again: the server's record alone proves nothing then.)
                var attempts = presto.AttemptHistory;
                int userError = attempts.ToList().FindIndex(a => a.Error is PrestoQueryException { ErrorType: PrestoErrorType.UserError });
                if (userError >= 0 && userError != attempts.Count - 1)
                {
                    failures.Add($"{context}: a user error was retried");
                }

                break;
            default:
                failures.Add($"{context}: not a PrestoException: {outcome.Failure}");
                break;
        }
    }

    /// <summary>
    /// Queries still running on a server that no client is reading and that got no DELETE. Counted apart, not as orphans: a
    /// query the client did send a DELETE for (its log says so) that an injected fault ate, and a query whose cluster was
    /// down or restarting when the client gave up (the DELETE could not reach it). The server's abandoned-query timeout
    /// ends those, as Trino's query.client.timeout does.
    /// </summary>
    private static async Task<(int Orphans, int Unreachable)> OrphansAsync(
        PrestoTestServer[] servers,
        IReadOnlyCollection<(PrestoTestServer Server, DateTimeOffset Down, DateTimeOffset Up)> restarts,
        Func<string, string> clientOutcome,
        Func<string, PrestoTestServer, bool> clientGaveUpOnRefusal,
        CancelAttempts cancelAttempts,
        List<string> failures)
    {
        // A DELETE is sent in the background after the failure reached the caller; give the last ones a moment.
        int orphans = 0;
        int unreachable = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        foreach (var server in servers)
        {
            while (true)
            {
                var deleted = server.Requests.Where(r => r.Method == "DELETE").Select(r => r.PathAndQuery).ToList();
                var running = server.Queries
                    .Where(q => q.State is not ("FINISHED" or "FAILED") && q.Dispatched && !deleted.Any(d => d.Contains(q.QueryId, StringComparison.Ordinal)))
                    .ToList();
                if (running.Count == 0 || DateTime.UtcNow > deadline)
                {
                    foreach (var query in running)
                    {
                        var last = server.Requests.Where(r => r.PathAndQuery.Contains(query.QueryId, StringComparison.Ordinal)).Max(r => r.Timestamp);
                        if (cancelAttempts.Contains(query.QueryId) || clientGaveUpOnRefusal(query.Sql, server) || restarts.Any(w => w.Server == server && last >= w.Down - TimeSpan.FromSeconds(4) && last <= w.Up))
                        {
                            unreachable++;
                        }
                        else
                        {
                            orphans++;
                            var trail = server.Requests
                                .Where(r => r.PathAndQuery.Contains(query.QueryId, StringComparison.Ordinal))
                                .Select(r => FormattableString.Invariant($"{r.Method} {r.StatusCode} {r.Timestamp:HH:mm:ss.fff}"));
                            failures.Add($"{server.BaseAddress}: query {query.QueryId} ({query.Sql}) left {query.State} without a DELETE, last request at {last:HH:mm:ss.fff} (requests: {string.Join(", ", trail)}); client: {clientOutcome(query.Sql)}; client events: {cancelAttempts.History(query.QueryId)}");
                        }
                    }

                    break;
                }

                await Task.Delay(100);
            }
        }

        return (orphans, unreachable);
    }

    /// <summary>
    /// Whether the client's failure was <paramref name="server"/> refusing connections: then its DELETE, sent to the same
    /// server, was refused too (the server was down or restarting), whatever the restart log's timing says.
    /// </summary>
    private static bool RefusedBy(Exception? failure, PrestoTestServer server)
    {
        if (failure is null || !failure.Message.Contains(server.BaseAddress.Authority, StringComparison.Ordinal))
        {
            return false;
        }

        for (var e = failure.InnerException; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    private static async Task ChaosMonkeyAsync(
        PrestoTestServer[] servers,
        PrestoDataSource dataSource,
        Random random,
        ConcurrentDictionary<string, int> stats,
        ConcurrentBag<(PrestoTestServer Server, DateTimeOffset Down, DateTimeOffset Up)> restarts,
        CancellationToken cancellationToken)
    {
        var kinds = Enum.GetValues<HttpFaultKind>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(random.Next(1, 12), cancellationToken);
                var server = servers[random.Next(servers.Length)];
                string name;
                int action = random.Next(100);
                if (action < 80)
                {
                    var kind = kinds[random.Next(kinds.Length)];
                    server.Faults.Http(Fault(kind, random));
                    name = kind.ToString();
                }
                // An action that takes a cluster away always gives it back and records its window, even when the soak ends
                // meanwhile (a cancelled delay used to leave a server stopped, unrecorded, with queries it could not be told
                // to cancel): its delays do not observe the soak's token.
                else if (action < 84)
                {
                    var down = DateTimeOffset.UtcNow;
                    await server.StopListeningAsync(CancellationToken.None);
                    await Task.Delay(random.Next(50, 300), CancellationToken.None);
                    await server.StartListeningAsync(CancellationToken.None);
                    restarts.Add((server, down, DateTimeOffset.UtcNow));
                    name = "restart";
                }
                else if (action < 88)
                {
                    server.State = ServerState.ShuttingDown;
                    await Task.Delay(random.Next(50, 300), CancellationToken.None);
                    server.State = ServerState.Active;
                    name = "shutting down";
                }
                else if (action < 92)
                {
                    server.QueueFull = true;
                    await Task.Delay(random.Next(20, 100), CancellationToken.None);
                    server.QueueFull = false;
                    name = "queue full";
                }
                else if (action < 96)
                {
                    var cluster = dataSource.Router.Clusters[random.Next(dataSource.Router.Clusters.Count)];
                    dataSource.Router.Drain(cluster.Name);
                    await Task.Delay(random.Next(50, 300), CancellationToken.None);
                    dataSource.Router.Activate(cluster.Name);
                    name = "drain";
                }
                else
                {
                    server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromMilliseconds(random.Next(50, 400)), Times = 5 });
                    name = "slow pages";
                }

                stats.AddOrUpdate(name, 1, (_, c) => c + 1);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static HttpFault Fault(HttpFaultKind kind, Random random)
    {
        var on = Targets[random.Next(Targets.Length)];
        return kind switch
        {
            HttpFaultKind.Status => new HttpFault { On = on, StatusCode = Statuses[random.Next(Statuses.Length)], Times = 1 + random.Next(2) },
            HttpFaultKind.Delay => new HttpFault { On = on, Kind = kind, Delay = TimeSpan.FromMilliseconds(random.Next(10, 200)) },
            HttpFaultKind.Hostile => new HttpFault
            {
                On = on,
                Kind = kind,
                Response = random.Next(2) == 0
                    ? new HostileResponse { Body = HostileBody.Text("[]") }
                    : new HostileResponse { Body = HostileBody.Text("{\"id\":\"x\",\"stats\":{\"state\":\"RUN"), BytesPerWrite = 8, WriteDelay = TimeSpan.FromMilliseconds(5) },
            },
            _ => new HttpFault { On = on, Kind = kind },
        };
    }

    private static async Task<List<string>> ExpectedAsync(PrestoDataSource dataSource, string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new PrestoCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.FieldCount == 1 ? reader.GetInt64(0).ToString(CultureInfo.InvariantCulture) : reader.GetInt64(0) + ":" + reader.GetString(1));
        }

        return rows;
    }

    /// <summary>Whether every cluster's in-flight count is back to 0 (the last cancels finish in the background).</summary>
    private static async Task<bool> InFlightDrainedAsync(PrestoDataSource dataSource)
    {
        for (int i = 0; i < 50; i++)
        {
            if (dataSource.Router.Clusters.All(c => c.InFlight == 0))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static async Task<Dictionary<int, int>> WrittenIdsAsync(PrestoTestServer[] servers)
    {
        var written = new Dictionary<int, int>();
        foreach (var server in servers)
        {
            await using var connection = new PrestoConnection(Reliability.ConnectionString(string.Empty, server));
            await connection.OpenAsync();
            await using var command = new PrestoCommand("SELECT id FROM memory.default.chaos", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                int id = (int)reader.GetInt64(0);
                written[id] = written.GetValueOrDefault(id) + 1;
            }
        }

        return written;
    }

    private static (int Threads, int Handles, long Heap) Snapshot(Process process)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        process.Refresh();
        return (process.Threads.Count, process.HandleCount, GC.GetTotalMemory(forceFullCollection: true));
    }

    private sealed record Outcome(int Index, Kind Kind, string Sql, List<string> Rows, Exception? Failure)
    {
        public string Label => Failure switch
        {
            null => "complete",
            OperationCanceledException => "cancelled",
            PrestoQueryException q => q.ErrorType == PrestoErrorType.UserError ? "user error" : "query error",
            PrestoProtocolException => "protocol error",
            PrestoException p => p.Classification?.StopReason?.ToString() ?? "failed",
            _ => "other " + Failure.GetType().Name,
        };
    }
}
