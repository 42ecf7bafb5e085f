namespace Presto.Tests.Types;

public class MalformedValueTests
{
    [Theory]
    [InlineData("bigint", "\"abc\"")]
    [InlineData("bigint", "1.5")]
    [InlineData("bigint", "[1]")]
    [InlineData("bigint", "{}")]
    [InlineData("bigint", "\"\"")]
    [InlineData("bigint", "99999999999999999999")]
    [InlineData("integer", "2147483648")]
    [InlineData("smallint", "40000")]
    [InlineData("tinyint", "128")]
    [InlineData("boolean", "1")]
    [InlineData("boolean", "\"yes\"")]
    [InlineData("double", "\"abc\"")]
    [InlineData("double", "\"1,5\"")]
    [InlineData("double", "[1]")]
    [InlineData("real", "\"x\"")]
    [InlineData("decimal(10,2)", "\"1.2.3\"")]
    [InlineData("decimal(10,2)", "\"abc\"")]
    [InlineData("decimal(10,2)", "\"1e5\"")]
    [InlineData("decimal(10,2)", "\".5\"")]
    [InlineData("decimal(10,2)", "\"\"")]
    [InlineData("decimal(10,2)", "true")]
    [InlineData("decimal(38,0)", "\"1234567890123456789012345678901234567890x\"")]
    [InlineData("varchar", "1")]
    [InlineData("char(3)", "[\"a\"]")]
    [InlineData("varbinary", "\"not base64!\"")]
    [InlineData("varbinary", "\"AAE\"")]
    [InlineData("varbinary", "1")]
    [InlineData("date", "\"2020-02-30\"")]
    [InlineData("date", "\"1900-02-29\"")]
    [InlineData("date", "\"2020-13-01\"")]
    [InlineData("date", "\"20-01-01\"")]
    [InlineData("date", "\"2020-01-01T\"")]
    [InlineData("date", "1")]
    [InlineData("time(3)", "\"24:00:00.000\"")]
    [InlineData("time(3)", "\"12:60:00.000\"")]
    [InlineData("time(3)", "\"12:00:00.\"")]
    [InlineData("time(12)", "\"12:00:00.1234567890123\"")]
    [InlineData("time(3)", "\"12:00\"")]
    [InlineData("timestamp(3)", "\"2020-01-01\"")]
    [InlineData("timestamp(3)", "\"2020-01-01 25:00:00\"")]
    [InlineData("timestamp(3)", "\"2020-02-30 00:00:00\"")]
    [InlineData("timestamp(3) with time zone", "\"2020-01-01 00:00:00\"")]
    [InlineData("timestamp(3) with time zone", "\"2020-01-01 00:00:00 \"")]
    [InlineData("timestamp(3) with time zone", "\"garbage\"")]
    [InlineData("time(3) with time zone", "\"01:02:03\"")]
    [InlineData("time(3) with time zone", "\"01:02:03+5\"")]
    [InlineData("time(3) with time zone", "\"x\"")]
    [InlineData("interval day to second", "\"1 24:00:00.000\"")]
    [InlineData("interval day to second", "\"abc\"")]
    [InlineData("interval day to second", "\"1 00:00:00.0001\"")]
    [InlineData("interval day to second", "\"999999999999 00:00:00.000\"")]
    [InlineData("interval year to month", "\"1-12\"")]
    [InlineData("interval year to month", "\"1\"")]
    [InlineData("interval year to month", "\"-178956970-9\"")]
    [InlineData("uuid", "\"not-a-uuid\"")]
    [InlineData("uuid", "\"12151fd2-7586-11e9-8f9e-2a86e4085a5\"")]
    [InlineData("uuid", "\"{12151fd2-7586-11e9-8f9e-2a86e4085a59}\"")]
    [InlineData("ipaddress", "\"1\"")]
    [InlineData("ipaddress", "\"999.1.1.1\"")]
    [InlineData("ipaddress", "\"abc\"")]
    [InlineData("ipaddress", "\"1.2.3\"")]
    [InlineData("array(bigint)", "{}")]
    [InlineData("array(bigint)", "[\"x\"]")]
    [InlineData("array(bigint)", "1")]
    [InlineData("map(varchar,bigint)", "[]")]
    [InlineData("map(varchar,bigint)", "{\"a\":\"x\"}")]
    [InlineData("map(bigint,bigint)", "{\"x\":1}")]
    [InlineData("row(a bigint)", "{}")]
    [InlineData("row(a bigint)", "[1,2]")]
    [InlineData("row(a bigint)", "[]")]
    public void Malformed_values_are_format_errors_naming_the_type(string type, string cell)
    {
        var message = Cells.Malformed(type, cell);
        Assert.StartsWith("Invalid ", message, StringComparison.Ordinal);

        // Element errors of containers name the element type; scalar errors name the column type.
        var named = type.StartsWith("array", StringComparison.Ordinal) || type.StartsWith("map", StringComparison.Ordinal) ? "bigint" : type.Split('(')[0];
        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offending_text_in_messages_is_bounded()
    {
        var huge = "\"" + new string('x', 5000) + "\"";
        var message = Cells.Malformed("date", huge);
        Assert.Contains("xxxx", message, StringComparison.Ordinal);
        Assert.True(message.Length < 300, message);
    }

    [Fact]
    public void Message_quotes_the_offending_value()
    {
        Assert.Contains("2020-02-30", Cells.Malformed("date", "\"2020-02-30\""), StringComparison.Ordinal);
        Assert.Contains("not-a-uuid", Cells.Malformed("uuid", "\"not-a-uuid\""), StringComparison.Ordinal);
    }
}
