using Presto.Testing;
using Xunit.Abstractions;
using Presto.Tests.Support;
using static Presto.Tests.Resilience.RetryKit;

namespace Presto.Tests.Resilience;

/// <summary>
/// Randomized fault schedules (seeded, so a failure replays): reads and writes meet worker failures, queue rejections,
/// user errors, generic internal errors and broken response bodies at every point of a query, with and without
/// read-ahead. Whatever happens, a result reported as complete has every row exactly once, rows read before a failure
/// are never repeated, a write that may have executed is never submitted again, and a user error is never retried.
/// </summary>
public sealed class RetryInvariantTests(ITestOutputHelper output)
{
    private const int Schedules = 1_000;

    private static readonly (string Name, string? Message)[] QueryFaults =
    [
        ("REMOTE_TASK_ERROR", null),
        ("PAGE_TRANSPORT_TIMEOUT", null),
        ("REMOTE_HOST_GONE", null),
        ("QUERY_QUEUE_FULL", null),
        ("SERVER_STARTING_UP", null),
        ("SERVER_SHUTTING_DOWN", null),
        ("CLUSTER_OUT_OF_MEMORY", null),
        ("SYNTAX_ERROR", null),
        ("DIVISION_BY_ZERO", null),
        ("PERMISSION_DENIED", null),
        ("EXCEEDED_TIME_LIMIT", null),
        ("HIVE_CANNOT_OPEN_SPLIT", "Error opening Hive split s3://b/k (offset=0, length=10): Connection reset"),
        ("HIVE_BAD_DATA", null),
        ("GENERIC_INTERNAL_ERROR", "Encountered too many errors talking to a worker node"),
        ("GENERIC_INTERNAL_ERROR", "Unexpected state"),
    ];

    private static readonly HashSet<string> UserErrorNames = ["SYNTAX_ERROR", "DIVISION_BY_ZERO", "PERMISSION_DENIED"];

    [Fact]
    public async Task A_thousand_fault_schedules_keep_every_invariant()
    {
        await using var server = await StartAsync();
        var builder = new PrestoDataSourceBuilder(TestServers.ConnectionString(server, "RetryDelayMs=0;RequestTimeout=30"));
        builder.ConfigureRetry(o => o.Budget = PrestoRetryBudget.Unlimited);
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new PrestoCommand("CREATE TABLE memory.default.chaos (id bigint)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var random = new Random(20261121);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Schedules; i++)
        {
            var write = random.Next(4) == 0;
            var sql = write ? $"INSERT INTO memory.default.chaos VALUES ({i})" : $"{ManyRows} /* {i} */";
            var schedule = Arrange(server, random, sql);
            long? readAhead = random.Next(3) == 0 ? 64 * 1024 : null;
            var seen = new List<long>();
            PrestoException? failure = null;
            try
            {
                await using var command = new PrestoCommand(sql, connection) { ReadAheadBytes = readAhead };
                if (write)
                {
                    Assert.Equal(1, await command.ExecuteNonQueryAsync());
                }
                else
                {
                    await ReadAllAsync(command, seen);
                }
            }
            catch (PrestoException ex)
            {
                failure = ex;
            }

            server.Faults.Clear();
            var context = $"schedule {i}: {sql} with {schedule}, read-ahead {(readAhead is null ? "off" : "64 KB")}, failure: {failure?.Message ?? "none"}";
            var queries = QueriesFor(server, sql);
            if (!write)
            {
                // Complete means every row once; a failure keeps what was read before it, without repeats.
                Assert.True(failure is null ? seen.SequenceEqual(Expected) : seen.SequenceEqual(Expected.Take(seen.Count)), context);
            }
            else
            {
                // A write runs at most once, and nothing is submitted after a submission that ran.
                var dispatched = queries.FindIndex(q => q.Dispatched);
                Assert.True(dispatched < 0 || dispatched == queries.Count - 1, context);
                Assert.Equal(queries.Count(q => q.Dispatched), await CountAsync(connection, i));
                Assert.True(failure is not null || (dispatched >= 0 && queries[dispatched].ErrorName is null), context);
            }

            // A user error the client received ends the query: it is the last submission. (With a broken body the client
            // may never have seen the server's error, so the server's record proves nothing then.)
            if (!schedule.Contains("Body", StringComparison.Ordinal))
            {
                var userError = queries.FindIndex(q => q.ErrorName is { } name && UserErrorNames.Contains(name));
                Assert.True(userError < 0 || userError == queries.Count - 1, context);
            }

            if (failure is not null)
            {
                var received = failure.AttemptHistory.ToList().FindIndex(a => a.Error is PrestoQueryException { ErrorName: var name } && UserErrorNames.Contains(name));
                Assert.True(received < 0 || received == failure.AttemptHistory.Count - 1, context);
            }

            Assert.True(queries.Count <= 3, context);
            if (failure is not null)
            {
                Assert.Equal(SubmissionsOf(server, sql), failure.Attempts);
                Assert.NotNull(failure.Classification);
                Assert.Equal(failure.Attempts, failure.AttemptHistory.Count);
            }

            var outcome = failure is null ? (queries.Count > 1 ? "resubmitted, complete" : "complete") : failure.Classification!.StopReason.ToString()!;
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine(string.Join(Environment.NewLine, outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));

        // The schedules must have exercised every path, or the invariants above prove little.
        Assert.True(outcomes.GetValueOrDefault("resubmitted, complete") > 50, string.Join(", ", outcomes));
        foreach (var reason in new[] { "NotRetryable", "RowsYielded", "WriteMayHaveExecuted", "AttemptsExhausted" })
        {
            Assert.True(outcomes.GetValueOrDefault(reason) > 5, $"{reason}: {string.Join(", ", outcomes)}");
        }
    }

    /// <summary>Zero to two faults for this schedule's statement: a server error at a random point, or a broken body.</summary>
    private static string Arrange(PrestoTestServer server, Random random, string sql)
    {
        var described = new List<string>();
        var faults = random.Next(3);
        for (var f = 0; f < faults; f++)
        {
            if (random.Next(5) == 0)
            {
                var on = random.Next(2) == 0 ? RequestKind.Post : RequestKind.Get;
                var kind = random.Next(2) == 0 ? HttpFaultKind.NonJsonBody : HttpFaultKind.TruncatedBody;
                server.Faults.Http(new HttpFault { On = on, Kind = kind, Times = 1 + random.Next(2) });
                described.Add($"{kind} on {on}");
                continue;
            }

            var (name, message) = QueryFaults[random.Next(QueryFaults.Length)];
            var at = (FaultPoint)random.Next(3);
            var afterPages = 1 + random.Next(3);
            var times = 1 + random.Next(3);
            server.Faults.FailQuery(new QueryFault { ErrorName = name, Message = message, At = at, AfterPages = afterPages, Times = times, Match = s => s == sql });
            described.Add($"{name} at {at}{(at == FaultPoint.AfterPage ? " " + afterPages : string.Empty)} ×{times}");
        }

        return described.Count == 0 ? "no fault" : string.Join(" + ", described);
    }

    private static async Task<long> CountAsync(PrestoConnection connection, int id)
    {
        await using var command = new PrestoCommand($"SELECT count(*) FROM memory.default.chaos WHERE id = {id}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
