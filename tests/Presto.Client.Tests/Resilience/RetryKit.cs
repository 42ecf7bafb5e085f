using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Resilience;

/// <summary>Servers and helpers shared by the query resubmission tests.</summary>
internal static class RetryKit
{
    /// <summary>Rows of <see cref="ManyRows"/>; with 2,000-byte pages they span many pages.</summary>
    public const int Rows = 1_000;

    public const string ManyRows = "SELECT x FROM many";

    public static readonly long[] Expected = Enumerable.Range(0, Rows).Select(i => (long)i).ToArray();

    /// <summary>A server with small pages and <see cref="ManyRows"/> scripted (any text starting with it).</summary>
    public static async Task<PrestoTestServer> StartAsync(ServerDialect dialect = ServerDialect.Trino)
    {
        var server = await TestServers.StartAsync(dialect, o => o.TargetResultSizeBytes = 2_000);
        server.Script(sql => sql.StartsWith(ManyRows, StringComparison.Ordinal), ScriptedResult.Generated([new ResultColumn("x", "bigint")], Rows, i => [i]));
        return server;
    }

    /// <summary>A connection without delays between submissions (unless <paramref name="extra"/> sets one).</summary>
    public static async Task<PrestoConnection> OpenAsync(PrestoTestServer server, string? extra = null)
    {
        var connection = new PrestoConnection(TestServers.ConnectionString(server, "RetryDelayMs=0" + (extra is null ? string.Empty : ";" + extra)));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Reads every row of the first column; what was read before a failure is kept in <paramref name="seen"/>.</summary>
    public static async Task ReadAllAsync(PrestoCommand command, List<long> seen)
    {
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            seen.Add(reader.GetInt64(0));
        }
    }

    /// <summary>The server's queries for exactly <paramref name="sql"/>, in submission order.</summary>
    public static List<ServerQueryInfo> QueriesFor(PrestoTestServer server, string sql) => server.Queries.Where(q => q.Sql == sql).ToList();

    /// <summary>POSTs whose body was <paramref name="sql"/> (a submission the server may not have turned into a query).</summary>
    public static int SubmissionsOf(PrestoTestServer server, string sql) => server.Submissions.Count(r => r.Body == sql);
}
