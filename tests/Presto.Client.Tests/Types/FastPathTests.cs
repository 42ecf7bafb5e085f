using System.Globalization;
using Presto.Types;

namespace Presto.Tests.Types;

/// <summary>The one-pass parsers agree exactly with the general ones they short-cut.</summary>
public class FastPathTests
{
    [Fact]
    public void Clinger_doubles_equal_a_full_parse_bit_for_bit()
    {
        var random = new Random(1234);
        var texts = new List<string> { "0", "-0", "0.0", "-0.0", "1", "-1", "0.1", "0.125", "1.0E7", "1.0E-7", "123456789012345678", "9007199254740993", "1e22", "1e23", "1e-22", "1E-23", "4.9E-324", "1.7976931348623157E308", "0.000000000000000000000000000001" };
        for (var i = 0; i < 20_000; i++)
        {
            var value = random.NextDouble() * Math.Pow(10, random.Next(-30, 30)) * (random.Next(2) == 0 ? 1 : -1);
            texts.Add(value.ToString("R", CultureInfo.InvariantCulture));
            texts.Add(value.ToString("G" + random.Next(1, 18).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            texts.Add(((long)(random.NextDouble() * 1e6) / 1000.0).ToString(CultureInfo.InvariantCulture));
        }

        foreach (var text in texts)
        {
            var expected = double.Parse(text, CultureInfo.InvariantCulture);
            var decoded = (double)Cells.Value("double", text);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(decoded), $"{text}: {decoded:R} != {expected:R}");
        }
    }

    [Theory]
    [InlineData("\"1.50\"", "1.50")]
    [InlineData("\"-0.50\"", "-0.50")]
    [InlineData("\"-0.00\"", "0.00")]
    [InlineData("\"+7\"", "7")]
    [InlineData("\"999999999999999999\"", "999999999999999999")]
    [InlineData("\"-9999999999.99999999\"", "-9999999999.99999999")]
    [InlineData("\"99999999999999999999.5\"", "99999999999999999999.5")]
    [InlineData("12.25", "12.25")]
    public void Small_decimals_keep_sign_and_scale(string cell, string expected)
    {
        var value = (decimal)Cells.Value("decimal(38,10)", cell);
        Assert.Equal(expected, value.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("\"1.\"")]
    [InlineData("\".5\"")]
    [InlineData("\"1.2.3\"")]
    [InlineData("\"-\"")]
    [InlineData("\"\"")]
    [InlineData("\"1e5\"")]
    public void Malformed_decimals_still_fail(string cell) => Cells.Malformed("decimal(12,2)", cell);

    [Fact]
    public void Every_day_of_four_centuries_matches_the_calendar()
    {
        for (var date = new DateTime(1600, 1, 1); date.Year < 2001; date = date.AddDays(1))
        {
            var text = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.Equal(DateOnly.FromDateTime(date), (DateOnly)Cells.Value("date", "\"" + text + "\""));
            var stamp = date.AddTicks(((date.DayOfYear * 7919L) % 86_400_000L) * TimeSpan.TicksPerMillisecond);
            Assert.Equal(stamp, (DateTime)Cells.Value("timestamp(3)", "\"" + stamp.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "\""));
        }
    }

    [Theory]
    [InlineData("\"2021-02-29\"")]
    [InlineData("\"1900-02-29\"")]
    [InlineData("\"2020-13-01\"")]
    [InlineData("\"2020-00-10\"")]
    [InlineData("\"2020-04-31\"")]
    [InlineData("\"2020-01-00\"")]
    [InlineData("\"2020-01-1a\"")]
    public void Impossible_dates_still_fail(string cell)
    {
        Cells.Malformed("date", cell);
        Cells.Malformed("timestamp(3)", cell.Insert(cell.Length - 1, " 01:02:03.000"));
    }

    [Theory]
    [InlineData("2020-01-02 03:04:05", "2020-01-02T03:04:05.0000000")]
    [InlineData("2020-01-02T03:04:05.1", "2020-01-02T03:04:05.1000000")]
    [InlineData("2020-01-02 23:59:59.999999999999", "2020-01-02T23:59:59.9999999")]
    [InlineData("0001-01-01 00:00:00.0000001", "0001-01-01T00:00:00.0000001")]
    [InlineData("9999-12-31 23:59:59.9999999", "9999-12-31T23:59:59.9999999")]
    public void Timestamps_truncate_to_ticks(string text, string expected)
    {
        var value = (DateTime)Cells.Value("timestamp(12)", "\"" + text + "\"");
        Assert.Equal(expected, value.ToString("O", CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeKind.Unspecified, value.Kind);
    }

    [Theory]
    [InlineData("\"2020-01-02 24:00:00\"")]
    [InlineData("\"2020-01-02 03:60:00\"")]
    [InlineData("\"2020-01-02 03:04:60\"")]
    [InlineData("\"2020-01-02 03:04:05.\"")]
    [InlineData("\"2020-01-02 03:04:05.1234567890123\"")]
    [InlineData("\"2020-01-02 03:04\"")]
    public void Impossible_times_still_fail(string cell) => Cells.Malformed("timestamp(3)", cell);

    [Fact]
    public void Deferred_strings_are_exact_made_once_and_do_not_outlive_their_page()
    {
        var buffer = (ColumnBuffer<string>)Cells.Decode("json", "[\"plain\", \"h\\u00e9 \\\"q\\\"\", \"\", null, \"\u00e9\u2713\ud83d\ude00\", 12]");
        Assert.Equal("plain", buffer.GetTyped(0));
        Assert.Same(buffer.GetTyped(0), buffer.GetTyped(0));
        Assert.Same(buffer.GetTyped(0), buffer.GetValue(0));
        Assert.Equal("h\u00e9 \"q\"", buffer.GetTyped(1));
        Assert.Equal(string.Empty, buffer.GetValue(2));
        Assert.Equal(DBNull.Value, buffer.GetValue(3));
        Assert.Equal("\u00e9\u2713\ud83d\ude00", buffer.GetTyped(4));
        Assert.Equal("12", buffer.GetValue(5));

        var second = (ColumnBuffer<string>)Cells.Decode("varchar", "[\"other\"]");
        Assert.Equal("other", second.GetTyped(0));
    }
}
