using System.Text.Json;
using Presto.Testing.Tests.Support;

namespace Presto.Testing.Tests;

/// <summary>
/// Compares the server's responses with real response bodies captured from Trino and PrestoDB (Samples/, from peer test
/// suites; provenance in Samples/SOURCES.md): every field a sample has must be present with the same JSON kind, recursively.
/// Only the legacy fields current servers no longer send (<c>taskDownloadUris</c>, <c>userTimeMillis</c>) are exempt.
/// </summary>
public sealed class SampleShapeTests
{
    private static readonly HashSet<string> s_legacy = ["taskDownloadUris", "userTimeMillis"];

    // Trino ≥ 321 dropped the legacy signature arrays some Trino captures still show (PROTOCOL.md §5.3).
    private static readonly HashSet<string> s_legacyTrino = ["taskDownloadUris", "userTimeMillis", "typeArguments", "literalArguments"];

    private static readonly ResultColumn[] s_nodeColumns =
    [
        new("node_id", "varchar"), new("http_uri", "varchar"), new("node_version", "varchar"), new("coordinator", "boolean"), new("state", "varchar"),
    ];

    [Theory]
    [InlineData(ServerDialect.Trino, "01-trino-queued-post-response.json")]
    [InlineData(ServerDialect.Presto, "09-presto-queued-post-response.json")]
    public async Task The_post_response_has_every_field_of_the_real_one(ServerDialect dialect, string sample)
    {
        await using var server = await Servers.StartAsync(dialect);
        using var client = new ProtocolClient(server);

        var posted = await client.PostAsync("SELECT 1");

        AssertShape(Sample(sample), posted.Json, "$");
        Assert.Equal("QUEUED", posted.Json.GetProperty("stats").GetProperty("state").GetString());
        Assert.True(posted.Json.GetProperty("stats").GetProperty("queued").GetBoolean());
    }

    [Theory]
    [InlineData(ServerDialect.Trino, "02-trino-running-columns-and-data.json")]
    [InlineData(ServerDialect.Presto, "10-presto-running-columns-and-data.json")]
    public async Task A_running_page_has_every_field_of_the_real_one_and_the_same_data(ServerDialect dialect, string sample)
    {
        var expected = Sample(sample);
        await using var server = await Servers.StartAsync(dialect);
        server.Script("SELECT * FROM system.runtime.nodes", ScriptedResult.FromRawRows(
            s_nodeColumns,
            expected.GetProperty("data").EnumerateArray().Select(r => r.GetRawText()).Concat(["[\"UUID-3\",\"http://worker3:8080\",\"0.157\",false,\"active\"]"])));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("SELECT * FROM system.runtime.nodes");

        var running = run.Exchanges.Select(e => e.Json).First(j => j.TryGetProperty("data", out _));
        AssertShape(expected, running, "$", skip: ["columns"]);
        Assert.Equal(
            expected.GetProperty("data").EnumerateArray().Select(r => JsonSerializer.Serialize(r)),
            running.GetProperty("data").EnumerateArray().Take(3).Select(r => JsonSerializer.Serialize(r)));
        if (dialect == ServerDialect.Presto)
        {
            // PrestoDB still writes the legacy signature form of the captured sample: compare it literally.
            Assert.Equal(Canonical(expected.GetProperty("columns")), Canonical(running.GetProperty("columns")));
        }
        else
        {
            // Trino ≥ 321 writes kind LONG with no legacy arrays (PROTOCOL.md §5.3); names and display types match the capture.
            var columns = running.GetProperty("columns").EnumerateArray().ToList();
            Assert.Equal(expected.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()), columns.Select(c => c.GetProperty("name").GetString()));
            Assert.Equal(expected.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("type").GetString()), columns.Select(c => c.GetProperty("type").GetString()));
            var varchar = columns[0].GetProperty("typeSignature");
            Assert.Equal("varchar", varchar.GetProperty("rawType").GetString());
            Assert.Equal("LONG", varchar.GetProperty("arguments")[0].GetProperty("kind").GetString());
            Assert.Equal(2147483647, varchar.GetProperty("arguments")[0].GetProperty("value").GetInt64());
            Assert.False(varchar.TryGetProperty("typeArguments", out _));
        }
    }

    [Theory]
    [InlineData(ServerDialect.Trino, "03-trino-failed-syntax-error.json")]
    [InlineData(ServerDialect.Presto, "11-presto-failed-syntax-error.json")]
    public async Task A_failed_query_has_every_field_of_the_real_one(ServerDialect dialect, string sample)
    {
        var expected = Sample(sample);
        var error = expected.GetProperty("error");
        await using var server = await Servers.StartAsync(dialect);
        server.Script("SELECT * FROM nation", ScriptedResult.Failure("SYNTAX_ERROR", error.GetProperty("message").GetString()!, 1, 15));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("SELECT * FROM nation");

        AssertShape(expected, run.Last, "$");
        var actual = run.Last.GetProperty("error");
        Assert.Equal(error.GetProperty("errorCode").GetInt32(), actual.GetProperty("errorCode").GetInt32());
        Assert.Equal(error.GetProperty("errorName").GetString(), actual.GetProperty("errorName").GetString());
        Assert.Equal(error.GetProperty("errorType").GetString(), actual.GetProperty("errorType").GetString());
        Assert.Equal(error.GetProperty("message").GetString(), actual.GetProperty("message").GetString());
        Assert.Equal(error.GetProperty("errorLocation").GetProperty("lineNumber").GetInt32(), actual.GetProperty("errorLocation").GetProperty("lineNumber").GetInt32());
        Assert.Equal(error.GetProperty("errorLocation").GetProperty("columnNumber").GetInt32(), actual.GetProperty("errorLocation").GetProperty("columnNumber").GetInt32());
        Assert.Equal("FAILED", run.Last.GetProperty("stats").GetProperty("state").GetString());
        Assert.False(run.Last.TryGetProperty("nextUri", out _));
    }

    [Theory]
    [InlineData(ServerDialect.Trino, "04-trino-finished-golden.json")]
    [InlineData(ServerDialect.Presto, "12-presto-finished-golden.json")]
    public async Task The_final_response_has_every_field_of_the_golden_one(ServerDialect dialect, string sample)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("SELECT 123", ScriptedResult.FromRows([new("_col0", "bigint")], [[123L]]));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("SELECT 123");

        var expected = Sample(sample);
        AssertShape(expected, run.Last, "$", skip: ["data"], legacy: Legacy(dialect));
        Assert.Equal(123, Assert.Single(run.Rows)[0].GetInt64());
    }

    [Theory]
    [MemberData(nameof(Servers.Dialects), MemberType = typeof(Servers))]
    public async Task Dml_reports_update_count_then_drains_to_a_final_page_like_the_real_server(ServerDialect dialect)
    {
        await using var server = await Servers.StartAsync(dialect);
        server.Script("INSERT INTO t SELECT * FROM s", ScriptedResult.Update("INSERT", 1000));
        using var client = new ProtocolClient(server);

        var run = await client.RunAsync("INSERT INTO t SELECT * FROM s");

        var countPage = run.Exchanges.Select(e => e.Json).First(j => j.TryGetProperty("updateCount", out _));
        AssertShape(Sample("05-trino-insert-update-count.json"), countPage, "$", legacy: s_legacyTrino);
        Assert.Equal("[[1000]]", countPage.GetProperty("data").GetRawText());
        Assert.Equal("rows", countPage.GetProperty("columns")[0].GetProperty("name").GetString());
        Assert.Equal("bigint", countPage.GetProperty("columns")[0].GetProperty("type").GetString());

        AssertShape(Sample("06-trino-insert-final-no-nexturi.json"), run.Last, "$", legacy: s_legacyTrino);
        Assert.False(run.Last.TryGetProperty("data", out _));
        Assert.False(run.Last.TryGetProperty("nextUri", out _));
        Assert.Equal(1000, run.Last.GetProperty("updateCount").GetInt64());
        Assert.Equal("INSERT", run.Last.GetProperty("updateType").GetString());
    }

    private static HashSet<string> Legacy(ServerDialect dialect) => dialect == ServerDialect.Trino ? s_legacyTrino : s_legacy;

    private static JsonElement Sample(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name))).RootElement;

    /// <summary>JSON text with object properties sorted, so documents compare by content whatever their property order.</summary>
    private static string Canonical(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Canonical)) + "]",
        _ => e.GetRawText(),
    };

    private static void AssertShape(JsonElement expected, JsonElement actual, string path, string[]? skip = null, HashSet<string>? legacy = null)
    {
        if (expected.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            Assert.True(actual.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{path}: expected a boolean, got {actual.ValueKind}");
            return;
        }

        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}");
        if (expected.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in expected.EnumerateObject())
            {
                if ((legacy ?? s_legacy).Contains(property.Name) || (skip?.Contains(property.Name) ?? false))
                {
                    continue;
                }

                Assert.True(actual.TryGetProperty(property.Name, out var value), $"{path}.{property.Name} is missing");
                AssertShape(property.Value, value, path + "." + property.Name, legacy: legacy);
            }
        }
        else if (expected.ValueKind == JsonValueKind.Array && expected.GetArrayLength() > 0 && actual.GetArrayLength() > 0
            && expected[0].ValueKind == JsonValueKind.Object)
        {
            AssertShape(expected[0], actual[0], path + "[0]", legacy: legacy);
        }
    }
}
