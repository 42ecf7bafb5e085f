using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Shadowing;

/// <summary>Shadow clusters against embedded servers: sampling, isolation of the primary, what is never mirrored, result checksums.</summary>
public sealed class ShadowingTests
{
    private const string Nations = "SELECT nationkey, name FROM tpch.tiny.nation";
    private const int MirroredEvent = 1401;
    private const int DroppedEvent = 1405;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_mirrored_query_reports_both_query_ids_row_counts_and_matching_checksums()
    {
        await using var mirror = await Mirror.StartAsync();
        var (primary, shadow, sink, client) = (mirror.Primary, mirror.Shadow, mirror.Sink, mirror.Client);

        var rows = await client.Query(Nations).ToListAsync<(long Key, string Name)>();

        Assert.Equal(25, rows.Count);
        var comparison = Assert.Single(await sink.WaitAsync(1));
        Assert.Equal(PrestoShadowOutcome.Match, comparison.Outcome);
        Assert.True(comparison.ResultsMatch);
        Assert.Equal(Nations, comparison.Statement);
        Assert.Equal("default", comparison.RoutingGroup);
        Assert.Equal("primary", comparison.Primary.Cluster);
        Assert.Equal("shadow", comparison.Shadow.Cluster);
        Assert.Equal(Assert.Single(primary.Queries).QueryId, comparison.Primary.QueryId);
        Assert.Equal(Assert.Single(shadow.Queries).QueryId, comparison.Shadow.QueryId);
        Assert.True(comparison.Primary.Succeeded && comparison.Primary.IsComplete);
        Assert.True(comparison.Shadow.Succeeded && comparison.Shadow.IsComplete);
        Assert.Equal(25, comparison.Primary.RowCount);
        Assert.Equal(25, comparison.Shadow.RowCount);
        Assert.NotEqual(0UL, comparison.Primary.Checksum);
        Assert.Equal(comparison.Primary.Checksum, comparison.Shadow.Checksum);
        Assert.True(comparison.Shadow.Elapsed > TimeSpan.Zero);
    }

    [Fact]
    public async Task The_shadow_cluster_takes_no_queries_of_its_own()
    {
        await using var mirror = await Mirror.StartAsync(fraction: 0, strategy: PrestoRoutingStrategy.RoundRobin);
        var (primary, shadow, sink, client) = (mirror.Primary, mirror.Shadow, mirror.Sink, mirror.Client);

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(25, (await client.Query(Nations).ToListAsync<long>()).Count);
        }

        Assert.Equal(6, primary.Submissions.Count);
        Assert.Empty(shadow.Submissions);
        Assert.Empty(sink.Received);
    }

    [Fact]
    public async Task The_sampled_fraction_holds_within_three_points_over_a_thousand_queries()
    {
        await using var mirror = await Mirror.StartAsync(fraction: 0.25, record: false, configure: o =>
        {
            o.Seed = 20261121;
            o.MaxConcurrency = 1000;
        });
        var (primary, shadow, sink, client, logs) = (mirror.Primary, mirror.Shadow, mirror.Sink, mirror.Client, mirror.Logs);

        const int queries = 1000;
        for (var i = 0; i < queries; i++)
        {
            Assert.Equal(1, await client.Query("SELECT 1").ScalarAsync<int>());
        }

        var mirrored = Count(logs, MirroredEvent);
        Assert.Equal(0, Count(logs, DroppedEvent));
        Assert.InRange(mirrored / (double)queries, 0.22, 0.28);
        var comparisons = await sink.WaitAsync(mirrored);
        Assert.Equal(mirrored, comparisons.Count);
        Assert.All(comparisons, c => Assert.True(c.Shadow.Succeeded, c.ToString()));
        Assert.Equal(mirrored, shadow.Queries.Count);
        Assert.Equal(queries, primary.Queries.Count);
    }

    [Fact]
    public async Task The_same_seed_mirrors_the_same_queries()
    {
        await using var primary = await TestServers.StartAsync(configure: o => o.RecordRequests = false);
        await using var shadow = await TestServers.StartAsync(configure: o => o.RecordRequests = false);
        var first = await MirroredPatternAsync(primary, shadow, seed: 5);
        var second = await MirroredPatternAsync(primary, shadow, seed: 5);

        Assert.Equal(first, second);
        Assert.Contains('1', first);
        Assert.Contains('0', first);
    }

    [Fact]
    public async Task A_shadow_blocked_for_minutes_never_delays_the_primary_and_mirrors_beyond_the_cap_are_dropped()
    {
        await using var mirror = await Mirror.StartAsync(configure: o =>
        {
            o.MaxConcurrency = 2;
            o.Timeout = TimeSpan.FromMinutes(10);
        });
        var (primary, shadow, sink, client, logs) = (mirror.Primary, mirror.Shadow, mirror.Sink, mirror.Client, mirror.Logs);
        shadow.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromMinutes(10), Times = -1 });

        for (var i = 0; i < 5; i++)
        {
            var rows = await client.Query(Nations).ToListAsync<(long Key, string Name)>();
            Assert.Equal(25, rows.Count);
            Assert.Equal("ALGERIA", rows.Single(r => r.Key == 0).Name);
        }

        // Every primary finished while both mirrors were still waiting for their POST to be answered.
        Assert.Empty(sink.Received);
        Assert.Equal(2, Count(logs, MirroredEvent));
        Assert.Equal(3, Count(logs, DroppedEvent));

        // Disposing the client cancels the mirrors; their comparisons still arrive.
        await client.DisposeAsync();
        var comparisons = await sink.WaitAsync(2);
        Assert.All(comparisons, c =>
        {
            Assert.Equal(PrestoShadowOutcome.ShadowFailed, c.Outcome);
            Assert.Equal("Cancelled", c.Shadow.ErrorName);
            Assert.True(c.Primary.Succeeded);
            Assert.Equal(25, c.Primary.RowCount);
        });
    }

    [Fact]
    public async Task A_shadow_that_runs_out_of_its_timeout_is_reported_as_timed_out()
    {
        await using var mirror = await Mirror.StartAsync(configure: o => o.Timeout = TimeSpan.FromMilliseconds(200));
        var (primary, shadow, sink, client) = (mirror.Primary, mirror.Shadow, mirror.Sink, mirror.Client);
        shadow.Faults.Http(new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromMinutes(10), Times = -1 });

        Assert.Equal(25, (await client.Query(Nations).ToListAsync<long>()).Count);

        var comparison = Assert.Single(await sink.WaitAsync(1));
        Assert.Equal(PrestoShadowOutcome.ShadowTimedOut, comparison.Outcome);
        Assert.Equal("Timeout", comparison.Shadow.ErrorName);
        Assert.False(comparison.Shadow.Succeeded);
    }

    [Theory]
    [InlineData(false, "REMOTE_TASK_ERROR")]
    [InlineData(true, "ConnectionFailed")]
    public async Task A_failing_or_down_shadow_never_fails_the_primary_and_its_error_name_is_reported(bool down, string errorName)
    {
        await using var mirror = await Mirror.StartAsync();
        var (primary, shadow, sink, client) = (mirror.Primary, mirror.Shadow, mirror.Sink, mirror.Client);
        if (down)
        {
            await shadow.StopListeningAsync();
        }
        else
        {
            shadow.Faults.FailQuery(new QueryFault { ErrorName = errorName, Times = -1 });
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(25, (await client.Query(Nations).ToListAsync<long>()).Count);
        }

        var comparisons = await sink.WaitAsync(3);
        Assert.All(comparisons, c =>
        {
            Assert.Equal(PrestoShadowOutcome.ShadowFailed, c.Outcome);
            Assert.Equal(errorName, c.Shadow.ErrorName);
            Assert.Equal(down, c.Shadow.QueryId is null);
            Assert.True(c.Primary.Succeeded);
            Assert.Equal(25, c.Primary.RowCount);
        });
        Assert.Equal(3, primary.Queries.Count);
    }

    [Fact]
    public async Task Writes_and_session_changing_statements_are_never_mirrored()
    {
        await using var mirror = await Mirror.StartAsync();
        var (primary, shadow, sink, client) = (mirror.Primary, mirror.Shadow, mirror.Sink, mirror.Client);

        await client.Query("CREATE TABLE memory.default.shadowed (id bigint)").ExecuteAsync();
        Assert.Equal(2, await client.Query("INSERT INTO memory.default.shadowed VALUES (1), (2)").ExecuteAsync());
        await using (var connection = client.CreateConnection())
        {
            await connection.OpenAsync();
            await using (var use = new PrestoCommand("USE tpch.tiny", connection))
            {
                await use.ExecuteNonQueryAsync();
            }

            // The connection now holds session state: its reads are not mirrored either.
            await using var read = new PrestoCommand("SELECT count(*) FROM nation", connection);
            Assert.Equal(25L, await read.ExecuteScalarAsync());
        }

        Assert.Equal(2L, Assert.Single(await client.Query("SELECT count(*) FROM memory.default.shadowed").ToListAsync<long>()));

        // Only the last statement, a read on a fresh connection, was mirrored (it fails there: the table lives on the primary).
        var comparison = Assert.Single(await sink.WaitAsync(1));
        Assert.Equal("SELECT count(*) FROM memory.default.shadowed", comparison.Statement);
        Assert.Equal(PrestoShadowOutcome.ShadowFailed, comparison.Outcome);
        Assert.Equal("SELECT count(*) FROM memory.default.shadowed", Assert.Single(shadow.Queries).Sql);
    }

    [Fact]
    public async Task Reads_inside_a_transaction_are_never_mirrored()
    {
        await using var mirror = await Mirror.StartAsync();
        var (primary, shadow, sink, client) = (mirror.Primary, mirror.Shadow, mirror.Sink, mirror.Client);

        await using (var connection = client.CreateConnection())
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            for (var i = 0; i < 3; i++)
            {
                await using var read = new PrestoCommand(Nations, connection) { Transaction = (PrestoTransaction)transaction };
                await using var reader = await read.ExecuteReaderAsync();
                var count = 0;
                while (await reader.ReadAsync())
                {
                    count++;
                }

                Assert.Equal(25, count);
            }

            await transaction.CommitAsync();
        }

        // A read after the transaction, on a fresh connection, is: it proves mirroring was on all along.
        Assert.Equal(25, (await client.Query(Nations).ToListAsync<long>()).Count);
        Assert.Single(await sink.WaitAsync(1));
        Assert.Single(shadow.Queries);
    }

    [Fact]
    public async Task The_checksum_catches_a_different_row_and_ignores_row_order()
    {
        await using var mirror = await Mirror.StartAsync();
        var (primary, shadow, sink, client) = (mirror.Primary, mirror.Shadow, mirror.Sink, mirror.Client);
        var columns = new[] { new ResultColumn("id", "bigint"), new ResultColumn("name", "varchar") };
        primary.Script("SELECT * FROM changed", ScriptedResult.FromRows(columns, [[1L, "one"], [2L, "two"], [3L, "three"]]));
        shadow.Script("SELECT * FROM changed", ScriptedResult.FromRows(columns, [[1L, "one"], [2L, "twp"], [3L, "three"]]));
        primary.Script("SELECT * FROM reordered", ScriptedResult.FromRows(columns, [[1L, "one"], [2L, "two"], [3L, "three"]]));
        shadow.Script("SELECT * FROM reordered", ScriptedResult.FromRows(columns, [[3L, "three"], [1L, "one"], [2L, "two"]]));
        primary.Script("SELECT * FROM nulls", ScriptedResult.FromRows(columns, [[1L, null]]));
        shadow.Script("SELECT * FROM nulls", ScriptedResult.FromRows(columns, [[1L, "null"]]));

        Assert.Equal(3, (await client.Query("SELECT * FROM changed").ToListAsync<long>()).Count);
        var changed = Assert.Single(await sink.WaitAsync(1));
        Assert.Equal(PrestoShadowOutcome.Mismatch, changed.Outcome);
        Assert.Equal(3, changed.Shadow.RowCount);
        Assert.NotEqual(changed.Primary.Checksum, changed.Shadow.Checksum);

        Assert.Equal(3, (await client.Query("SELECT * FROM reordered").ToListAsync<long>()).Count);
        Assert.Equal(PrestoShadowOutcome.Match, (await sink.WaitAsync(2))[1].Outcome);

        Assert.Single(await client.Query("SELECT * FROM nulls").ToListAsync<long>());
        Assert.Equal(PrestoShadowOutcome.Mismatch, (await sink.WaitAsync(3))[2].Outcome);
    }

    [Fact]
    public async Task A_primary_read_only_in_part_is_reported_incomplete()
    {
        await using var mirror = await Mirror.StartAsync();
        var (primary, shadow, sink, client) = (mirror.Primary, mirror.Shadow, mirror.Sink, mirror.Client);

        primary.Script("SELECT x FROM many", ScriptedResult.Generated([new ResultColumn("x", "bigint")], 100_000, i => [i]));
        shadow.Script("SELECT x FROM many", ScriptedResult.Generated([new ResultColumn("x", "bigint")], 100_000, i => [i]));

        Assert.Equal(0L, await client.Query("SELECT x FROM many").FirstOrDefaultAsync<long>());

        var comparison = Assert.Single(await sink.WaitAsync(1));
        Assert.Equal(PrestoShadowOutcome.PrimaryIncomplete, comparison.Outcome);
        Assert.False(comparison.Primary.IsComplete);
        Assert.Equal(100_000, comparison.Shadow.RowCount);
    }

    [Fact]
    public async Task A_callback_that_throws_is_logged_and_the_primary_is_untouched()
    {
        await using var primary = await TestServers.StartAsync();
        await using var shadow = await TestServers.StartAsync();
        var logs = new CapturingLoggerFactory();
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = Options(primary, shadow, 1, null, logs);
        options.Routing.Shadowing.OnComparison = _ =>
        {
            called.TrySetResult();
            throw new InvalidOperationException("callback bug");
        };
        await using var client = new PrestoClient(options);

        Assert.Equal(25, (await client.Query(Nations).ToListAsync<long>()).Count);
        await called.Task.WaitAsync(s_wait);
        await WaitUntilAsync(() => Count(logs, 1406) == 1);
    }

    [Fact]
    public void Shadow_settings_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clusters:0:Name"] = "blue",
            ["Clusters:0:Uri"] = "http://127.0.0.1:1",
            ["Clusters:1:Name"] = "green",
            ["Clusters:1:Uri"] = "http://127.0.0.1:2",
            ["Clusters:1:ShadowOf"] = "default",
            ["Clusters:1:ShadowFraction"] = "0.1",
            ["Shadowing:MaxConcurrency"] = "8",
            ["Shadowing:Timeout"] = "00:00:30",
            ["Shadowing:Seed"] = "42",
        }).Build();

        var options = new PrestoRoutingOptions().Bind(configuration);

        Assert.Null(options.Clusters[0].ShadowOf);
        Assert.Equal("default", options.Clusters[1].ShadowOf);
        Assert.Equal(0.1, options.Clusters[1].ShadowFraction);
        Assert.Equal(8, options.Shadowing.MaxConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Shadowing.Timeout);
        Assert.Equal(42, options.Shadowing.Seed);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Clusters[1].ShadowFraction = 1.5);
        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clusters:0:Name"] = "green",
            ["Clusters:0:Uri"] = "http://127.0.0.1:2",
            ["Clusters:0:ShadowFraction"] = "2",
        }).Build();
        Assert.Contains("ShadowFraction", Assert.Throws<ArgumentException>(() => new PrestoRoutingOptions().Bind(bad)).Message);
    }

    private static async Task<string> MirroredPatternAsync(PrestoTestServer primary, PrestoTestServer shadow, int seed)
    {
        var logs = new CapturingLoggerFactory();
        var options = Options(primary, shadow, 0.5, null, logs);
        options.Routing.Shadowing.Seed = seed;
        await using var client = new PrestoClient(options);
        var pattern = new char[40];
        for (var i = 0; i < pattern.Length; i++)
        {
            var before = Count(logs, MirroredEvent);
            await client.Query("SELECT 1").ScalarAsync<int>();
            pattern[i] = Count(logs, MirroredEvent) > before ? '1' : '0';
        }

        return new string(pattern);
    }

    private static PrestoClientOptions Options(PrestoTestServer primary, PrestoTestServer shadow, double fraction, ComparisonSink? sink, CapturingLoggerFactory logs)
    {
        var options = new PrestoClientOptions
        {
            ConnectionString = TestServers.ConnectionString(primary, "HealthCheckInterval=0;Catalog=tpch;Schema=tiny"),
            LoggerFactory = logs,
        };
        options.Routing.HealthCheckInterval = TimeSpan.Zero;
        options.Routing.Clusters.Add(new PrestoClusterOptions("primary", primary.BaseAddress));
        options.Routing.Clusters.Add(new PrestoClusterOptions("shadow", shadow.BaseAddress) { ShadowOf = "default", ShadowFraction = fraction });
        if (sink is not null)
        {
            options.Routing.Shadowing.OnComparison = sink.Add;
        }

        return options;
    }

    private static int Count(CapturingLoggerFactory logs, int eventId) => logs.Entries.Count(e => e.EventId.Id == eventId);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(s_wait);
        while (!condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }

    /// <summary>A primary server, a shadow server and a client whose routing marks the second a shadow of the default group.</summary>
    private sealed class Mirror : IAsyncDisposable
    {
        private Mirror(PrestoTestServer primary, PrestoTestServer shadow, double fraction, PrestoRoutingStrategy strategy, Action<PrestoShadowOptions>? configure)
        {
            Primary = primary;
            Shadow = shadow;
            var options = Options(primary, shadow, fraction, Sink, Logs);
            options.Routing.Strategy = strategy;
            configure?.Invoke(options.Routing.Shadowing);
            Client = new PrestoClient(options);
        }

        public PrestoTestServer Primary { get; }

        public PrestoTestServer Shadow { get; }

        public ComparisonSink Sink { get; } = new();

        public CapturingLoggerFactory Logs { get; } = new();

        public PrestoClient Client { get; }

        public static async Task<Mirror> StartAsync(
            double fraction = 1,
            PrestoRoutingStrategy strategy = PrestoRoutingStrategy.Failover,
            bool record = true,
            Action<PrestoShadowOptions>? configure = null)
        {
            var primary = await TestServers.StartAsync(configure: o => o.RecordRequests = record);
            var shadow = await TestServers.StartAsync(configure: o => o.RecordRequests = record);
            return new Mirror(primary, shadow, fraction, strategy, configure);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Primary.DisposeAsync();
            await Shadow.DisposeAsync();
        }
    }

    /// <summary>Collects comparisons from the callback's thread-pool threads.</summary>
    private sealed class ComparisonSink
    {
        private readonly ConcurrentQueue<PrestoShadowComparison> _received = new();
        private readonly SemaphoreSlim _signal = new(0);

        public IReadOnlyList<PrestoShadowComparison> Received => _received.ToArray();

        public void Add(PrestoShadowComparison comparison)
        {
            _received.Enqueue(comparison);
            _signal.Release();
        }

        /// <summary>Waits until <paramref name="count"/> comparisons arrived in all (a guard against a hang, not a timing assertion).</summary>
        public async Task<IReadOnlyList<PrestoShadowComparison>> WaitAsync(int count)
        {
            using var limit = new CancellationTokenSource(s_wait);
            while (_received.Count < count)
            {
                await _signal.WaitAsync(limit.Token);
            }

            return Received;
        }
    }
}
