using System.Numerics;

namespace Presto.Tests.Types;

public class ValueTypeTests
{
    [Theory]
    [InlineData("-0.50", -50, 2)]
    [InlineData("0.05", 5, 2)]
    [InlineData("42", 42, 0)]
    [InlineData("-1.00", -100, 2)]
    [InlineData("0", 0, 0)]
    [InlineData("0.000", 0, 3)]
    public void PrestoDecimal_parse_and_format(string text, long unscaled, int scale)
    {
        var value = PrestoDecimal.Parse(text);
        Assert.Equal(new BigInteger(unscaled), value.UnscaledValue);
        Assert.Equal(scale, value.Scale);
        Assert.Equal(text, value.ToString());
    }

    [Fact]
    public void PrestoDecimal_conversions_never_round_or_flip_sign()
    {
        var half = PrestoDecimal.Parse("-0.5");
        Assert.Equal(-0.5m, half.ToDecimal());
        Assert.Equal(-0.5m, (decimal)half);
        Assert.True(half.ToDecimal() < 0);
        Assert.Equal(-0.5, half.ToDouble());

        var big = PrestoDecimal.Parse("12345678901234567890123456789012345678");
        Assert.False(big.TryToDecimal(out _));
        Assert.Throws<OverflowException>(() => big.ToDecimal());
        Assert.Throws<OverflowException>(() => (decimal)big);
        Assert.Equal(38, big.Precision);
        Assert.Equal(1.2345678901234568E37, big.ToDouble());

        var precise = PrestoDecimal.Parse("0.12345678901234567890123456789012345678");
        Assert.Throws<OverflowException>(() => precise.ToDecimal());

        Assert.Equal(decimal.MinValue, PrestoDecimal.Parse("-79228162514264337593543950335.0").ToDecimal());
        Assert.Equal(decimal.MaxValue, PrestoDecimal.Parse("79228162514264337593543950335").ToDecimal());
        Assert.Throws<OverflowException>(() => PrestoDecimal.Parse("79228162514264337593543950336").ToDecimal());

        PrestoDecimal fromDecimal = 1.10m;
        Assert.Equal("1.10", fromDecimal.ToString());
        PrestoDecimal negative = -123.456m;
        Assert.Equal("-123.456", negative.ToString());
        Assert.Equal(-123.456m, negative.ToDecimal());
        Assert.Equal("-79228162514264337593543950335", ((PrestoDecimal)decimal.MinValue).ToString());
    }

    [Fact]
    public void PrestoDecimal_equality_is_numeric()
    {
        Assert.Equal(PrestoDecimal.Parse("1.0"), PrestoDecimal.Parse("1.00"));
        Assert.True(PrestoDecimal.Parse("1.0") == PrestoDecimal.Parse("1"));
        Assert.Equal(PrestoDecimal.Parse("1.0").GetHashCode(), PrestoDecimal.Parse("1.000").GetHashCode());
        Assert.True(PrestoDecimal.Parse("0.05") < PrestoDecimal.Parse("0.1"));
        Assert.True(PrestoDecimal.Parse("-2") < PrestoDecimal.Parse("-1.99"));
        Assert.NotEqual(PrestoDecimal.Parse("0.05"), PrestoDecimal.Parse("0.5"));
        Assert.Equal(1, PrestoDecimal.Parse("0.05").Precision);
        Assert.False(PrestoDecimal.TryParse("1.2.3", out _));
        Assert.False(PrestoDecimal.TryParse(null, out _));
        Assert.Throws<FormatException>(() => PrestoDecimal.Parse("1,5"));
        Assert.Equal("0", default(PrestoDecimal).ToString());
    }

    [Theory]
    [InlineData("2020-01-02", 2020)]
    [InlineData("+10000-01-01", 10000)]
    [InlineData("0000-01-01", 0)]
    [InlineData("-0001-01-01", -1)]
    [InlineData("-10000-12-31", -10000)]
    [InlineData("+999999999-12-31", 999999999)]
    public void PrestoDate_round_trips(string text, int year)
    {
        var date = PrestoDate.Parse(text);
        Assert.Equal(year, date.Year);
        Assert.Equal(text, date.ToString());
    }

    [Fact]
    public void PrestoDate_rules()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrestoDate(2021, 2, 29));
        Assert.Equal(new PrestoDate(2020, 2, 29).EpochDay + 1, new PrestoDate(2020, 3, 1).EpochDay);
        Assert.Equal(0, new PrestoDate(1970, 1, 1).EpochDay);
        Assert.Equal(new DateOnly(2020, 2, 29), new PrestoDate(2020, 2, 29).ToDateOnly());
        Assert.Equal(new PrestoDate(2020, 2, 29), PrestoDate.FromDateOnly(new DateOnly(2020, 2, 29)));
        Assert.Equal("0000-01-01", default(PrestoDate).ToString());
        Assert.False(PrestoDate.TryParse("2020-1-1", out _));
    }

    [Fact]
    public void PrestoTime_and_timestamp()
    {
        var time = new PrestoTime(13, 14, 15, 123_000_000_000, 3);
        Assert.Equal("13:14:15.123", time.ToString());
        Assert.Equal(new TimeSpan(0, 13, 14, 15, 123), time.ToTimeSpan());
        Assert.Equal(new TimeOnly(13, 14, 15, 123), time.ToTimeOnly());
        Assert.Equal(time, PrestoTime.Parse("13:14:15.123000"));
        Assert.Equal(6, PrestoTime.Parse("13:14:15.123000").Precision);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrestoTime(1, 2, 3, 123_456, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrestoTime(24, 0, 0));

        var ts = PrestoTimestamp.Parse("2020-01-02 03:04:05.000000000007");
        Assert.Equal(7, ts.Picoseconds);
        Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5), ts.ToDateTime());
        Assert.Equal("2020-01-02 03:04:05.000000000007", ts.ToString());
        Assert.True(PrestoTimestamp.Parse("2020-01-02 03:04:05") < ts);
        Assert.Equal("2020-01-02 03:04:05.1234567", PrestoTimestamp.FromDateTime(new DateTime(2020, 1, 2, 3, 4, 5).AddTicks(1234567)).ToString());
    }

    [Fact]
    public void PrestoTimestampWithTimeZone_resolution()
    {
        var ny = new PrestoTimestampWithTimeZone(PrestoTimestamp.Parse("2021-11-07 01:30:00"), "America/New_York");
        Assert.Equal(TimeSpan.FromHours(-4), ny.Offset);
        Assert.Equal(new DateTimeOffset(2021, 11, 7, 1, 30, 0, TimeSpan.FromHours(-4)), ny.ToDateTimeOffset());
        Assert.Equal(ny, PrestoTimestampWithTimeZone.Parse("2021-11-07 01:30:00 America/New_York"));
        Assert.NotEqual(ny, PrestoTimestampWithTimeZone.Parse("2021-11-07 01:30:00 -04:00"));

        var later = PrestoTimestampWithTimeZone.Parse("2021-11-07 02:30:00 America/New_York");
        Assert.Equal(TimeSpan.FromHours(-5), later.Offset);
        var utc = PrestoTimestampWithTimeZone.Parse("2021-11-07 01:30:00 UTC");
        Assert.Equal(TimeSpan.Zero, utc.Offset);
        Assert.Equal(TimeSpan.FromHours(9), PrestoTimestampWithTimeZone.Parse("2021-11-07 01:30:00 Asia/Tokyo").Offset);
        Assert.Null(PrestoTimestampWithTimeZone.Parse("2021-11-07 01:30:00 No/Such_Zone").Offset);

        // Far-future years use the 400-year-cycle equivalent rules: July in New York is summer time.
        Assert.Equal(TimeSpan.FromHours(-4), PrestoTimestampWithTimeZone.Parse("+12021-07-01 00:00:00 America/New_York").Offset);
        Assert.False(PrestoTimestampWithTimeZone.TryParse("2021-11-07 01:30:00", out _));
    }

    [Fact]
    public void Intervals()
    {
        Assert.Equal("-0-1", new PrestoIntervalYearToMonth(-1).ToString());
        Assert.Equal("-178956970-8", new PrestoIntervalYearToMonth(int.MinValue).ToString());
        Assert.Equal("1-2", new PrestoIntervalYearToMonth(1, 2).ToString());
        Assert.Equal(-1, new PrestoIntervalYearToMonth(-14).Years);
        Assert.Equal(-2, new PrestoIntervalYearToMonth(-14).Months);
        Assert.Equal(new PrestoIntervalYearToMonth(-14), PrestoIntervalYearToMonth.Parse("-1-2"));

        var interval = PrestoIntervalDayToSecond.Parse("-1 02:03:04.005");
        Assert.Equal(-((((1L * 24 + 2) * 60 + 3) * 60 + 4) * 1000 + 5), interval.TotalMilliseconds);
        Assert.Equal(-1, interval.Days);
        Assert.Equal(-2, interval.Hours);
        Assert.Equal(-5, interval.Milliseconds);
        Assert.Equal("-1 02:03:04.005", interval.ToString());
        Assert.Equal(new PrestoIntervalDayToSecond(long.MinValue), PrestoIntervalDayToSecond.Parse("-106751991167 07:12:55.808"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), PrestoIntervalDayToSecond.FromTimeSpan(TimeSpan.FromMilliseconds(1500)).ToTimeSpan());
    }

    [Fact]
    public void PrestoRow_equality_and_construction()
    {
        var a = new PrestoRow([1L, new long?[] { 1, null }], ["x", "y"]);
        var b = new PrestoRow([1L, new long?[] { 1, null }], ["x", "y"]);
        var c = new PrestoRow([1L, new long?[] { 2, null }], ["x", "y"]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.Equal("{x=1, y=[1, null]}", a.ToString());
        Assert.Throws<ArgumentException>(() => new PrestoRow([1L], ["x", "y"]));
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("tr-TR")]
    [InlineData("ar-SA")]
    public void Culture_does_not_change_parsing_or_formatting(string culture)
    {
        Cells.WithCulture(culture, () =>
        {
            Assert.Equal(1.5, Cells.Value("double", "1.5"));
            Assert.Equal(1.5, Cells.Value("double", "\"1.5\""));
            Assert.Equal(1.0E7, Cells.Value("double", "1.0E7"));
            Assert.Equal(1.5f, Cells.Value("real", "1.5"));
            Assert.Equal(-1234.5m, Cells.Value("decimal(10,1)", "\"-1234.5\""));
            Assert.Equal("-1234.50", PrestoDecimal.Parse("-1234.50").ToString());
            Assert.Equal("2020-01-02 03:04:05.500", PrestoTimestamp.Parse("2020-01-02 03:04:05.500").ToString());
            Assert.Equal("-1 02:03:04.005", PrestoIntervalDayToSecond.Parse("-1 02:03:04.005").ToString());
            Assert.Equal("-178956970-8", new PrestoIntervalYearToMonth(int.MinValue).ToString());
            Assert.Equal("{i=1.5, d=0.25}", new PrestoRow([1.5, 0.25m], ["i", "d"]).ToString());
            Assert.Equal("interval day to second", Presto.Types.TypeSignatureParser.ParseText("INTERVAL DAY TO SECOND").ToString());
            Assert.Equal("time(3) with time zone", Presto.Types.TypeSignatureParser.ParseText("TIME(3) WITH TIME ZONE").ToString());
            Assert.Equal("row(I bigint)", Presto.Types.TypeSignatureParser.ParseText("ROW(I BIGINT)").ToString());
            Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5), Cells.Value("timestamp(0)", "\"2020-01-02 03:04:05\""));
            Assert.Equal(new Guid("12151fd2-7586-11e9-8f9e-2a86e4085a59"), Cells.Value("uuid", "\"12151FD2-7586-11E9-8F9E-2A86E4085A59\""));
            Assert.True(Cells.Value("map(boolean,bigint)", """{"true":1}""") is Dictionary<bool, long?> m && m[true] == 1);
        });
    }
}
