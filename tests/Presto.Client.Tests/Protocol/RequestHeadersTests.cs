using System.Net;
using System.Net.Http;
using Presto.Protocol;
using Presto.Testing;
using Presto.Tests.Support;
using static Presto.Tests.Protocol.ProtocolTestKit;

namespace Presto.Tests.Protocol;

/// <summary>Submission headers (PROTOCOL.md §4.2) and their encoding (§4.1), checked against the server's own header parsing.</summary>
public sealed class RequestHeadersTests
{
    public static TheoryData<string> AwkwardValues => new()
    {
        "a+b",
        "a,b",
        "a=b",
        "100%",
        "%41",
        "a b",
        "żółw ✓ 😀",
        "tab\tcr\rlf\nnul\u0000",
        "ROLE{x}",
        "'quoted' \"double\" ; & ? # / \\",
    };

    [Theory]
    [MemberData(nameof(AwkwardValues))]
    public void Encoded_values_decode_back_with_form_and_uri_decoders(string value)
    {
        var encoded = RequestHeaders.Encode(value);

        Assert.Matches("^[A-Za-z0-9._~%-]*$", encoded);
        Assert.Equal(Uri.EscapeDataString(value), encoded);
        Assert.Equal(value, WebUtility.UrlDecode(encoded));
        Assert.Equal(value, Uri.UnescapeDataString(encoded));
    }

    [Fact]
    public void An_unpaired_surrogate_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => RequestHeaders.Encode("a\ud800b"));
    }

    [Theory]
    [InlineData("a=b")]
    [InlineData("a,b")]
    [InlineData("a\r\nb")]
    [InlineData("a b")]
    [InlineData("")]
    [InlineData("żółw")]
    public void Invalid_names_are_rejected(string name)
    {
        var settings = new ConnectionSettings { Servers = [new Uri("http://127.0.0.1")], User = "u", SessionProperties = new Dictionary<string, string> { [name] = "v" } };

        var ex = Assert.Throws<ArgumentException>(() => Headers(settings, new ClientSession(settings)));

        Assert.Contains("name", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("info\r\nX-Evil: 1")]
    [InlineData("info\n")]
    [InlineData("caf\u00e9")]
    public void Raw_values_that_cannot_be_sent_are_rejected(string value)
    {
        var settings = new ConnectionSettings { Servers = [new Uri("http://127.0.0.1")], User = "u", ClientInfo = value };

        var ex = Assert.Throws<ArgumentException>(() => Headers(settings, new ClientSession(settings)));

        Assert.Contains("Client-Info", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Evil", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_with_commas_are_rejected()
    {
        var settings = new ConnectionSettings { Servers = [new Uri("http://127.0.0.1")], User = "u", ClientTags = ["a,b"] };

        Assert.Throws<ArgumentException>(() => Headers(settings, new ClientSession(settings)));
    }

    [Theory]
    [InlineData("admin", "ROLE{admin}")]
    [InlineData("ROLE{admin}", "ROLE{admin}")]
    [InlineData("all", "ALL")]
    [InlineData("NONE", "NONE")]
    public void Bare_role_names_are_wrapped(string role, string expected) => Assert.Equal(expected, RequestHeaders.NormalizeRole(role));

    [Theory]
    [InlineData(ServerDialect.Trino)]
    [InlineData(ServerDialect.Presto)]
    public async Task Every_header_a_connection_sets_is_sent_with_the_dialect_prefix_and_accepted(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        var settings = new ConnectionSettings
        {
            Servers = [server.BaseAddress],
            User = "alice",
            Source = "my app",
            Catalog = "tpch",
            Schema = "tiny",
            Path = "tpch.tiny,memory.default",
            TimeZone = "America/New_York",
            Language = "en-US",
            TraceToken = "trace-1",
            ClientInfo = "{\"k\":1}",
            ClientTags = ["t1", "t2"],
            RoutingGroup = "etl",
            SessionProperties = new Dictionary<string, string> { ["query_max_run_time"] = "1h", ["tpch.flag"] = "a,b=c+d %20 żółw" },
            Roles = new Dictionary<string, string> { ["system"] = "admin", ["hive"] = "ALL" },
            ExtraCredentials = new Dictionary<string, string> { ["token"] = "x=y,z" },
            ResourceEstimates = new Dictionary<string, string> { ["EXECUTION_TIME"] = "1.5h", ["PEAK_MEMORY"] = "10GB" },
            AllowInsecureCredentials = true,
        };
        var session = new ClientSession(settings);
        session.PreparedStatements["p1"] = "SELECT 'a,b=c', ?";
        var driver = new StatementDriver(Transport(server, settings), settings, session);

        var outcome = await driver.RunAsync("SELECT count(*) FROM nation", new StatementOptions { ClientInfo = "per statement", SessionProperties = new Dictionary<string, string> { ["query_max_run_time"] = "2h" } });

        Assert.Null(outcome.ErrorName);
        Assert.Equal("25", Assert.Single(outcome.Rows)[0]);
        var r = Assert.Single(server.Submissions);
        string p = dialect == ServerDialect.Presto ? "X-Presto-" : "X-Trino-";
        Assert.Equal("alice", r.Header(p + "User"));
        Assert.Equal("my app", r.Header(p + "Source"));
        Assert.Equal("tpch", r.Header(p + "Catalog"));
        Assert.Equal("tiny", r.Header(p + "Schema"));
        Assert.Equal("America/New_York", r.Header(p + "Time-Zone"));
        Assert.Equal("en-US", r.Header(p + "Language"));
        Assert.Equal("trace-1", r.Header(p + "Trace-Token"));
        Assert.Equal("per statement", r.Header(p + "Client-Info"));
        Assert.Equal(["t1,t2"], r.Headers[p + "Client-Tags"]);
        Assert.Equal("NONE", r.Header(p + "Transaction-Id"));
        Assert.Equal("etl", r.Header(p + "Routing-Group"));
        Assert.Equal(
            new Dictionary<string, string> { ["query_max_run_time"] = "2h", ["tpch.flag"] = "a,b=c+d %20 żółw" },
            Decode(r.Headers[p + "Session"]));
        Assert.Equal(new Dictionary<string, string> { ["system"] = "ROLE{admin}", ["hive"] = "ALL" }, Decode(r.Headers[p + "Role"]));
        Assert.Equal(new Dictionary<string, string> { ["token"] = "x=y,z" }, Decode(r.Headers[p + "Extra-Credential"]));
        Assert.Equal(new Dictionary<string, string> { ["EXECUTION_TIME"] = "1.5h", ["PEAK_MEMORY"] = "10GB" }, Decode(r.Headers[p + "Resource-Estimate"]));
        Assert.Equal(new Dictionary<string, string> { ["p1"] = "SELECT 'a,b=c', ?" }, Decode(r.Headers[p + "Prepared-Statement"]));
        Assert.DoesNotContain(r.Headers.Keys, k => k.StartsWith(dialect == ServerDialect.Presto ? "X-Trino-" : "X-Presto-", StringComparison.OrdinalIgnoreCase));
        if (dialect == ServerDialect.Trino)
        {
            Assert.Equal("PATH,PARAMETRIC_DATETIME,SESSION_AUTHORIZATION", r.Header("X-Trino-Client-Capabilities"));
            Assert.Equal("tpch.tiny,memory.default", r.Header("X-Trino-Path"));
        }
        else
        {
            Assert.Null(r.Header("X-Presto-Client-Capabilities"));
            Assert.Null(r.Header("X-Presto-Path"));
        }
    }

    [Fact]
    public async Task Prepared_statement_with_awkward_text_survives_the_round_trip_through_the_server()
    {
        await using var server = await TestServers.StartAsync();
        var settings = Settings(server);
        var driver = new StatementDriver(Transport(server), settings, new ClientSession(settings));
        const string literal = "a,b=c+d %20 %zz żółw ✓ 😀";

        await driver.RunAsync($"PREPARE p FROM SELECT '{literal}', ?");
        var outcome = await driver.RunAsync("EXECUTE p USING 'x'");

        Assert.Null(outcome.ErrorName);
        Assert.Equal(new string?[] { literal, "x" }, Assert.Single(outcome.Rows));
    }

    [Fact]
    public async Task PrestoDB_gets_a_default_user_and_Trino_none()
    {
        await using var presto = await TestServers.StartAsync(ServerDialect.Presto);
        await using var trino = await TestServers.StartAsync();
        var prestoSettings = new ConnectionSettings { Servers = [presto.BaseAddress] };
        var trinoSettings = new ConnectionSettings { Servers = [trino.BaseAddress] };

        var outcome = await new StatementDriver(Transport(prestoSettings, ProtocolDialect.Presto), prestoSettings, new ClientSession(prestoSettings)).RunAsync("SELECT 1");
        var ex = await Assert.ThrowsAsync<PrestoProtocolException>(() =>
            new StatementDriver(Transport(trinoSettings, ProtocolDialect.Trino), trinoSettings, new ClientSession(trinoSettings)).RunAsync("SELECT 1"));

        Assert.Null(outcome.ErrorName);
        Assert.Equal(RequestHeaders.DefaultUser(), presto.Submissions[0].Header("X-Presto-User"));
        Assert.Null(trino.Submissions[0].Header("X-Trino-User"));
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("User must be set", ex.ResponseExcerpt);
    }

    private static HttpRequestMessage Headers(ConnectionSettings settings, ClientSession session, ProtocolDialect dialect = ProtocolDialect.Trino)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/v1/statement");
        RequestHeaders.AddSubmissionHeaders(message, dialect, settings, session, null);
        return message;
    }

    internal static Dictionary<string, string> Decode(string[] headers)
    {
        var result = new Dictionary<string, string>();
        foreach (var item in headers.SelectMany(h => h.Split(',', StringSplitOptions.TrimEntries)))
        {
            var parts = item.Split('=');
            Assert.Equal(2, parts.Length);
            result[WebUtility.UrlDecode(parts[0])] = WebUtility.UrlDecode(parts[1]);
        }

        return result;
    }
}
