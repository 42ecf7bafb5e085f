using Presto.Types;

namespace Presto.Tests.Types;

public class TemporalDecoderTests
{
    [Fact]
    public void Date_natural_and_exact()
    {
        var buffer = Cells.Decode("date", """["2020-01-02", "0001-01-01", "9999-12-31", "2000-02-29", "+10000-01-01", "0000-01-01", "-0001-12-31", null]""");
        var typed = Assert.IsType<ColumnBuffer<DateOnly>>(buffer);
        Assert.Equal(typeof(PrestoDate), buffer.Decoder.ExactType);
        Assert.Equal(new DateOnly(2020, 1, 2), typed.GetTyped(0));
        Assert.Equal(DateOnly.MinValue, typed.GetTyped(1));
        Assert.Equal(DateOnly.MaxValue, typed.GetTyped(2));
        Assert.Equal(new DateOnly(2000, 2, 29), buffer.GetValue(3));

        Assert.Equal(CellState.Unrepresentable, buffer.GetState(4));
        var big = Assert.IsType<PrestoDate>(buffer.GetValue(4));
        Assert.Equal(10000, big.Year);
        Assert.Equal("+10000-01-01", big.ToString());
        Assert.Throws<OverflowException>(() => big.ToDateOnly());
        Assert.Throws<OverflowException>(() => big.ToDateTime());

        var zero = Assert.IsType<PrestoDate>(buffer.GetValue(5));
        Assert.Equal(0, zero.Year);
        Assert.Equal("0000-01-01", zero.ToString());
        Assert.Equal(-719528, zero.EpochDay);

        var negative = Assert.IsType<PrestoDate>(buffer.GetValue(6));
        Assert.Equal(-1, negative.Year);
        Assert.Equal(12, negative.Month);
        Assert.Equal("-0001-12-31", negative.ToString());
        Assert.True(negative < zero);

        var exact = Assert.IsType<PrestoDate>(buffer.GetExact(0));
        Assert.Equal(new PrestoDate(2020, 1, 2), exact);
        Assert.Equal(new DateTime(2020, 1, 2), exact.ToDateTime());
        Assert.Equal(18263, exact.EpochDay);
        Assert.True(buffer.IsNull(7));
    }

    [Fact]
    public void Time_picoseconds_truncate_to_ticks()
    {
        var buffer = Cells.Decode("time(12)", """["01:02:03.123456789012", "23:59:59.999999999999", "00:00:00.000000000000"]""");
        var typed = Assert.IsType<ColumnBuffer<TimeOnly>>(buffer);
        Assert.Equal(new TimeOnly(1, 2, 3).Add(TimeSpan.FromTicks(1234567)), typed.GetTyped(0));
        Assert.Equal(TimeOnly.MaxValue, typed.GetTyped(1));
        Assert.Equal(TimeOnly.MinValue, typed.GetTyped(2));

        var exact = Assert.IsType<PrestoTime>(buffer.GetExact(0));
        Assert.Equal(123456789012L, exact.Picoseconds);
        Assert.Equal(12, exact.Precision);
        Assert.Equal("01:02:03.123456789012", exact.ToString());
        Assert.Equal("00:00:00.000000000000", buffer.GetExact(2).ToString());

        Assert.Equal(new TimeOnly(12, 0), Cells.Value("time(0)", "\"12:00:00\""));
        Assert.Equal("12:00:00", Cells.Exact("time(0)", "\"12:00:00\"").ToString());
        Assert.Equal(new TimeOnly(12, 0, 0, 123), Cells.Value("time", "\"12:00:00.123\""));
    }

    [Fact]
    public void Timestamp_picoseconds_and_years()
    {
        var buffer = Cells.Decode("timestamp(12)", """["2020-01-02 03:04:05.123456789012", "+10000-01-01 00:00:00.000000000000", "0000-06-15 12:00:00.000000000001", "-0001-01-01 00:00:00.000000000000", "9999-12-31 23:59:59.999999999999"]""");
        var typed = Assert.IsType<ColumnBuffer<DateTime>>(buffer);
        Assert.Equal(typeof(PrestoTimestamp), buffer.Decoder.ExactType);
        var first = typed.GetTyped(0);
        Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5).AddTicks(1234567), first);
        Assert.Equal(DateTimeKind.Unspecified, first.Kind);
        Assert.Equal("2020-01-02 03:04:05.123456789012", buffer.GetExact(0).ToString());

        var future = Assert.IsType<PrestoTimestamp>(buffer.GetValue(1));
        Assert.Equal(10000, future.Year);
        Assert.Equal("+10000-01-01 00:00:00.000000000000", future.ToString());
        Assert.Throws<OverflowException>(() => future.ToDateTime());

        var zero = Assert.IsType<PrestoTimestamp>(buffer.GetValue(2));
        Assert.Equal(0, zero.Year);
        Assert.Equal(1, zero.Picoseconds);
        Assert.Equal("0000-06-15 12:00:00.000000000001", zero.ToString());
        Assert.Equal("-0001-01-01 00:00:00.000000000000", buffer.GetValue(3).ToString());
        Assert.Equal(DateTime.MaxValue, typed.GetTyped(4));

        Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5, 123).AddTicks(4560), Cells.Value("timestamp microseconds", "\"2020-01-02 03:04:05.123456\""));
        Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5), Cells.Value("timestamp(0)", "\"2020-01-02 03:04:05\""));
    }

    [Fact]
    public void Timestamp_with_time_zone_named_offset_and_utc()
    {
        var buffer = Cells.Decode("timestamp(9) with time zone", """
            ["2020-06-01 12:00:00.000 America/New_York",
             "2020-01-01 12:00:00.000 America/New_York",
             "2021-11-07 01:30:00.000 America/New_York",
             "2021-03-14 02:30:00.000 America/New_York",
             "2020-01-02 03:04:05.123 UTC",
             "2020-01-02 03:04:05.123456789 +05:30",
             "2020-01-02 03:04:05.000 -08:00",
             "2020-01-02 03:04:05.000 Asia/Kolkata"]
            """);
        var typed = Assert.IsType<ColumnBuffer<DateTimeOffset>>(buffer);
        Assert.Equal(typeof(PrestoTimestampWithTimeZone), buffer.Decoder.ExactType);
        Assert.Equal(new DateTimeOffset(2020, 6, 1, 12, 0, 0, TimeSpan.FromHours(-4)), typed.GetTyped(0));
        Assert.Equal(TimeSpan.FromHours(-4), typed.GetTyped(0).Offset);
        Assert.Equal(TimeSpan.FromHours(-5), typed.GetTyped(1).Offset);

        // DST fall-back overlap: the earlier offset (EDT), as Java's ZonedDateTime.of.
        Assert.Equal(new DateTimeOffset(2021, 11, 7, 1, 30, 0, TimeSpan.FromHours(-4)), typed.GetTyped(2));
        Assert.Equal(TimeSpan.FromHours(-4), typed.GetTyped(2).Offset);
        var ambiguous = Assert.IsType<PrestoTimestampWithTimeZone>(buffer.GetExact(2));
        Assert.Equal(TimeSpan.FromHours(-4), ambiguous.Offset);
        Assert.Equal("America/New_York", ambiguous.ZoneId);
        Assert.Equal("2021-11-07 01:30:00.000 America/New_York", ambiguous.ToString());

        // Spring-forward gap: moved forward by the gap.
        Assert.Equal(new DateTimeOffset(2021, 3, 14, 3, 30, 0, TimeSpan.FromHours(-4)), typed.GetTyped(3));

        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, 123, TimeSpan.Zero), typed.GetTyped(4));
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(330)).AddTicks(1234567), typed.GetTyped(5));
        Assert.Equal(TimeSpan.FromHours(-8), typed.GetTyped(6).Offset);
        Assert.Equal(TimeSpan.FromMinutes(330), typed.GetTyped(7).Offset);
        var exact = Assert.IsType<PrestoTimestampWithTimeZone>(buffer.GetExact(5));
        Assert.Equal("+05:30", exact.ZoneId);
        Assert.Equal(123456789000L, exact.Timestamp.Picoseconds);
        Assert.Equal("2020-01-02 03:04:05.123456789 +05:30", exact.ToString());
    }

    [Fact]
    public void Timestamp_with_time_zone_unrepresentable_cases()
    {
        var buffer = Cells.Decode("timestamp(3) with time zone", """
            ["2020-01-02 03:04:05.000 Mars/Olympus_Mons",
             "+10000-01-01 00:00:00.000 UTC",
             "0001-01-01 00:00:00.000 +05:30",
             "-0001-01-01 00:00:00.000 America/New_York"]
            """);
        Assert.Equal(CellState.Unrepresentable, buffer.GetState(0));
        var unknown = Assert.IsType<PrestoTimestampWithTimeZone>(buffer.GetValue(0));
        Assert.Null(unknown.Offset);
        Assert.Equal("Mars/Olympus_Mons", unknown.ZoneId);
        Assert.Equal("2020-01-02 03:04:05.000 Mars/Olympus_Mons", unknown.ToString());
        Assert.False(unknown.TryToDateTimeOffset(out _));
        Assert.Throws<InvalidOperationException>(() => unknown.ToDateTimeOffset());

        var future = Assert.IsType<PrestoTimestampWithTimeZone>(buffer.GetValue(1));
        Assert.Equal(TimeSpan.Zero, future.Offset);
        Assert.Throws<OverflowException>(() => future.ToDateTimeOffset());

        Assert.Equal(CellState.Unrepresentable, buffer.GetState(2));
        Assert.Equal(CellState.Unrepresentable, buffer.GetState(3));
        var ancient = Assert.IsType<PrestoTimestampWithTimeZone>(buffer.GetValue(3));
        Assert.NotNull(ancient.Offset);
        Assert.Equal("-0001-01-01 00:00:00.000 America/New_York", ancient.ToString());
    }

    [Fact]
    public void Time_with_time_zone_both_dialects()
    {
        var trino = Assert.IsType<PrestoTimeWithTimeZone>(Cells.Value("time(3) with time zone", "\"01:02:03.456+05:30\""));
        Assert.Equal(new PrestoTime(1, 2, 3, 456_000_000_000, 3), trino.Time);
        Assert.Equal(TimeSpan.FromMinutes(330), trino.Offset);
        Assert.Equal("+05:30", trino.ZoneId);
        Assert.Equal("01:02:03.456+05:30", trino.ToString());

        var negative = Assert.IsType<PrestoTimeWithTimeZone>(Cells.Value("time(0) with time zone", "\"23:00:00-08:00\""));
        Assert.Equal(TimeSpan.FromHours(-8), negative.Offset);
        Assert.Equal("23:00:00-08:00", negative.ToString());

        var presto = Assert.IsType<PrestoTimeWithTimeZone>(Cells.Value("time with time zone", "\"01:02:03.456 America/Los_Angeles\""));
        Assert.Null(presto.Offset);
        Assert.Equal("America/Los_Angeles", presto.ZoneId);
        Assert.Equal("01:02:03.456 America/Los_Angeles", presto.ToString());

        var utc = Assert.IsType<PrestoTimeWithTimeZone>(Cells.Value("time with time zone", "\"01:02:03.456 UTC\""));
        Assert.Equal(TimeSpan.Zero, utc.Offset);
        Assert.Equal(utc, PrestoTimeWithTimeZone.Parse("01:02:03.456 UTC"));
        Assert.Equal(trino, PrestoTimeWithTimeZone.Parse("01:02:03.456+05:30"));
    }

    [Fact]
    public void Interval_day_to_second()
    {
        var buffer = Cells.Decode("interval day to second", """["1 02:03:04.005", "-0 00:00:00.001", "0 00:00:00.000", "-106751991167 07:12:55.808", "106751991167 07:12:55.807", "10675199 02:48:05.477"]""");
        var typed = Assert.IsType<ColumnBuffer<TimeSpan>>(buffer);
        Assert.Equal(new TimeSpan(1, 2, 3, 4, 5), typed.GetTyped(0));
        Assert.Equal(TimeSpan.FromMilliseconds(-1), typed.GetTyped(1));
        Assert.Equal(TimeSpan.Zero, typed.GetTyped(2));

        Assert.Equal(CellState.Unrepresentable, buffer.GetState(3));
        var min = Assert.IsType<PrestoIntervalDayToSecond>(buffer.GetValue(3));
        Assert.Equal(long.MinValue, min.TotalMilliseconds);
        Assert.Equal("-106751991167 07:12:55.808", min.ToString());
        Assert.Throws<OverflowException>(() => min.ToTimeSpan());
        var max = Assert.IsType<PrestoIntervalDayToSecond>(buffer.GetValue(4));
        Assert.Equal(long.MaxValue, max.TotalMilliseconds);
        Assert.Equal(TimeSpan.FromTicks(922337203685477 * 10000), typed.GetTyped(5));
        Assert.Equal("-0 00:00:00.001", buffer.GetExact(1).ToString());
        Assert.Equal("1 02:03:04.005", buffer.GetExact(0).ToString());
    }

    [Fact]
    public void Interval_year_to_month()
    {
        var buffer = Cells.Decode("interval year to month", """["1-2", "-178956970-8", "178956970-7", "-0-1", "0-0", "-3-0"]""");
        var typed = Assert.IsType<ColumnBuffer<PrestoIntervalYearToMonth>>(buffer);
        Assert.Equal(14, typed.GetTyped(0).TotalMonths);
        Assert.Equal(1, typed.GetTyped(0).Years);
        Assert.Equal(2, typed.GetTyped(0).Months);
        Assert.Equal(int.MinValue, typed.GetTyped(1).TotalMonths);
        Assert.Equal(int.MaxValue, typed.GetTyped(2).TotalMonths);
        Assert.Equal(-1, typed.GetTyped(3).TotalMonths);
        Assert.Equal(-36, typed.GetTyped(5).TotalMonths);
        for (var i = 0; i < buffer.Count; i++)
        {
            Assert.Equal(buffer.GetWireText(i), typed.GetTyped(i).ToString());
        }
    }
}
