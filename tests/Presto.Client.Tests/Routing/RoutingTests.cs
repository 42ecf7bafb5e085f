using System.Collections.Concurrent;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Routing;

/// <summary>Routing across several embedded servers in one process: failover, health, draining, strategies, groups, stickiness, hedging.</summary>
public sealed class RoutingTests
{
    private const string ManyRows = "SELECT x FROM many";
    private const int Rows = 1_000;

    [Fact]
    public async Task A_dead_endpoint_costs_one_connection_attempt_then_no_query_tries_it_until_it_comes_back()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        await a.StopListeningAsync();
        var handler = new AuthorityCounter();
        await using var dataSource = Build(o => { }, handler, a, b);

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            Assert.Equal(Rows, await CountRowsAsync(connection));
            Assert.Equal(Rows, await CountRowsAsync(connection));
        }

        Assert.Equal(1, handler.Count(a));
        Assert.Equal(PrestoClusterHealth.Unhealthy, dataSource.Router["a"].Health);
        Assert.Equal(2, Executed(b));

        await a.StartListeningAsync();
        await dataSource.Router.ProbeAsync();
        Assert.Equal(PrestoClusterHealth.Healthy, dataSource.Router["a"].Health);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            Assert.Equal(Rows, await CountRowsAsync(connection));
        }

        Assert.Equal(1, Executed(a));
    }

    [Fact]
    public async Task A_plain_connection_with_several_servers_fails_over_from_a_closed_port()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        await a.StopListeningAsync();
        await using var connection = new PrestoConnection($"Server={a.BaseAddress},{b.BaseAddress};User=test;Dialect=Trino;RetryDelayMs=0;HealthCheckInterval=0");
        await connection.OpenAsync();

        Assert.Equal(Rows, await CountRowsAsync(connection));
        Assert.Equal(1, Executed(b));
    }

    [Fact]
    public async Task SERVER_SHUTTING_DOWN_drains_the_cluster_the_query_moves_and_a_running_query_finishes_there()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        await using var dataSource = Build(o => { }, null, a, b);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var second = await dataSource.OpenConnectionAsync();

        // A query already running on a keeps reading from a while a shuts down.
        await using var running = new PrestoCommand(ManyRows, second);
        await using var reader = await running.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        a.State = ServerState.ShuttingDown;

        Assert.Equal(Rows, await CountRowsAsync(connection));
        Assert.True(dataSource.Router["a"].IsShuttingDown);
        Assert.Equal(PrestoClusterState.Draining, dataSource.Router["a"].State);
        Assert.Single(a.Queries, q => q.ErrorName == "SERVER_SHUTTING_DOWN");
        Assert.Equal(1, Executed(b));

        var read = 1;
        while (await reader.ReadAsync())
        {
            read++;
        }

        Assert.Equal(Rows, read);
        Assert.Equal(Rows, await CountRowsAsync(connection));
        Assert.Equal(2, Executed(b));
        Assert.Equal(2, a.Queries.Count);
    }

    [Fact]
    public async Task A_probe_that_reads_SHUTTING_DOWN_drains_the_cluster_until_it_is_active_again()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        await using var dataSource = Build(o => { }, null, a, b);
        await using var connection = await dataSource.OpenConnectionAsync();

        a.State = ServerState.ShuttingDown;
        await dataSource.Router.ProbeAsync();
        Assert.Equal(PrestoClusterState.Draining, dataSource.Router["a"].State);
        Assert.Equal(Rows, await CountRowsAsync(connection));
        Assert.Empty(a.Queries);

        a.State = ServerState.Active;
        await dataSource.Router.ProbeAsync();
        Assert.Equal(PrestoClusterState.Active, dataSource.Router["a"].State);
        Assert.Equal(Rows, await CountRowsAsync(connection));
        Assert.Equal(1, Executed(a));
    }

    [Fact]
    public async Task Weighted_90_10_over_1000_queries_lands_within_3_points()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        await using var dataSource = Build(
            o =>
            {
                o.Strategy = PrestoRoutingStrategy.Weighted;
                o.Clusters[0].Weight = 90;
                o.Clusters[1].Weight = 10;
            },
            null,
            a,
            b);
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var i = 0; i < 1_000; i++)
        {
            await using var command = new PrestoCommand("SELECT 1", connection);
            Assert.Equal(1, await command.ExecuteScalarAsync());
        }

        var onA = a.Queries.Count(q => q.Sql == "SELECT 1");
        var onB = b.Queries.Count(q => q.Sql == "SELECT 1");
        Assert.Equal(1_000, onA + onB);
        Assert.InRange(onA, 870, 930);
    }

    [Fact]
    public async Task LeastLoaded_prefers_the_idle_cluster()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();

        // Another client keeps two queries running on a.
        await using var other = new PrestoConnection($"Server={a.BaseAddress};User=other;Dialect=Trino");
        await other.OpenAsync();
        await using var other2 = new PrestoConnection($"Server={a.BaseAddress};User=other;Dialect=Trino");
        await other2.OpenAsync();
        await using var busy1 = await new PrestoCommand(ManyRows, other).ExecuteReaderAsync();
        await using var busy2 = await new PrestoCommand(ManyRows, other2).ExecuteReaderAsync();
        Assert.True(await busy1.ReadAsync());
        Assert.True(await busy2.ReadAsync());

        await using var dataSource = Build(o => o.Strategy = PrestoRoutingStrategy.LeastLoaded, null, a, b);
        await dataSource.Router.ProbeAsync();
        Assert.Equal(2, dataSource.Router["a"].RunningQueries);
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Rows, await CountRowsAsync(connection));
        }

        Assert.Equal(3, Executed(b));
        Assert.Equal(2, a.Queries.Count);
    }

    [Fact]
    public async Task Routing_groups_choose_the_cluster_and_fall_back_to_the_default_group_unless_isolation_is_strict()
    {
        await using var adhoc = await StartAsync();
        await using var etl = await StartAsync();
        await using var general = await StartAsync();
        await using var dataSource = Build(
            o =>
            {
                o.Clusters[0].Groups.Add("adhoc");
                o.Clusters[1].Groups.Add("etl");
                o.GroupRules.Add(r => r.Source == "airflow" ? "etl" : null);
            },
            null,
            adhoc,
            etl,
            general);
        await using var connection = await dataSource.OpenConnectionAsync();

        Assert.Equal(1, await ScalarAsync(connection, "SELECT 1", "etl"));
        Assert.Equal(1, await ScalarAsync(connection, "SELECT 2", "adhoc"));
        Assert.Equal(1, await ScalarAsync(connection, "SELECT 3", null));
        Assert.Equal(1, await ScalarAsync(connection, "SELECT 4", "no-such-group"));
        dataSource.Router.Deactivate("b");
        Assert.Equal(1, await ScalarAsync(connection, "SELECT 5", "etl"));

        Assert.Equal(["SELECT 1"], Sqls(etl));
        Assert.Equal(["SELECT 2"], Sqls(adhoc));
        Assert.Equal(["SELECT 3", "SELECT 4", "SELECT 5"], Sqls(general).Where(s => s.StartsWith("SELECT", StringComparison.Ordinal)));

        await using var strict = Build(
            o =>
            {
                o.Clusters[0].Groups.Add("adhoc");
                o.Clusters[1].Groups.Add("etl");
                o.StrictGroupIsolation = true;
            },
            null,
            adhoc,
            etl,
            general);
        await using var strictConnection = await strict.OpenConnectionAsync();
        strict.Router.Deactivate("b");
        var error = await Assert.ThrowsAsync<PrestoException>(() => ScalarAsync(strictConnection, "SELECT 6", "etl"));
        Assert.Contains("'etl'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT 6", Sqls(general));
    }

    [Fact]
    public async Task Clusters_configured_in_code_need_no_Server_in_the_connection_string()
    {
        await using var blue = await StartAsync();
        await using var green = await StartAsync();
        var builder = new PrestoDataSourceBuilder("User=test;Dialect=Trino;HealthCheckInterval=0");
        builder.ConfigureRouting(o =>
        {
            o.Strategy = PrestoRoutingStrategy.Weighted;
            o.Clusters.Add(new PrestoClusterOptions("blue", blue.BaseAddress) { Weight = 0 });
            o.Clusters.Add(new PrestoClusterOptions("green", green.BaseAddress));
        });
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var command = new PrestoCommand("SELECT 7", connection))
        {
            Assert.Equal(7, await command.ExecuteScalarAsync());
        }

        Assert.Contains("SELECT 7", Sqls(green));
        Assert.DoesNotContain("SELECT 7", Sqls(blue));

        var error = Assert.Throws<ArgumentException>(() => new PrestoDataSourceBuilder("User=test").Build());
        Assert.Contains("'Server'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_is_one_routing_decision_opening_its_connection_is_none()
    {
        await using var blue = await StartAsync();
        await using var green = await StartAsync();
        using var logs = new CapturingLoggerFactory();
        var builder = new PrestoDataSourceBuilder("User=test;Dialect=Trino;HealthCheckInterval=0");
        builder.UseLoggerFactory(logs);
        builder.ConfigureRouting(o =>
        {
            o.Clusters.Add(new PrestoClusterOptions("blue", blue.BaseAddress));
            o.Clusters.Add(new PrestoClusterOptions("green", green.BaseAddress));
        });
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Id == 1201);

        await using (var command = new PrestoCommand("SELECT 8", connection))
        {
            Assert.Equal(8, await command.ExecuteScalarAsync());
        }

        var routed = Assert.Single(logs.Entries, e => e.EventId.Id == 1201);
        Assert.Contains("blue", routed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_and_a_client_tag_choose_the_group()
    {
        await using var adhoc = await StartAsync();
        await using var etl = await StartAsync();
        var builder = new PrestoDataSourceBuilder($"Server=http://unused:1;User=test;Dialect=Trino;RetryDelayMs=0;HealthCheckInterval=0;Source=airflow");
        builder.ConfigureRouting(o =>
        {
            o.Clusters.Add(Cluster("a", adhoc, "adhoc"));
            o.Clusters.Add(Cluster("b", etl, "etl"));
            o.GroupRules.Add(r => r.Source == "airflow" && r.StatementKind == PrestoStatementKind.Write ? "etl" : null);
        });
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new PrestoCommand("CREATE TABLE memory.default.routed (x bigint)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        Assert.Contains("CREATE TABLE memory.default.routed (x bigint)", Sqls(etl));

        var tagged = new PrestoDataSourceBuilder($"Server=http://unused:1;User=test;Dialect=Trino;HealthCheckInterval=0;ClientTags=adhoc,team-x");
        tagged.ConfigureRouting(o =>
        {
            o.Clusters.Add(Cluster("a", adhoc, "adhoc"));
            o.Clusters.Add(Cluster("b", etl, "etl"));
        });
        await using var taggedSource = tagged.Build();
        await using var taggedConnection = await taggedSource.OpenConnectionAsync();
        await using (var command = new PrestoCommand("SELECT 42", taggedConnection))
        {
            Assert.Equal(42, await command.ExecuteScalarAsync());
        }

        Assert.Contains("SELECT 42", Sqls(adhoc));
    }

    [Fact]
    public async Task A_started_query_never_moves()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        await using var dataSource = Build(o => { }, null, a, b);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new PrestoCommand(ManyRows, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        dataSource.Router.Deactivate("a");
        var read = 1;
        while (await reader.ReadAsync())
        {
            read++;
        }

        Assert.Equal(Rows, read);
        Assert.Equal(Rows, Assert.Single(a.Queries).RowsServed);
        Assert.DoesNotContain(b.Requests, r => r.PathAndQuery.StartsWith("/v1/statement", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_connection_inside_a_transaction_stays_on_its_cluster_and_says_so_when_it_goes_away()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        await using var dataSource = Build(o => o.Strategy = PrestoRoutingStrategy.RoundRobin, null, a, b);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var home = a.Queries.Any(q => q.Sql == "START TRANSACTION") ? a : b;
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(1, await ScalarAsync(connection, $"SELECT {i + 10}", null));
            }

            await transaction.CommitAsync();
            Assert.Equal(["START TRANSACTION", "SELECT 10", "SELECT 11", "SELECT 12", "SELECT 13", "COMMIT"], Sqls(home));
        }

        // Out of the transaction, round robin alternates again.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(1, await ScalarAsync(connection, $"SELECT {i + 20}", null));
        }

        Assert.Equal(2, Sqls(a).Count(s => s.StartsWith("SELECT 2", StringComparison.Ordinal)));
        Assert.Equal(2, Sqls(b).Count(s => s.StartsWith("SELECT 2", StringComparison.Ordinal)));

        await using var pinned = await dataSource.OpenConnectionAsync();
        await using var open = await pinned.BeginTransactionAsync();
        var cluster = a.Queries.Count(q => q.Sql == "START TRANSACTION") == 2 ? "a" : "b";
        dataSource.Router.Deactivate(cluster);
        var error = await Assert.ThrowsAsync<PrestoException>(() => ScalarAsync(pinned, "SELECT 99", null));
        Assert.Contains("pinned", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{cluster}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_failure_before_the_first_row_moves_to_the_other_cluster_after_rows_it_is_reported()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        await using var dataSource = Build(o => { }, null, a, b);
        await using var connection = await dataSource.OpenConnectionAsync();
        a.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR" });

        Assert.Equal(Rows, await CountRowsAsync(connection));
        Assert.Equal("REMOTE_TASK_ERROR", Assert.Single(a.Queries).ErrorName);
        Assert.Equal(1, Executed(b));

        a.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.AfterPage, AfterPages = 1 });
        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => CountRowsAsync(connection));
        Assert.Equal(PrestoRetryStopReason.RowsYielded, error.Classification?.StopReason);
        Assert.Equal(1, Executed(b));
        Assert.Equal(a.BaseAddress, error.AttemptHistory.Single().Server);
    }

    [Fact]
    public async Task A_hedged_read_takes_the_faster_cluster_and_cancels_the_slow_one()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        a.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromSeconds(3), Times = -1 });
        await using var dataSource = Build(o => o.HedgeDelay = TimeSpan.FromMilliseconds(200), null, a, b);
        await using var connection = await dataSource.OpenConnectionAsync();

        Assert.Equal(Rows, await CountRowsAsync(connection));

        Assert.Equal(1, Executed(b));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!a.Requests.Any(r => r.Method == "DELETE") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(a.Requests, r => r.Method == "DELETE");
        Assert.DoesNotContain(a.Queries, q => q.RowsServed == Rows);
    }

    [Fact]
    public async Task A_blue_green_switch_at_run_time_loses_no_query()
    {
        await using var blue = await StartAsync();
        await using var green = await StartAsync();
        await using var dataSource = Build(
            o =>
            {
                o.Strategy = PrestoRoutingStrategy.Weighted;
                o.Clusters[0].Weight = 100;
                o.Clusters[1].Weight = 0;
            },
            null,
            blue,
            green);
        var failures = new ConcurrentQueue<Exception>();
        var completed = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    Assert.Equal(Rows, await CountRowsAsync(connection));
                    Interlocked.Increment(ref completed);
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
            }
        })).ToArray();

        await WaitForAsync(() => Volatile.Read(ref completed) >= 20);
        dataSource.Router.SetWeight("b", 100);
        await WaitForAsync(() => Executed(green) >= 5);
        dataSource.Router.Drain("a");
        var switched = Volatile.Read(ref completed);
        await WaitForAsync(() => Volatile.Read(ref completed) >= switched + 20);
        var blueAfterDrain = Executed(blue);
        await WaitForAsync(() => Volatile.Read(ref completed) >= switched + 40);
        stop.Cancel();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.Equal(Volatile.Read(ref completed), Executed(blue) + Executed(green));
        Assert.Equal(blueAfterDrain, Executed(blue));
    }

    [Fact]
    public async Task Health_probes_run_in_the_background_and_stop_when_the_data_source_is_disposed()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        var dataSource = Build(o => o.HealthCheckInterval = TimeSpan.FromMilliseconds(100), null, a, b);
        await WaitForAsync(() => Probes(a) >= 3 && Probes(b) >= 3);
        Assert.Equal(PrestoClusterHealth.Healthy, dataSource.Router["a"].Health);
        Assert.NotNull(dataSource.Router["b"].LastProbe);

        await dataSource.DisposeAsync();
        await Task.Delay(300);
        var after = Probes(a);
        await Task.Delay(600);
        Assert.Equal(after, Probes(a));
    }

    private static int Probes(PrestoTestServer server) => server.Requests.Count(r => r.PathAndQuery == "/v1/info");

    private static PrestoDataSource Build(Action<PrestoRoutingOptions> configure, HttpMessageHandler? handler, params PrestoTestServer[] servers)
    {
        var builder = new PrestoDataSourceBuilder("Server=http://unused:1;User=test;Dialect=Trino;RetryDelayMs=0;HealthCheckInterval=0");
        if (handler is not null)
        {
            builder.UseHttpMessageHandler(handler);
        }

        builder.ConfigureRouting(o =>
        {
            for (var i = 0; i < servers.Length; i++)
            {
                o.Clusters.Add(new PrestoClusterOptions(((char)('a' + i)).ToString(), servers[i].BaseAddress));
            }

            configure(o);
        });
        return builder.Build();
    }

    private static PrestoClusterOptions Cluster(string name, PrestoTestServer server, string group)
    {
        var cluster = new PrestoClusterOptions(name, server.BaseAddress);
        cluster.Groups.Add(group);
        return cluster;
    }

    private static async Task<PrestoTestServer> StartAsync()
    {
        var server = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 2_000);
        server.Script(sql => sql.StartsWith(ManyRows, StringComparison.Ordinal), ScriptedResult.Generated([new ResultColumn("x", "bigint")], Rows, i => [i]));
        return server;
    }

    private static async Task<int> CountRowsAsync(PrestoConnection connection)
    {
        await using var command = new PrestoCommand(ManyRows, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            Assert.Equal(rows, reader.GetInt64(0));
            rows++;
        }

        return rows;
    }

    private static async Task<object?> ScalarAsync(PrestoConnection connection, string sql, string? group)
    {
        await using var command = new PrestoCommand(sql, connection) { RoutingGroup = group };
        return await command.ExecuteScalarAsync() is { } value ? 1 : null;
    }

    /// <summary>Queries of <see cref="ManyRows"/> the server ran to the end.</summary>
    private static int Executed(PrestoTestServer server) => server.Queries.Count(q => q.Sql == ManyRows && q.ErrorName is null && q.RowsServed == Rows);

    private static List<string> Sqls(PrestoTestServer server) => server.Queries.Select(q => q.Sql).ToList();

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }

    /// <summary>Counts the requests sent to each server (a request to a closed port is one connection attempt).</summary>
    private sealed class AuthorityCounter() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();

        public int Count(PrestoTestServer server) => _counts.GetValueOrDefault(server.BaseAddress.Authority);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _counts.AddOrUpdate(request.RequestUri!.Authority, 1, (_, n) => n + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
