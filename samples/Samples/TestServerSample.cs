using Presto.Testing;

namespace Presto.Samples;

/// <summary>
/// The embedded server's own API (docs/testing-server.md, docs/reliability.md, README.md): options, scripted results,
/// fault injection and a hostile response, each followed by what a client sees.
/// </summary>
internal static class TestServerSample
{
    public static async Task RunAsync()
    {
        await OptionsAsync();
        await ScriptsAsync();
        await FaultsAsync();
        await ReadmeAsync();
        await HostileAsync();
    }

    private static async Task OptionsAsync()
    {
        // <snippet:testing-server-options>
        await using var server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions
        {
            Dialect = ServerDialect.Presto,      // or Trino (default)
            TargetResultSizeBytes = 64 * 1024,   // smaller pages than the 1 MB default, to exercise paging
            QueuedPolls = 2,                     // stay QUEUED for two polls before dispatch
            AbandonedQueryTimeout = TimeSpan.FromSeconds(2),
            Seed = 7,                            // seeds probabilistic faults
        });
        Uri endpoint = server.BaseAddress;       // e.g. http://127.0.0.1:40123
        // </snippet:testing-server-options>

        await using var connection = new PrestoConnection($"Server={endpoint};User=test;Catalog=tpch;Schema=tiny;Dialect=Presto");
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT orderkey, comment FROM orders", connection);
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
        }

        var polls = server.Requests.Count(r => r.Method == "GET" && r.PathAndQuery.StartsWith("/v1/statement/", StringComparison.Ordinal));
        Console.WriteLine($"options: {rows} rows from a PrestoDB-dialect server in {polls} polls");
        SampleCheck.Expect(rows == 15_000 && polls > 10, "64 KB pages split 15,000 orders over many polls");
    }

    private static async Task ScriptsAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        ResultColumn[] columns = [new ResultColumn("id", "bigint"), new ResultColumn("score", "double")];

        // <snippet:testing-server-script>
        server.Script("SELECT * FROM orders", ScriptedResult.FromRows(
            [new ResultColumn("id", "bigint"), new ResultColumn("total", "decimal(38,2)"), new ResultColumn("tags", "array(varchar)")],
            [[1L, 12.5m, new[] { "a", "b" }], [2L, "12345678901234567890123456789012345.67", null]]));

        server.Script(sql => sql.Contains("events", StringComparison.Ordinal), ScriptedResult.Generated(columns, 10_000_000, i => [i, i * 0.5]));   // lazy
        server.Script("SELECT raw", ScriptedResult.FromRawRows(columns, ["[1, \"NaN\"]"]));                                                // verbatim JSON
        server.Script("INSERT INTO t VALUES (1)", ScriptedResult.Update("INSERT", 1));
        server.Script("SELECT broken", ScriptedResult.Failure("SYNTAX_ERROR", "line 1:8: mismatched input", 1, 8));
        // </snippet:testing-server-script>

        await using var client = new PrestoClient($"Server={server.BaseAddress};User=test");
        var rows = await client.Query("SELECT * FROM orders").StreamRowsAsync().ToListAsync();
        var first = await client.Query("SELECT * FROM events").FirstOrDefaultAsync<(long Id, double Score)>();
        var raw = await client.Query("SELECT raw").FirstOrDefaultAsync<(long Id, double Score)>();
        var inserted = await client.Query("INSERT INTO t VALUES (1)").ExecuteAsync();
        string? error = null;
        try
        {
            await client.Query("SELECT broken").ExecuteAsync();
        }
        catch (PrestoQueryException ex)
        {
            error = $"{ex.ErrorName} at {ex.ErrorLocation?.LineNumber}:{ex.ErrorLocation?.ColumnNumber}";
        }

        Console.WriteLine($"scripts: {rows.Count} orders (total {rows[1][1]}), first event {first}, raw {raw}, {inserted} inserted, {error}");
        SampleCheck.Expect(rows.Count == 2 && rows[1][1] is PrestoDecimal && first == (0L, 0.0) && double.IsNaN(raw.Score) && inserted == 1 && error == "SYNTAX_ERROR at 1:8",
            "each script answers as written");
    }

    private static async Task FaultsAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);

        // <snippet:testing-server-faults>
        server.Faults.FailRequests(RequestKind.Get, 503, times: 2);                           // next two polls
        server.Faults.FailRequests(RequestKind.Post, 429, retryAfter: TimeSpan.FromSeconds(1));
        server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.AbortMidBody });
        server.Faults.Http(new HttpFault { Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromMilliseconds(500), Times = -1, Probability = 0.1 });
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.AfterPage, AfterPages = 2 });
        server.State = ServerState.ShuttingDown;   // /v1/info/state = SHUTTING_DOWN, new queries fail with SERVER_SHUTTING_DOWN
        server.QueueFull = true;                   // new queries fail with QUERY_QUEUE_FULL
        server.Starting = true;                    // /v1/info reports "starting": true
        await server.StopListeningAsync();         // connection refused…
        await server.StartListeningAsync();        // …and back on the same port, queries intact
        // </snippet:testing-server-faults>

        await using var client = new PrestoClient($"Server={server.BaseAddress};User=test;Catalog=tpch;Schema=tiny;MaxQueryAttempts=1");
        string? refused = null;
        try
        {
            await client.Query("SELECT count(*) FROM nation").ScalarAsync<long>();
        }
        catch (PrestoQueryException ex)
        {
            refused = ex.ErrorName;
        }

        server.Faults.Clear();
        (server.State, server.QueueFull, server.Starting) = (ServerState.Active, false, false);
        var nations = await client.Query("SELECT count(*) FROM nation").ScalarAsync<long>();
        Console.WriteLine($"faults: the first query failed with {refused}; after Clear(), {nations} nations");
        SampleCheck.Expect(refused is "SERVER_SHUTTING_DOWN" or "QUERY_QUEUE_FULL" && nations == 25, "the server's state fails new queries until it is reset");
    }

    private static async Task ReadmeAsync()
    {
        // <snippet:readme-testing-server>
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        server.Script("SELECT * FROM big", ScriptedResult.Generated(
            [new ResultColumn("id", "bigint"), new ResultColumn("price", "decimal(12,2)")],
            rowCount: 10_000_000,
            row: i => [i, 19.99m]));
        server.Faults.FailRequests(RequestKind.Get, statusCode: 503, times: 2);
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.AfterPage, AfterPages = 1 });
        // point any client at server.BaseAddress
        // </snippet:readme-testing-server>

        await using var client = new PrestoClient($"Server={server.BaseAddress};User=test;RetryDelayMs=10");
        var first = await client.Query("SELECT * FROM big").FirstOrDefaultAsync<(long Id, decimal Price)>();
        var polls = server.Requests.Count(r => r.Method == "GET" && r.StatusCode == 503);
        Console.WriteLine($"README: first row {first} after {polls} polls answered 503");
        SampleCheck.Expect(first == (0L, 19.99m) && polls == 2, "the two 503s are retried on the same URI");
    }

    private static async Task HostileAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);

        // <snippet:reliability-hostile-body>
        server.Faults.Http(new HttpFault
        {
            On = RequestKind.Post,
            Kind = HttpFaultKind.Hostile,
            Response = new HostileResponse { Body = HostileBody.Compressed(HostileBody.Repeat("{\"id\":\"x\",\"extra\":\"", " ", 1L << 30, "\"}")) },
        });
        // </snippet:reliability-hostile-body>

        await using var client = new PrestoClient($"Server={server.BaseAddress};User=test;MaxResponseBytes=16777216");
        try
        {
            await client.Query("SELECT 1").ScalarAsync<int>();
            SampleCheck.Expect(false, "a 1 GB gzip bomb is refused");
        }
        catch (PrestoProtocolException ex)
        {
            Console.WriteLine($"hostile: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
