using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

/// <summary>
/// Bodies a broken server, proxy or network can produce. Every one must end in a
/// <see cref="PrestoProtocolException"/> that carries the status and an excerpt of the body, never a hang,
/// a NullReferenceException or silently wrong rows.
/// </summary>
public sealed class MalformedResponseTests
{
    private const string BigintColumn = """{"id":"q1","infoUri":"http://127.0.0.1/ui","columns":[{"name":"a","type":"bigint","typeSignature":{"rawType":"bigint","arguments":[]}}],""";

    private static string Rows(string data) => BigintColumn + "\"data\":" + data + "}";

    public static TheoryData<string, string> Bodies()
    {
        var data = new TheoryData<string, string>
        {
            { "truncated object", """{"id":"q1","infoUri":"http://x/ui","stats":{"state":"QUEUED" """ },
            { "html page", "<html><body><h1>502 Bad Gateway</h1></body></html>" },
            { "plain text", "upstream connect error or disconnect/reset before headers" },
            { "json array", "[]" },
            { "json string", "\"QueryResults\"" },
            { "json null", "null" },
            { "json number", "42" },
            { "empty object", "{}" },
            { "id is a number", """{"id":123}""" },
            { "nextUri is a number", """{"id":"q1","nextUri":42}""" },
            { "nextUri is not a uri", """{"id":"q1","nextUri":"not a uri"}""" },
            { "nextUri is not http", """{"id":"q1","nextUri":"ftp://127.0.0.1/v1/statement/x"}""" },
            { "columns is a string", """{"id":"q1","columns":"a"}""" },
            { "column without type", """{"id":"q1","columns":[{"name":"a"}]}""" },
            { "column is a number", """{"id":"q1","columns":[1]}""" },
            { "data without columns", """{"id":"q1","data":[[1]]}""" },
            { "row with too many values", Rows("[[1,2]]") },
            { "row with too few values", Rows("[[]]") },
            { "row is not an array", Rows("[1]") },
            { "data is a string", Rows("\"rows\"") },
            { "data appears twice", Rows("[[1]],\"data\":[[2]]") },
            { "unrequested spooled data", Rows("{\"encoding\":\"json+zstd\",\"segments\":[]}") },
            { "bigint is text", Rows("[[\"abc\"]]") },
            { "bigint is fractional", Rows("[[1.5]]") },
            { "bigint overflows", Rows("[[92233720368547758070]]") },
            { "bigint is an object", Rows("[[{\"v\":1}]]") },
            { "error is a string", """{"id":"q1","error":"boom"}""" },
            { "updateCount is text", """{"id":"q1","updateCount":"seven"}""" },
            { "content after the document", """{"id":"q1"} {"id":"q2"}""" },
            { "nesting too deep", "{\"id\":\"q1\",\"x\":" + new string('[', 5000) + new string(']', 5000) + "}" },
            { "unterminated string", """{"id":"q1,"infoUri":"x"}""" },
            { "single quotes", "{'id':'q1'}" },
            { "trailing comma", """{"id":"q1",}""" },
            { "bare NaN", Rows("[[NaN]]") },
        };
        foreach (var (type, value) in ValueCases)
        {
            data.Add($"{type} value {value}", $$"""{"id":"q1","infoUri":"http://127.0.0.1/ui","columns":[{"name":"c","type":"{{type}}"}],"data":[[{{value}}]]}""");
        }

        return data;
    }

    private static readonly (string Type, string Value)[] ValueCases =
    [
        ("integer", "3000000000"),
        ("smallint", "40000"),
        ("tinyint", "200"),
        ("boolean", "1"),
        ("boolean", "\"yes\""),
        ("double", "\"1.2.3\""),
        ("real", "\"fast\""),
        ("decimal(10, 2)", "\"1,50\""),
        ("varbinary", "\"***not base64***\""),
        ("date", "\"2020-13-45\""),
        ("date", "\"2021-02-29\""),
        ("timestamp(3)", "\"yesterday\""),
        ("time(3)", "\"25:61:00.000\""),
        ("uuid", "\"zzz\""),
        ("ipaddress", "\"999.1.1.1\""),
        ("interval day to second", "\"three days\""),
        ("interval year to month", "\"1-x\""),
        ("array(bigint)", "\"[1,2]\""),
        ("map(varchar, bigint)", "[1,2]"),
        ("row(a bigint, b varchar)", "{\"a\":1}"),
        ("varchar", "12"),
    ];

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_malformed_body_ends_in_a_protocol_exception(string name, string body)
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Post, StatusCode = 200, Body = body });
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "RequestTimeout=5;MaxQueryAttempts=1"));
        await connection.OpenAsync();

        var error = await Assert.ThrowsAsync<PrestoProtocolException>(() => ReadAllAsync(connection, "SELECT 1").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(200, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.ResponseExcerpt), name);
        Assert.True(error.ResponseExcerpt!.Length <= 600, name);

        // A body that is not JSON is what a proxy sends when it lost the answer: worth resubmitting (resubmission is off
        // here). JSON the client cannot use (a wrong shape, a bad value) would come back the same way.
        var notJson = error.InnerException is System.Text.Json.JsonException;
        Assert.Equal(notJson, error.IsTransient);
        Assert.Equal(notJson ? "http-invalid-body" : null, error.Classification?.RuleId);
        Assert.Equal(notJson ? PrestoRetryStopReason.Disabled : PrestoRetryStopReason.NotRetryable, error.Classification?.StopReason);
        Assert.Single(server.Submissions);
    }

    [Theory]
    [InlineData(HttpFaultKind.TruncatedBody)]
    [InlineData(HttpFaultKind.NonJsonBody)]
    public async Task A_broken_page_mid_stream_fails_without_losing_or_repeating_rows_and_cancels_the_query(HttpFaultKind kind)
    {
        await using var server = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 2_000);
        server.Script("SELECT x FROM many", ScriptedResult.Generated([new ResultColumn("x", "bigint")], 2_000, i => [i]));
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "RequestTimeout=5"));
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT x FROM many", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var seen = new List<long>();
        while (seen.Count < 500 && await reader.ReadAsync())
        {
            seen.Add(reader.GetFieldValue<long>(0));
        }

        server.Faults.Http(new HttpFault { On = RequestKind.Get, Kind = kind });
        var error = await Assert.ThrowsAsync<PrestoProtocolException>(async () =>
        {
            while (await reader.ReadAsync())
            {
                seen.Add(reader.GetFieldValue<long>(0));
            }
        });

        Assert.Equal(200, error.StatusCode);
        Assert.Equal(Enumerable.Range(0, seen.Count).Select(i => (long)i), seen);
        Assert.True(seen.Count < 2_000);
        await Eventually(() => server.Requests.Any(r => r.Method == "DELETE"));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(410)]
    public async Task An_unexpected_status_is_a_protocol_exception_with_the_status_and_body(int status)
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Get, StatusCode = status, Body = "java.lang.IllegalStateException: broken <b>here</b>" });
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "RequestTimeout=5;MaxQueryAttempts=1"));
        await connection.OpenAsync();

        var error = await Assert.ThrowsAsync<PrestoProtocolException>(() => ReadAllAsync(connection, "SELECT 1"));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains("IllegalStateException", error.ResponseExcerpt);
        Assert.Single(server.Submissions);
    }

    private static async Task<int> ReadAllAsync(PrestoConnection connection, string sql)
    {
        await using var command = new PrestoCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }

            rows++;
        }

        return rows;
    }

    internal static async Task Eventually(Func<bool> condition, int timeoutMs = 5_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The condition did not become true in time.");
            }

            await Task.Delay(10);
        }
    }
}
