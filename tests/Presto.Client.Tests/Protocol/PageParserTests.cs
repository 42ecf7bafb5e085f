using System.Text;
using Presto.Protocol;

namespace Presto.Tests.Protocol;

/// <summary>The page parser decodes while bytes arrive: any split of the body must give exactly what one whole body gives.</summary>
public sealed class PageParserTests
{
    private const string Page = """
        {"id":"20261121_000000_00001_abcde","infoUri":"http://127.0.0.1/ui","nextUri":"http://127.0.0.1:1/v1/statement/executing/q/y1/2",
         "columns":[{"name":"n","type":"bigint"},{"name":"s","type":"varchar"},{"name":"d","type":"double"},
                    {"name":"nested","type":"array(map(varchar, row(a bigint, b array(double))))"},{"name":"dec","type":"decimal(38, 2)"},
                    {"name":"ts","type":"timestamp(3) with time zone"}],
         "data":[[1,"plain",1.5,[{"k":[1,[1.5,null]]},null],"12.50","2020-01-02 03:04:05.678 America/New_York"],
                 [-9223372036854775808,"esc\"aped \u00e9 \ud83d\ude00",-0.0,null,"-99999999999999999999999999999999999999.99","2020-06-01 12:00:00.000 UTC"],
                 [null,null,"NaN",[],null,null],
                 [12345678901,"",1.0E7,[{}],"0.05","2020-06-01 12:00:00.000 +05:30"]],
         "stats":{"state":"RUNNING","processedRows":4},"warnings":[]}
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100_000)]
    public void Any_split_of_the_body_decodes_like_the_whole_body(int chunk)
    {
        var bytes = Encoding.UTF8.GetBytes(Page);
        var whole = new QueryResponse();
        var wholeBody = Fill(new PageBuffer(), bytes, bytes.Length, whole);
        QueryResultsParser.Parse(wholeBody, whole, ProtocolDialect.Trino);

        var streamed = new QueryResponse();
        var body = new PageBuffer(16);
        var parser = new PageParser(streamed, ProtocolDialect.Trino);
        body.Observer = parser;
        body.Restart();
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            var n = Math.Min(chunk, bytes.Length - offset);
            body.EnsureFree(n);
            Buffer.BlockCopy(bytes, offset, body.Array, body.Length, n);
            body.Append(n);
        }

        parser.Finish(body);

        Assert.Equal(4, whole.RowCount);
        Assert.Equal(whole.RowCount, streamed.RowCount);
        Assert.Equal(whole.NextUri, streamed.NextUri);
        Assert.Equal(whole.QueryId, streamed.QueryId);
        Assert.Equal(4, streamed.Status.ProcessedRows);
        for (var c = 0; c < whole.Buffers.Length; c++)
        {
            for (var r = 0; r < whole.RowCount; r++)
            {
                Assert.Equal(whole.Buffers[c].IsNull(r), streamed.Buffers[c].IsNull(r));
                if (!whole.Buffers[c].IsNull(r))
                {
                    Assert.Equal(whole.Buffers[c].GetWireText(r), streamed.Buffers[c].GetWireText(r));
                    Assert.Equal(whole.Buffers[c].GetValue(r).ToString(), streamed.Buffers[c].GetValue(r).ToString());
                }
            }
        }

        Assert.Equal("esc\"aped é 😀", streamed.Buffers[1].GetValue(1));
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(-5)), streamed.Buffers[5].GetValue(0));
    }

    [Fact]
    public void A_retried_attempt_starts_the_page_over()
    {
        var bytes = Encoding.UTF8.GetBytes(Page);
        var response = new QueryResponse();
        var body = new PageBuffer(16);
        var parser = new PageParser(response, ProtocolDialect.Trino);
        body.Observer = parser;
        body.Restart();
        body.EnsureFree(bytes.Length);
        Buffer.BlockCopy(bytes, 0, body.Array, 0, bytes.Length / 2);
        body.Append(bytes.Length / 2);

        Fill(body, bytes, bytes.Length, response);
        parser.Finish(body);

        Assert.Equal(4, response.RowCount);
        Assert.Equal(1L, response.Buffers[0].GetValue(0));
    }

    [Fact]
    public void A_body_that_ends_early_is_a_protocol_error()
    {
        var bytes = Encoding.UTF8.GetBytes(Page);
        var response = new QueryResponse();
        var body = new PageBuffer(16);
        var parser = new PageParser(response, ProtocolDialect.Trino);
        body.Observer = parser;
        Fill(body, bytes, bytes.Length - 40, response);

        Assert.Throws<PrestoProtocolException>(() => parser.Finish(body));
    }

    private static PageBuffer Fill(PageBuffer body, byte[] bytes, int length, QueryResponse response)
    {
        body.Restart();
        body.EnsureFree(length);
        Buffer.BlockCopy(bytes, 0, body.Array, 0, length);
        body.Append(length);
        return body;
    }
}
