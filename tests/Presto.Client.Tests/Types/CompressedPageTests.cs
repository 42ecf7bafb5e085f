using System.Net;
using System.Net.Http.Headers;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Types;

/// <summary>
/// Pages compressed by the server (<see cref="PrestoTestServerOptions.ResponseCompression"/>) decode to the same values as
/// plain ones: the client's handler accepts and decompresses brotli and gzip before the page parser sees the bytes.
/// </summary>
public class CompressedPageTests
{
    private const string Sql = "SELECT * FROM compressed";

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task The_server_compresses_pages_when_asked(string encoding)
    {
        await using var server = await TestServers.StartAsync(configure: o => o.ResponseCompression = true);
        using var _ = server.Script(Sql, Result(100));
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None });
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, "/v1/statement")) { Content = new StringContent(Sql) };
        post.Headers.Add("X-Trino-User", "test");
        post.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        using var response = await http.SendAsync(post);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Compressed_pages_decode_to_every_row()
    {
        const int rows = 30_000;
        await using var server = await TestServers.StartAsync(configure: o => { o.ResponseCompression = true; o.TargetResultSizeBytes = 64 * 1024; });
        using var _ = server.Script(Sql, Result(rows));
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();
        await using var command = new PrestoCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync();

        long read = 0;
        while (await reader.ReadAsync())
        {
            Assert.Equal(read * 3, reader.GetInt64(0));
            Assert.Equal("v" + read, reader.GetString(1));
            Assert.Equal(read % 7 == 0, reader.IsDBNull(2));
            read++;
        }

        Assert.Equal(rows, read);
    }

    private static ScriptedResult Result(int rows) =>
        ScriptedResult.Generated(
            [new ResultColumn("n", "bigint"), new ResultColumn("s", "varchar"), new ResultColumn("d", "double")],
            rows,
            i => [i * 3, "v" + i, i % 7 == 0 ? null : i * 0.5]);
}
