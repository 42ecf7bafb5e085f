using Presto.Testing;

namespace Presto.Samples;

/// <summary>Retry rules: add a rule for your own transient error, switch a default one off, and read what happened.</summary>
internal static class RetryRulesSample
{
    public static async Task RunAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);

        var connectionString = $"Server={server.BaseAddress};User=samples;Catalog=tpch;Schema=tiny;MaxQueryAttempts=3;RetryDelayMs=20";

        // <snippet:retry-rules-configure>
        var builder = new PrestoDataSourceBuilder(connectionString);   // "Server=https://trino.example.com;User=etl;MaxQueryAttempts=3"
        builder.ConfigureRetry(retry =>
        {
            // Our metastore throttles: its error is EXTERNAL (never retried by default), but "Rate exceeded" is transient.
            retry.Rules.Insert(0, new PrestoRetryRule("metastore-throttled", PrestoRetryDecision.RetrySameCluster)
            {
                ErrorTypes = [PrestoErrorType.External],
                MessagePattern = "Rate exceeded",
                StatementKind = PrestoStatementKind.ReadOnly,
                DelayFactor = 3,
            });

            // And we would rather see a lost worker than wait for a resubmission.
            retry.Rules.Replace("worker-failure", new PrestoRetryRule("worker-failure", PrestoRetryDecision.Never)
            {
                ErrorNames = ["REMOTE_TASK_ERROR"],
            });
        });
        await using var dataSource = builder.Build();
        // </snippet:retry-rules-configure>

        server.Faults.FailQuery(new QueryFault
        {
            ErrorName = "HIVE_METASTORE_ERROR",
            ErrorType = "EXTERNAL",
            Message = "Rate exceeded (Service: AWSGlue; Status Code: 400)",
        });
        await using (var command = dataSource.CreateCommand("SELECT count(*) FROM nation"))
        {
            var nations = (long)(await command.ExecuteScalarAsync())!;
            Console.WriteLine($"{nations} nations after {server.Submissions.Count} submissions (the first hit the throttled metastore)");
            SampleCheck.Expect(nations == 25 && server.Submissions.Count == 2, "the throttled query is resubmitted once");
        }

        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", Message = "Remote host gone" });
        // <snippet:retry-rules-inspect>
        try
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM nation");
            await command.ExecuteScalarAsync();
        }
        catch (PrestoQueryException ex)
        {
            // Classification: which rule matched, what it decided, and why the client stopped.
            Console.WriteLine($"{ex.ErrorName} after {ex.Attempts} attempt(s): rule {ex.Classification?.RuleId}, " +
                              $"decision {ex.Classification?.Decision}, transient {ex.IsTransient}");
            foreach (var attempt in ex.AttemptHistory)
            {
                Console.WriteLine($"  attempt {attempt.Number} on {attempt.Server}: {attempt.Classification}");
            }
        }
        // </snippet:retry-rules-inspect>

        SampleCheck.Expect(server.Submissions.Count == 3, "the rule set to Never does not resubmit");
        await SettingsAsync(server);

        var defaults = PrestoRetryOptions.DefaultRules;
        Console.WriteLine($"{defaults.Count} default rules, first {defaults[0].Id}, last {defaults[^1].Id}");
    }

    private static async Task SettingsAsync(PrestoTestServer server)
    {
        var builder = new PrestoDataSourceBuilder($"Server={server.BaseAddress};User=samples;Catalog=tpch;Schema=tiny;MaxQueryAttempts=4;RetryDelayMs=20");
        // <snippet:retry-settings>
        builder.ConfigureRetry(retry =>
        {
            retry.Rules.Remove("server-shutting-down");        // its errors fall to a later rule: infrastructure-trino
            retry.MaxRetryDuration = TimeSpan.FromMinutes(2);  // all resubmissions of one statement together
            retry.ReadAheadBytes = 1 << 20;                    // hold up to 1 MB before the first row (see "Read-ahead")
        });
        await using var dataSource = builder.Build();
        // </snippet:retry-settings>

        server.State = ServerState.ShuttingDown;
        try
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM nation");
            await command.ExecuteScalarAsync();
            SampleCheck.Expect(false, "a shutting-down server refuses the query");
        }
        catch (PrestoQueryException ex)
        {
            Console.WriteLine($"{ex.ErrorName} after {ex.Attempts} attempt(s), rule {ex.Classification?.RuleId}, decision {ex.Classification?.Decision}");
            SampleCheck.Expect(ex.Classification?.RuleId == "infrastructure-trino" && ex.Attempts == 4,
                "without its own rule SERVER_SHUTTING_DOWN falls to infrastructure-trino (same cluster) and uses all four attempts");
        }
        finally
        {
            server.State = ServerState.Active;
        }
    }
}
