using Presto.Testing;

namespace Presto.ReliabilityTests;

/// <summary>Servers and connection strings shared by the reliability tests.</summary>
internal static class Reliability
{
    private static readonly Lazy<Task> s_warm = new(WarmUpAsync);

    /// <summary>Starts a Trino-dialect server, once the process-wide TPC-H data exists (so no first query pays for it within a 1 s timeout).</summary>
    public static async Task<PrestoTestServer> StartAsync(Action<PrestoTestServerOptions>? configure = null)
    {
        await s_warm.Value;
        var options = new PrestoTestServerOptions { Dialect = ServerDialect.Trino };
        configure?.Invoke(options);
        return await PrestoTestServer.StartAsync(options);
    }

    private static async Task WarmUpAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { Dialect = ServerDialect.Trino });
        await using var connection = new PrestoConnection(ConnectionString(string.Empty, server));
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT count(*) FROM tpch.tiny.nation", connection);
        await command.ExecuteScalarAsync();
    }

    /// <summary>A connection string for <paramref name="servers"/> (comma-separated when several) plus <paramref name="extra"/>.</summary>
    public static string ConnectionString(string extra, params PrestoTestServer[] servers) =>
        $"Server={string.Join(",", servers.Select(s => s.BaseAddress))};User=test;Dialect=Trino;HeartbeatInterval=0" + (extra.Length == 0 ? string.Empty : ";" + extra);

    /// <summary>Reads every row and every value, returning the rows read.</summary>
    public static async Task<int> ReadAllAsync(PrestoCommand command, CancellationToken cancellationToken = default)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        int rows = 0;
        do
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    _ = reader.GetValue(i);
                }

                rows++;
            }
        }
        while (await reader.NextResultAsync(cancellationToken));
        return rows;
    }

    /// <summary>Fails the test instead of hanging when <paramref name="work"/> does not end within <paramref name="limit"/>.</summary>
    public static async Task<T> WithinAsync<T>(Task<T> work, TimeSpan limit, string what)
    {
        await WithinAsync((Task)work, limit, what);
        return await work;
    }

    /// <summary>Fails the test instead of hanging when <paramref name="work"/> does not end within <paramref name="limit"/>.</summary>
    public static async Task WithinAsync(Task work, TimeSpan limit, string what)
    {
        if (await Task.WhenAny(work, Task.Delay(limit)) != work)
        {
            Assert.Fail($"{what} did not end within {limit.TotalSeconds} s (hang).");
        }

        await work;
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds (a best-effort cancel is sent in the background, after the exception
    /// reached the caller), failing after <paramref name="limit"/>.
    /// </summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(what);
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits for a DELETE of a statement URI on <paramref name="server"/>.</summary>
    public static Task DeletedAsync(PrestoTestServer server, string? pathPart = null) =>
        EventuallyAsync(
            () => server.Requests.Any(r => r.Method == "DELETE" && r.PathAndQuery.StartsWith("/v1/statement/", StringComparison.Ordinal) &&
                (pathPart is null || r.PathAndQuery.Contains(pathPart, StringComparison.Ordinal))),
            "the query got no DELETE");
}
