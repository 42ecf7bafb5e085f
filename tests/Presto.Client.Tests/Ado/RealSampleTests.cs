using System.Text.Json;
using System.Text.Json.Nodes;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

/// <summary>
/// The real response bodies captured from servers by peer test suites, served verbatim by the embedded server
/// as the answer to the submission (only <c>nextUri</c> removed, so that the body is the last one) and read
/// through the public API.
/// </summary>
public sealed class RealSampleTests
{
    [Theory]
    [InlineData("02-trino-running-columns-and-data.json")]
    [InlineData("10-presto-running-columns-and-data.json")]
    [InlineData("04-trino-finished-golden.json")]
    [InlineData("12-presto-finished-golden.json")]
    public async Task Rows_of_a_real_sample_decode_to_the_sent_values(string file)
    {
        var sample = Load(file);
        await using var server = await ServeAsync(sample);
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT 1", connection);
        await using var reader = await command.ExecuteReaderAsync();

        var columns = sample["columns"]!.AsArray();
        Assert.Equal(columns.Count, reader.FieldCount);
        for (var i = 0; i < columns.Count; i++)
        {
            Assert.Equal((string)columns[i]!["name"]!, reader.GetName(i));
            Assert.Equal((string)columns[i]!["type"]!, reader.GetDataTypeName(i));
        }

        var rows = 0;
        foreach (var expected in sample["data"]!.AsArray())
        {
            Assert.True(await reader.ReadAsync());
            for (var i = 0; i < columns.Count; i++)
            {
                var cell = expected![i]!;
                Assert.Equal(cell.GetValueKind() == JsonValueKind.String ? (string)cell! : cell.ToJsonString(), reader.GetFieldValue<string>(i));
                // Decoding follows typeSignature (the Trino golden sample displays 'bigint' but signs and sends a varchar).
                switch ((string)columns[i]!["typeSignature"]!["rawType"]!)
                {
                    case "bigint":
                        Assert.Equal(long.Parse(cell.ToString(), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(i));
                        Assert.IsType<long>(reader.GetValue(i));
                        break;
                    case "boolean":
                        Assert.Equal((bool)cell, reader.GetBoolean(i));
                        break;
                    default:
                        Assert.Equal((string)cell!, reader.GetString(i));
                        break;
                }
            }

            rows++;
        }

        Assert.False(await reader.ReadAsync());
        Assert.True(rows > 0);
        Assert.Equal((string)sample["id"]!, reader.QueryId);
    }

    [Theory]
    [InlineData("03-trino-failed-syntax-error.json")]
    [InlineData("11-presto-failed-syntax-error.json")]
    public async Task A_real_failure_sample_becomes_a_query_exception_with_every_field(string file)
    {
        var sample = Load(file);
        await using var server = await ServeAsync(sample);
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT 1", connection);

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => command.ExecuteReaderAsync());

        var expected = sample["error"]!;
        Assert.Equal((string)sample["id"]!, error.QueryId);
        Assert.Equal((string)expected["errorName"]!, error.ErrorName);
        Assert.Equal((int)expected["errorCode"]!, error.ErrorCode);
        Assert.Equal(PrestoErrorType.UserError, error.ErrorType);
        Assert.Contains((string)expected["message"]!, error.Message, StringComparison.Ordinal);
        Assert.Equal((int)expected["errorLocation"]!["lineNumber"]!, error.ErrorLocation!.Value.LineNumber);
        Assert.Equal((int)expected["errorLocation"]!["columnNumber"]!, error.ErrorLocation.Value.ColumnNumber);
        Assert.Equal((string)expected["failureInfo"]!["type"]!, error.FailureInfo!.Type);
        Assert.Equal(expected["failureInfo"]!["stack"]!.AsArray().Count, error.FailureInfo.Stack.Count);
    }

    [Theory]
    [InlineData("05-trino-insert-update-count.json")]
    [InlineData("06-trino-insert-final-no-nexturi.json")]
    public async Task A_real_dml_sample_reports_its_update_count(string file)
    {
        await using var server = await ServeAsync(Load(file));
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("INSERT INTO t SELECT * FROM s", connection);

        Assert.Equal(1000, await command.ExecuteNonQueryAsync());
    }

    [Theory]
    [InlineData("01-trino-queued-post-response.json")]
    [InlineData("09-presto-queued-post-response.json")]
    public async Task A_real_queued_sample_without_columns_is_an_empty_result(string file)
    {
        await using var server = await ServeAsync(Load(file));
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT 1", connection);
        await using var reader = await command.ExecuteReaderAsync();

        Assert.Equal(0, reader.FieldCount);
        Assert.False(await reader.ReadAsync());
    }

    private static JsonObject Load(string file)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", file)))!.AsObject();
        node.Remove("nextUri");
        return node;
    }

    private static async Task<PrestoTestServer> ServeAsync(JsonObject body)
    {
        var server = await TestServers.StartAsync();
        server.Faults.Http(new HttpFault { On = RequestKind.Post, StatusCode = 200, Body = body.ToJsonString() });
        return server;
    }

    private static async Task<PrestoConnection> OpenAsync(PrestoTestServer server)
    {
        var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();
        return connection;
    }
}
