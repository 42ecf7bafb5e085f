using Presto.Testing;

namespace Presto.Samples;

/// <summary>
/// Testing your own code with <c>Presto.Client.Testing</c>: a real coordinator in the test process, scripted answers,
/// injected failures and the requests it received. In a test project the checks below are xunit/NUnit assertions.
/// </summary>
internal static class TestingSample
{
    public static async Task RunAsync()
    {
        await RepositoryReadsFromTpchAsync();
        await RepositorySurvivesAnOverloadedCoordinatorAsync();
        await RepositoryReportsAScriptedFailureAsync();
    }

    // <snippet:testing-basic>
    private static async Task RepositoryReadsFromTpchAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        var repository = new NationRepository($"Server={server.BaseAddress};User=test;Catalog=tpch;Schema=tiny");

        var names = await repository.NamesInRegionAsync(1);

        SampleCheck.Expect(names.SequenceEqual(["ARGENTINA", "BRAZIL", "CANADA", "PERU", "UNITED STATES"]), "region 1 is America");
        SampleCheck.Expect(server.Submissions[^1].Header("X-Trino-Source") == "nation-repository", "the source is sent");
    }
    // </snippet:testing-basic>

    // <snippet:testing-faults>
    private static async Task RepositorySurvivesAnOverloadedCoordinatorAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        server.Faults.FailRequests(RequestKind.Post, statusCode: 503, times: 2);            // two 503s, then normal
        server.Faults.FailQuery(new QueryFault { ErrorName = "QUERY_QUEUE_FULL" });             // then a full queue once
        var repository = new NationRepository($"Server={server.BaseAddress};User=test;Catalog=tpch;Schema=tiny;RetryDelayMs=10");

        var names = await repository.NamesInRegionAsync(3);

        SampleCheck.Expect(names.Count == 5, "the query succeeds in the end");
        SampleCheck.Expect(server.Queries.Count(q => q.ErrorName == "QUERY_QUEUE_FULL") == 1, "one submission met the full queue");
    }
    // </snippet:testing-faults>

    // <snippet:testing-scripted>
    private static async Task RepositoryReportsAScriptedFailureAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        server.Script(sql => sql.Contains("FROM nation", StringComparison.Ordinal),
            ScriptedResult.Failure("PERMISSION_DENIED", "Access Denied: Cannot select from table tpch.tiny.nation"));
        var repository = new NationRepository($"Server={server.BaseAddress};User=test;Catalog=tpch;Schema=tiny");

        var error = await CatchAsync(() => repository.NamesInRegionAsync(1));

        SampleCheck.Expect(error is PrestoQueryException { ErrorName: "PERMISSION_DENIED", IsTransient: false }, "a user error is not retried");
        SampleCheck.Expect(server.Submissions.Count == 1, "and submitted once");
    }
    // </snippet:testing-scripted>

    private static async Task<Exception?> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (PrestoException ex)
        {
            Console.WriteLine($"  caught {ex.GetType().Name}: {ex.Message}");
            return ex;
        }
    }

    /// <summary>The code under test: an application's own data access.</summary>
    private sealed class NationRepository(string connectionString)
    {
        public async Task<IReadOnlyList<string>> NamesInRegionAsync(long region)
        {
            var builder = new PrestoConnectionStringBuilder(connectionString) { Source = "nation-repository" };
            await using var client = new PrestoClient(builder.ConnectionString);
            var names = await client.Query("SELECT name FROM nation WHERE regionkey = @region ORDER BY name")
                .WithParameter("region", region)
                .ToListAsync<string>();
            Console.WriteLine($"  region {region}: {string.Join(", ", names)}");
            return names;
        }
    }
}
