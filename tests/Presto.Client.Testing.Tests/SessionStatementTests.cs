using System.Net;
using System.Text.Json;
using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

public sealed class SessionStatementTests
{
    private static string P(ServerDialect d) => d == ServerDialect.Trino ? "X-Trino-" : "X-Presto-";

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Set_session_announces_the_property_on_executing_responses_only(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("SET SESSION query_max_run_time = '1h 30m'");

        Assert.Equal("1h 30m", WebUtility.UrlDecode(Assert.Single(run.Exchanges.Last().HeaderValues(P(dialect) + "Set-Session")).Split('=')[1]));
        Assert.StartsWith("query_max_run_time=", run.Exchanges.Last().HeaderValues(P(dialect) + "Set-Session").Single());
        Assert.Empty(run.Exchanges[0].HeaderValues(P(dialect) + "Set-Session"));
        Assert.Empty(run.Exchanges[1].HeaderValues(P(dialect) + "Set-Session"));
        Assert.Equal("SET SESSION", run.Last.GetProperty("updateType").GetString());
        Assert.Null(run.Error);
        if (dialect == ServerDialect.Trino)
        {
            Assert.Equal(0, run.Last.GetProperty("columns").GetArrayLength());
            Assert.Empty(run.Rows);
        }
        else
        {
            var column = Assert.Single(run.Last.GetProperty("columns").EnumerateArray());
            Assert.Equal("result", column.GetProperty("name").GetString());
            Assert.Equal("boolean", column.GetProperty("type").GetString());
            Assert.True(Assert.Single(run.Rows)[0].GetBoolean());
        }
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Session_directives_are_emitted_as_the_real_servers_emit_them(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        using var client = new ProtocolClient(server);
        client.SessionHeaders[P(dialect) + "Catalog"] = "tpch";
        string p = P(dialect);

        Assert.Equal("join_distribution_type", Single(await client.RunAsync("RESET SESSION join_distribution_type"), p + "Clear-Session"));

        var use = await client.RunAsync("USE memory.\"My Schema\"");
        Assert.Equal("memory", Single(use, p + "Set-Catalog"));
        Assert.Equal("My Schema", Single(use, p + "Set-Schema"));
        Assert.Equal("USE", use.Last.GetProperty("updateType").GetString());

        var useSchema = await client.RunAsync("USE Tiny");
        Assert.Equal("tpch", Single(useSchema, p + "Set-Catalog"));
        Assert.Equal("tiny", Single(useSchema, p + "Set-Schema"));

        Assert.Equal("hive=ROLE%7Badmin%7D", Single(await client.RunAsync("SET ROLE admin IN hive"), p + "Set-Role"));
        Assert.Equal("system=ALL", Single(await client.RunAsync("set role all"), p + "Set-Role"));

        var prepare = await client.RunAsync("PREPARE my_query FROM SELECT * FROM t WHERE a = ? AND b = 'x, y'");
        string added = Single(prepare, p + "Added-Prepare");
        Assert.Equal("my_query", added.Split('=')[0]);
        Assert.Equal("SELECT * FROM t WHERE a = ? AND b = 'x, y'", WebUtility.UrlDecode(added.Split('=')[1]));
        Assert.Equal("PREPARE", prepare.Last.GetProperty("updateType").GetString());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Execute_runs_the_prepared_statement_the_client_sends_back(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("SELECT name FROM t WHERE id = 42 AND tag = 'it''s'", ScriptedResult.FromRows([new("name", "varchar")], [["answer"]]));
        using var client = new ProtocolClient(server);
        string p = P(dialect);
        var prepare = await client.RunAsync("PREPARE q1 FROM SELECT name FROM t WHERE id = ? AND tag = ?");
        string encoded = Single(prepare, p + "Added-Prepare");

        var run = await client.RunAsync("EXECUTE q1 USING 42, 'it''s'", new Dictionary<string, string> { [p + "Prepared-Statement"] = encoded });

        Assert.Equal("answer", Assert.Single(run.Rows)[0].GetString());

        var wrongCount = await client.RunAsync("EXECUTE q1 USING 42", new Dictionary<string, string> { [p + "Prepared-Statement"] = encoded });
        Assert.Equal("INVALID_PARAMETER_USAGE", wrongCount.Error!.Value.GetProperty("errorName").GetString());

        var missing = await client.RunAsync("EXECUTE q1 USING 42, 'a'");
        Assert.Equal("NOT_FOUND", missing.Error!.Value.GetProperty("errorName").GetString());
        Assert.Equal("Prepared statement not found: q1", missing.Error!.Value.GetProperty("message").GetString());

        var deallocate = await client.RunAsync("DEALLOCATE PREPARE q1", new Dictionary<string, string> { [p + "Prepared-Statement"] = encoded });
        Assert.Equal("q1", Single(deallocate, p + "Deallocated-Prepare"));
        Assert.Equal("DEALLOCATE", deallocate.Last.GetProperty("updateType").GetString());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Execute_arguments_split_on_top_level_commas_only(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("SELECT name FROM t WHERE ids = ARRAY[1, 2] AND pair = ROW(3, 'a,b') AND id = 4", ScriptedResult.FromRows([new("name", "varchar")], [["split"]]));
        using var client = new ProtocolClient(server);
        string p = P(dialect);
        var prepare = await client.RunAsync("PREPARE q3 FROM SELECT name FROM t WHERE ids = ? AND pair = ? AND id = ?");
        string encoded = Single(prepare, p + "Added-Prepare");

        var run = await client.RunAsync("EXECUTE q3 USING ARRAY[1, 2], ROW(3, 'a,b'), 4", new Dictionary<string, string> { [p + "Prepared-Statement"] = encoded });

        Assert.Null(run.Error);
        Assert.Equal("split", Assert.Single(run.Rows)[0].GetString());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Transactions_need_the_transaction_header_and_end_with_clear(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        using var client = new ProtocolClient(server);
        string p = P(dialect);

        var incompatible = await client.RunAsync("START TRANSACTION");
        Assert.Equal("INCOMPATIBLE_CLIENT", incompatible.Error!.Value.GetProperty("errorName").GetString());

        var start = await client.RunAsync("START TRANSACTION ISOLATION LEVEL READ COMMITTED, READ WRITE", new Dictionary<string, string> { [p + "Transaction-Id"] = "NONE" });
        string id = Single(start, p + "Started-Transaction-Id");
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal("START TRANSACTION", start.Last.GetProperty("updateType").GetString());

        var nested = await client.RunAsync("START TRANSACTION", new Dictionary<string, string> { [p + "Transaction-Id"] = id });
        Assert.Equal("NOT_SUPPORTED", nested.Error!.Value.GetProperty("errorName").GetString());

        var commit = await client.RunAsync("COMMIT", new Dictionary<string, string> { [p + "Transaction-Id"] = id });
        Assert.Equal("true", Single(commit, p + "Clear-Transaction-Id"));
        Assert.Equal("COMMIT", commit.Last.GetProperty("updateType").GetString());

        var again = await client.RunAsync("ROLLBACK", new Dictionary<string, string> { [p + "Transaction-Id"] = id });
        Assert.Equal("UNKNOWN_TRANSACTION", again.Error!.Value.GetProperty("errorName").GetString());

        var none = await client.RunAsync("COMMIT", new Dictionary<string, string> { [p + "Transaction-Id"] = "NONE" });
        Assert.Equal("NOT_IN_TRANSACTION", none.Error!.Value.GetProperty("errorName").GetString());

        var second = await client.RunAsync("START TRANSACTION", new Dictionary<string, string> { [p + "Transaction-Id"] = "NONE" });
        var rollback = await client.RunAsync("ROLLBACK WORK", new Dictionary<string, string> { [p + "Transaction-Id"] = Single(second, p + "Started-Transaction-Id") });
        Assert.Equal("true", Single(rollback, p + "Clear-Transaction-Id"));
    }

    [Fact]
    public async Task Trino_path_and_session_authorization_need_client_capabilities()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        using var client = new ProtocolClient(server);

        var refused = await client.RunAsync("SET SESSION AUTHORIZATION alice");
        Assert.Equal("NOT_SUPPORTED", refused.Error!.Value.GetProperty("errorName").GetString());

        var capabilities = new Dictionary<string, string> { ["X-Trino-Client-Capabilities"] = "PATH,PARAMETRIC_DATETIME,SESSION_AUTHORIZATION" };
        Assert.Equal("alice", Single(await client.RunAsync("SET SESSION AUTHORIZATION alice", capabilities), "X-Trino-Set-Authorization-User"));
        Assert.Equal("true", Single(await client.RunAsync("RESET SESSION AUTHORIZATION", capabilities), "X-Trino-Reset-Authorization-User"));
        Assert.Equal("memory.default,tpch.tiny", Single(await client.RunAsync("SET PATH memory.default, tpch.tiny", capabilities), "X-Trino-Set-Path"));
    }

    [Fact]
    public async Task Trino_parses_session_headers_like_the_server_lower_casing_catalog_and_schema()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        server.Script("q", ScriptedResult.FromRows([new("x", "bigint")], [[1L]]));
        using var client = new ProtocolClient(server);

        await client.RunAsync("q", new Dictionary<string, string>
        {
            ["X-Trino-Catalog"] = " TPCH ",
            ["X-Trino-Schema"] = "Tiny",
            ["X-Trino-Source"] = "my-app",
            ["X-Trino-Client-Tags"] = "etl,nightly",
        });

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var info = JsonDocument.Parse(await http.GetStringAsync("/v1/query")).RootElement[0].GetProperty("session");
        Assert.Equal("tpch", info.GetProperty("catalog").GetString());
        Assert.Equal("tiny", info.GetProperty("schema").GetString());
        Assert.Equal("my-app", info.GetProperty("source").GetString());
        Assert.Equal(["etl", "nightly"], info.GetProperty("clientTags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Presto_keeps_catalog_case_and_requires_the_user()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Presto);
        server.Script("q", ScriptedResult.FromRows([new("x", "bigint")], [[1L]]));
        using var client = new ProtocolClient(server);

        await client.RunAsync("q", new Dictionary<string, string> { ["X-Presto-Catalog"] = "Hive", ["X-Presto-Schema"] = "Web" });

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var info = JsonDocument.Parse(await http.GetStringAsync("/v1/query")).RootElement[0].GetProperty("session");
        Assert.Equal("Hive", info.GetProperty("catalog").GetString());

        using var noUser = new HttpRequestMessage(HttpMethod.Post, "/v1/statement") { Content = new StringContent("q") };
        noUser.Headers.Add("X-Trino-User", "someone");
        using var response = await http.SendAsync(noUser);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("User must be set", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("X-Trino-Session", "a=b=c", "Invalid X-Trino-Session header")]
    [InlineData("X-Trino-Role", "hive", "Invalid X-Trino-Role header")]
    [InlineData("X-Trino-Prepared-Statement", "noequals", "Invalid X-Trino-Prepared-Statement header")]
    [InlineData("X-Trino-Resource-Estimate", "PEAK_TASK_MEMORY=1GB", "Unsupported resource name PEAK_TASK_MEMORY")]
    [InlineData("X-Trino-Schema", "tiny", "Schema is set but catalog is not")]
    public async Task Malformed_headers_get_400_with_the_server_text(string header, string value, string expected)
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        using var client = new ProtocolClient(server);

        var response = await client.PostAsync("SELECT 1", new Dictionary<string, string> { [header] = value });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(expected, response.Body);
        Assert.Empty(server.Queries);
    }

    [Fact]
    public async Task Url_encoded_session_values_are_decoded_and_commas_split_properties()
    {
        await using var server = await Servers.StartAsync(ServerDialect.Trino);
        server.Script("q", ScriptedResult.FromRows([new("x", "bigint")], [[1L]]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("q", new Dictionary<string, string>
        {
            ["X-Trino-Session"] = "a=x%3Dy%2Cz, b=with+space",
            ["X-Trino-Extra-Credential"] = "token=abc%3D%3D",
        });

        Assert.Null(run.Error);
        var recorded = server.Submissions.Single();
        Assert.Equal("a=x%3Dy%2Cz, b=with+space", recorded.Header("X-Trino-Session"));
    }

    private static string Single(QueryRun run, string header) => Assert.Single(run.Header(header).Distinct());
}
