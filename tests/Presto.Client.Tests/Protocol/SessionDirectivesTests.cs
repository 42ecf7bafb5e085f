using System.Net;
using Presto.Protocol;
using Presto.Testing;
using Presto.Tests.Support;
using static Presto.Tests.Protocol.ProtocolTestKit;

namespace Presto.Tests.Protocol;

/// <summary>Response directives (PROTOCOL.md §4.3): parsing rules, and the session state machine driven by the server's real answers.</summary>
public sealed class SessionDirectivesTests
{
    private static readonly ConnectionSettings s_settings = new() { Servers = [new Uri("http://127.0.0.1")], User = "test" };

    [Fact]
    public void Folded_and_repeated_headers_are_split_decoded_and_matched_case_insensitively()
    {
        var session = new ClientSession(s_settings);
        var directives = new SessionDirectives();

        directives.Collect(
        [
            new("X-Trino-Set-Session", "a=1, b=x%2Cy"),
            new("x-trino-set-session", "c=%2B+"),
            new("X-TRINO-ADDED-PREPARE", "my+stmt=SELECT+%27a%2Cb%3Dc%27, q=SELECT+1"),
            new("X-Trino-Set-Role", "system=ROLE%7Badmin%7D"),
            new("X-Trino-Set-Path", "a.b,c.d"),
            new("X-Trino-Set-Catalog", "tpch"),
            new("X-Presto-Set-Schema", "ignored"),
            new("Content-Type", "application/json"),
        ], ProtocolDialect.Trino);
        directives.ApplyTo(session, succeeded: true);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "x,y", ["c"] = "+ " }, session.Properties);
        Assert.Equal(new Dictionary<string, string> { ["my stmt"] = "SELECT 'a,b=c'", ["q"] = "SELECT 1" }, session.PreparedStatements);
        Assert.Equal("ROLE{admin}", session.Roles["system"]);
        Assert.Equal("a.b,c.d", session.Path);
        Assert.Equal("tpch", session.Catalog);
        Assert.Null(session.Schema);
    }

    [Fact]
    public void Seeing_a_directive_again_is_harmless_and_the_last_one_about_a_name_wins()
    {
        var session = new ClientSession(s_settings);
        session.Properties["gone"] = "1";
        var directives = new SessionDirectives();
        KeyValuePair<string, string>[] response = [new("X-Presto-Set-Session", "x=1"), new("X-Presto-Clear-Session", "gone"), new("X-Presto-Set-Original-Roles", "ROLE{r}")];

        directives.Collect(response, ProtocolDialect.Presto);
        directives.Collect(response, ProtocolDialect.Presto);
        directives.Collect([new("X-Presto-Set-Session", "x=2")], ProtocolDialect.Presto);
        directives.ApplyTo(session, succeeded: true);
        directives.ApplyTo(session, succeeded: true);

        Assert.Equal(new Dictionary<string, string> { ["x"] = "2" }, session.Properties);
        Assert.Equal(["ROLE{r}"], session.OriginalRoles);
    }

    [Fact]
    public void A_failed_statement_applies_only_transaction_directives()
    {
        var session = new ClientSession(s_settings) { TransactionId = "tx-1" };
        var directives = new SessionDirectives();

        directives.Collect([new("X-Trino-Clear-Transaction-Id", "true"), new("X-Trino-Set-Catalog", "other"), new("X-Trino-Set-Session", "a=1")], ProtocolDialect.Trino);
        directives.ApplyTo(session, succeeded: false);

        Assert.Null(session.TransactionId);
        Assert.Null(session.Catalog);
        Assert.Empty(session.Properties);
    }

    [Fact]
    public void Authorization_user_directives_reset_roles()
    {
        var session = new ClientSession(s_settings);
        session.Roles["system"] = "ROLE{admin}";
        var set = new SessionDirectives();
        set.Collect([new("X-Trino-Set-Authorization-User", "alice"), new("X-Trino-Set-Original-Roles", "ROLE{admin}")], ProtocolDialect.Trino);
        set.ApplyTo(session, succeeded: true);

        Assert.Equal("alice", session.AuthorizationUser);
        Assert.Empty(session.Roles);
        Assert.Equal(["ROLE{admin}"], session.OriginalRoles);

        session.Roles["system"] = "ROLE{x}";
        var reset = new SessionDirectives();
        reset.Collect([new("X-Trino-Reset-Authorization-User", "true")], ProtocolDialect.Trino);
        reset.ApplyTo(session, succeeded: true);

        Assert.Null(session.AuthorizationUser);
        Assert.Empty(session.Roles);
        Assert.Empty(session.OriginalRoles);
    }

    [Theory]
    [InlineData(ServerDialect.Trino)]
    [InlineData(ServerDialect.Presto)]
    public async Task Session_statements_change_the_client_session(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        var settings = Settings(server);
        var driver = new StatementDriver(Transport(server), settings, new ClientSession(settings));
        var session = driver.Session;
        string p = dialect == ServerDialect.Presto ? "X-Presto-" : "X-Trino-";

        await driver.RunAsync("USE tpch.tiny");
        Assert.Equal(("tpch", "tiny"), (session.Catalog, session.Schema));
        Assert.Equal("25", (await driver.RunAsync("SELECT count(*) FROM nation")).Rows[0][0]);

        await driver.RunAsync("SET SESSION query_max_run_time = 'a,b=c+d %20 żółw'");
        await driver.RunAsync("SET SESSION other = '1'");
        Assert.Equal("a,b=c+d %20 żółw", session.Properties["query_max_run_time"]);
        await driver.RunAsync("RESET SESSION other");
        Assert.Equal(["query_max_run_time"], session.Properties.Keys);
        var sent = RequestHeadersTests.Decode(server.Submissions[^1].Headers[p + "Session"]);
        Assert.Equal("a,b=c+d %20 żółw", sent["query_max_run_time"]);

        await driver.RunAsync("SET ROLE admin IN hive");
        Assert.Equal("ROLE{admin}", session.Roles["hive"]);

        await driver.RunAsync("PREPARE stmt FROM SELECT name FROM nation WHERE nationkey = ?");
        Assert.Equal("SELECT name FROM nation WHERE nationkey = ?", session.PreparedStatements["stmt"]);
        Assert.Equal("GERMANY", Assert.Single((await driver.RunAsync("EXECUTE stmt USING 7")).Rows)[0]);
        await driver.RunAsync("DEALLOCATE PREPARE stmt");
        Assert.Empty(session.PreparedStatements);

        var start = await driver.RunAsync("START TRANSACTION");
        Assert.Null(start.ErrorName);
        Assert.NotNull(session.TransactionId);
        var id = session.TransactionId;
        await driver.RunAsync("SELECT 1");
        Assert.Equal(id, server.Submissions[^1].Header(p + "Transaction-Id"));
        await driver.RunAsync("COMMIT");
        Assert.Null(session.TransactionId);
        Assert.Equal("NOT_IN_TRANSACTION", (await driver.RunAsync("COMMIT")).ErrorName);
        Assert.Equal("NONE", server.Submissions[^1].Header(p + "Transaction-Id"));
        Assert.All(server.Requests, r => Assert.NotEqual(400, r.StatusCode));
    }

    [Fact]
    public async Task Trino_path_and_session_authorization()
    {
        await using var server = await TestServers.StartAsync();
        var settings = Settings(server);
        var driver = new StatementDriver(Transport(server), settings, new ClientSession(settings));
        var session = driver.Session;

        Assert.Null((await driver.RunAsync("SET PATH tpch.tiny, memory.default")).ErrorName);
        Assert.Equal("tpch.tiny,memory.default", session.Path);

        Assert.Null((await driver.RunAsync("SET SESSION AUTHORIZATION 'alice'")).ErrorName);
        Assert.Equal("alice", session.AuthorizationUser);
        await driver.RunAsync("SELECT 1");
        var submission = server.Submissions[^1];
        Assert.Equal(("alice", "test"), (submission.Header("X-Trino-User"), submission.Header("X-Trino-Original-User")));
        Assert.Equal("tpch.tiny,memory.default", submission.Header("X-Trino-Path"));
        Assert.Equal("alice", server.Queries.Last().User);

        await driver.RunAsync("RESET SESSION AUTHORIZATION");
        Assert.Null(session.AuthorizationUser);
        await driver.RunAsync("SELECT 1");
        Assert.Equal("test", server.Submissions[^1].Header("X-Trino-User"));
        Assert.Null(server.Submissions[^1].Header("X-Trino-Original-User"));
    }
}
