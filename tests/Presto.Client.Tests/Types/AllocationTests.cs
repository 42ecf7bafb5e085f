using System.Text;
using System.Text.Json;
using Presto.Types;

namespace Presto.Tests.Types;

public class AllocationTests
{
    [Theory]
    [InlineData("bigint", "-9223372036854775808")]
    [InlineData("integer", "123456")]
    [InlineData("double", "1.0E7")]
    [InlineData("double", "\"NaN\"")]
    [InlineData("real", "3.4028235E38")]
    [InlineData("boolean", "true")]
    [InlineData("decimal(12,2)", "\"-1234567890.12\"")]
    [InlineData("date", "\"2020-01-02\"")]
    [InlineData("time(6)", "\"01:02:03.123456\"")]
    [InlineData("timestamp(6)", "\"2020-01-02 03:04:05.123456\"")]
    [InlineData("timestamp(3) with time zone", "\"2020-01-02 03:04:05.123 +05:30\"")]
    [InlineData("timestamp(3) with time zone", "\"2020-01-02 03:04:05.123 UTC\"")]
    [InlineData("timestamp(3) with time zone", "\"2020-06-02 03:04:05.123 America/New_York\"")]
    [InlineData("interval day to second", "\"1 02:03:04.005\"")]
    [InlineData("interval year to month", "\"1-2\"")]
    [InlineData("uuid", "\"12151fd2-7586-11e9-8f9e-2a86e4085a59\"")]
    public void Scalar_fast_path_does_not_allocate(string type, string cell)
    {
        var page = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat(cell, 1000)) + "]");
        var buffer = DecoderRegistry.Create(TypeSignatureParser.ParseText(type)).CreateBuffer();
        Pass(buffer, page);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Pass(buffer, page);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(CellState.Value, buffer.GetState(999));
        Assert.True(allocated < 1000, type + " allocated " + allocated + " bytes for 1000 cells");
    }

    private static void Pass(ColumnBuffer buffer, byte[] page)
    {
        var reader = new Utf8JsonReader(page);
        reader.Read();
        buffer.Reset(page, 0);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            buffer.Read(ref reader);
        }
    }
}
