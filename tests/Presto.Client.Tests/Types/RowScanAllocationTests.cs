using System.Text;
using Presto.Protocol;

namespace Presto.Tests.Types;

/// <summary>The row scan's fast paths decode non-string cells without allocating, and leave strings for the first read.</summary>
public sealed class RowScanAllocationTests
{
    [Fact]
    public void Scanning_a_page_allocates_nothing_per_cell()
    {
        const string Columns = """[{"name":"b","type":"bigint"},{"name":"i","type":"integer"},{"name":"d","type":"double"},{"name":"s","type":"varchar"},{"name":"t","type":"boolean"},{"name":"m","type":"decimal(12,2)"},{"name":"dt","type":"date"},{"name":"ts","type":"timestamp(3)"}]""";
        var row = """[-9223372036854775808,123456,0.125,"name-1234",true,"-1234567890.12","2020-01-02","2020-01-02 03:04:05.678"]""";
        var page = Encoding.UTF8.GetBytes("{\"id\":\"q\",\"columns\":" + Columns + ",\"data\":[" + string.Join(",", Enumerable.Repeat(row, 1000)) + "]}");
        var body = new PageBuffer(page.Length);
        Buffer.BlockCopy(page, 0, body.Array, 0, page.Length);
        body.Length = page.Length;
        var response = new QueryResponse();
        QueryResultsParser.Parse(body, response, ProtocolDialect.Trino);
        QueryResultsParser.Parse(body, response, ProtocolDialect.Trino);

        var before = GC.GetAllocatedBytesForCurrentThread();
        QueryResultsParser.Parse(body, response, ProtocolDialect.Trino);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1000, response.RowCount);
        Assert.Equal(-1234567890.12m, response.Buffers[5].GetValue(999));
        Assert.True(allocated < 2000, "parsing 8,000 cells allocated " + allocated + " bytes");
    }
}
