using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Routing;

/// <summary>Passive and active health, custom strategies, gateway group forwarding and the connection-string keywords of routing.</summary>
public sealed class ClusterHealthTests
{
    [Fact]
    public async Task The_circuit_breaker_counts_infrastructure_failures_and_never_user_errors()
    {
        await using var a = await TestServers.StartAsync();
        await using var b = await TestServers.StartAsync();
        await using var dataSource = BuildWithQuickBreaker(a, b);
        await using var connection = await dataSource.OpenConnectionAsync();

        for (var i = 0; i < 6; i++)
        {
            await using var bad = new PrestoCommand("SELEC 1 FROM", connection);
            await Assert.ThrowsAsync<PrestoQueryException>(() => bad.ExecuteScalarAsync());
        }

        Assert.False(dataSource.Router["a"].IsCircuitOpen);
        Assert.Equal(6, a.Queries.Count);

        // The six user errors counted as successes: the ratio reaches 0.5 at the sixth worker failure, then a is skipped.
        a.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", Times = -1 });
        for (var i = 0; i < 9; i++)
        {
            await using var command = new PrestoCommand($"SELECT {i}", connection);
            Assert.Equal(i, await command.ExecuteScalarAsync());
        }

        Assert.True(dataSource.Router["a"].IsCircuitOpen);
        Assert.Equal(PrestoClusterHealth.Unhealthy, dataSource.Router["a"].Health);
        Assert.Equal(6, a.Queries.Count(q => q.ErrorName == "REMOTE_TASK_ERROR"));
        Assert.Equal(9, b.Queries.Count(q => q.Sql.StartsWith("SELECT ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_query_moved_off_a_cluster_whose_breaker_opened_meanwhile_is_cancelled_there()
    {
        await using var a = await TestServers.StartAsync();
        await using var b = await TestServers.StartAsync();
        await using var dataSource = BuildWithQuickBreaker(a, b);

        // The slow query's submission is held on a while other queries open a's breaker.
        a.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromSeconds(2), Times = 1 });
        await using var slowConnection = await dataSource.OpenConnectionAsync();
        await using var slow = new PrestoCommand("SELECT nationkey FROM tpch.tiny.nation ORDER BY nationkey", slowConnection);
        var reading = Task.Run(async () =>
        {
            await using var reader = await slow.ExecuteReaderAsync();
            var count = 0;
            while (await reader.ReadAsync())
            {
                count++;
            }

            return count;
        });
        while (a.Submissions.Count == 0)
        {
            await Task.Delay(10);
        }

        a.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", Match = sql => sql.Contains("boom", StringComparison.Ordinal), Times = -1 });
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i, await ScalarAsync(connection, $"SELECT {i} /* boom */"));
        }

        Assert.True(dataSource.Router["a"].IsCircuitOpen);

        // Its next request would have gone through a's open breaker: it moved to b, and a was told to drop the query.
        Assert.Equal(25, await reading);
        var abandoned = a.Queries.Single(q => q.Sql.StartsWith("SELECT nationkey", StringComparison.Ordinal));
        Assert.Contains(b.Queries, q => q.Sql.StartsWith("SELECT nationkey", StringComparison.Ordinal));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!a.Requests.Any(r => r.Method == "DELETE" && r.PathAndQuery.Contains(abandoned.QueryId, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20); // the DELETE goes out in the background
        }

        Assert.Contains(a.Requests, r => r.Method == "DELETE" && r.PathAndQuery.Contains(abandoned.QueryId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_starting_cluster_is_pending_and_used_only_when_nothing_else_is_available()
    {
        await using var a = await TestServers.StartAsync();
        await using var b = await TestServers.StartAsync();
        await using var dataSource = Build(o => { }, a, b);
        a.Starting = true;
        await dataSource.Router.ProbeAsync();
        Assert.Equal(PrestoClusterHealth.Pending, dataSource.Router["a"].Health);
        await using var connection = await dataSource.OpenConnectionAsync();

        Assert.Equal(1, await ScalarAsync(connection, "SELECT 1"));
        Assert.Contains(b.Queries, q => q.Sql == "SELECT 1");

        dataSource.Router.Drain("b");
        a.Starting = false;
        Assert.Equal(2, await ScalarAsync(connection, "SELECT 2"));
        Assert.Contains(a.Queries, q => q.Sql == "SELECT 2");
    }

    [Fact]
    public async Task A_custom_selector_chooses_among_the_available_clusters()
    {
        await using var a = await TestServers.StartAsync();
        await using var b = await TestServers.StartAsync();
        await using var c = await TestServers.StartAsync();
        var selector = new LastCandidate();
        await using var dataSource = Build(o => o.Selector = selector, a, b, c);
        await using var connection = await dataSource.OpenConnectionAsync();

        Assert.Equal(7, await ScalarAsync(connection, "SELECT 7"));
        dataSource.Router.Deactivate("c");
        Assert.Equal(8, await ScalarAsync(connection, "SELECT 8"));

        Assert.Contains(c.Queries, q => q.Sql == "SELECT 7");
        Assert.Contains(b.Queries, q => q.Sql == "SELECT 8");
        Assert.Equal(["a", "b", "c"], selector.Seen[^2]);
        Assert.Equal(["a", "b"], selector.Seen[^1]);
        Assert.Empty(a.Queries);
    }

    [Fact]
    public async Task A_gateway_endpoint_receives_the_routing_group()
    {
        await using var gateway = await TestServers.StartAsync();
        var builder = new PrestoDataSourceBuilder("Server=http://unused:1;User=test;Dialect=Trino;HealthCheckInterval=0");
        builder.ConfigureRouting(o =>
        {
            var cluster = new PrestoClusterOptions("gw", gateway.BaseAddress) { IsGateway = true };
            cluster.Groups.Add("etl");
            o.Clusters.Add(cluster);
            o.Clusters.Add(new PrestoClusterOptions("other", new Uri("http://127.0.0.1:9")));
            o.GroupRules.Add(r => r.User == "test" ? "etl" : null);
        });
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();

        Assert.Equal(5, await ScalarAsync(connection, "SELECT 5"));

        Assert.Equal("etl", gateway.Submissions.Single().Header("X-Trino-Routing-Group"));
    }

    [Fact]
    public async Task The_connection_string_sets_strategy_and_probe_interval()
    {
        await using var a = await TestServers.StartAsync();
        await using var b = await TestServers.StartAsync();
        var connectionString = $"Server={a.BaseAddress},{b.BaseAddress};User=test;Dialect=Trino;RoutingStrategy=RoundRobin;HealthCheckInterval=0";
        var parsed = new PrestoConnectionStringBuilder(connectionString);
        Assert.Equal(PrestoRoutingStrategy.RoundRobin, parsed.RoutingStrategy);
        Assert.Equal(0, parsed.HealthCheckInterval);
        await using var connection = new PrestoConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(i, await ScalarAsync(connection, $"SELECT {i}"));
        }

        Assert.Equal(3, a.Queries.Count);
        Assert.Equal(3, b.Queries.Count);
        Assert.DoesNotContain(a.Requests, r => r.PathAndQuery == "/v1/info/state");

        var error = Assert.Throws<ArgumentException>(() => new PrestoConnection($"Server={a.BaseAddress};RoutingStrategy=Fastest").Open());
        Assert.Contains("RoutingStrategy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runtime_changes_are_checked_and_visible()
    {
        await using var a = await TestServers.StartAsync();
        await using var b = await TestServers.StartAsync();
        await using var dataSource = Build(o => o.Strategy = PrestoRoutingStrategy.Weighted, a, b);
        var router = dataSource.Router;

        router.SetWeight("A", 5);
        router.Drain("b");

        Assert.Equal(5, router["a"].Weight);
        Assert.Equal(PrestoClusterState.Draining, router["b"].AdminState);
        Assert.False(router["b"].AcceptsNewQueries);
        Assert.Equal(PrestoRoutingStrategy.Weighted, router.Strategy);
        Assert.Throws<ArgumentException>(() => router.Drain("c"));
        Assert.Throws<ArgumentOutOfRangeException>(() => router.SetWeight("a", -1));
        Assert.Contains("Draining", router["b"].ToString(), StringComparison.Ordinal);

        await using var connection = await dataSource.OpenConnectionAsync();
        router.Deactivate("a");
        var error = await Assert.ThrowsAsync<PrestoException>(() => ScalarAsync(connection, "SELECT 1"));
        Assert.True(error.IsTransient);
        Assert.Contains("No cluster can take the query", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Clusters a and b whose breakers open at half of two or more attempts failing, for a minute.</summary>
    private static PrestoDataSource BuildWithQuickBreaker(PrestoTestServer a, PrestoTestServer b) => Build(
        o =>
        {
            o.CircuitBreaker.MinimumThroughput = 2;
            o.CircuitBreaker.FailureRatio = 0.5;
            o.CircuitBreaker.BreakDuration = TimeSpan.FromMinutes(1);
        },
        a,
        b);

    private static PrestoDataSource Build(Action<PrestoRoutingOptions> configure, params PrestoTestServer[] servers)
    {
        var builder = new PrestoDataSourceBuilder("Server=http://unused:1;User=test;Dialect=Trino;RetryDelayMs=0;HealthCheckInterval=0");
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

    private static async Task<int> ScalarAsync(PrestoConnection connection, string sql)
    {
        await using var command = new PrestoCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class LastCandidate : IPrestoClusterSelector
    {
        public List<string[]> Seen { get; } = [];

        public PrestoCluster Select(IReadOnlyList<PrestoCluster> candidates, PrestoRoutingRequest request)
        {
            lock (Seen)
            {
                Seen.Add(candidates.Select(c => c.Name).ToArray());
            }

            return candidates[^1];
        }
    }
}
