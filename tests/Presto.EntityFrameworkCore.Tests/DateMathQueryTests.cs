using Presto.EntityFrameworkCore.Tests.Support;

namespace Presto.EntityFrameworkCore.Tests;

/// <summary>Date parts and arithmetic, Math, and EF.Functions for Presto functions.</summary>
public sealed class DateMathQueryTests(TpchFixture fixture) : QueryTestBase(fixture)
{
    [Fact]
    public Task DateOnly_parts() => AssertQueryAsync(
        c => c.Orders.Where(o => o.OrderKey <= 100).OrderBy(o => o.OrderKey).Select(o => new { o.OrderKey, o.OrderDate.Year, o.OrderDate.Month, o.OrderDate.Day, o.OrderDate.DayOfYear }),
        "SELECT orderkey, year(orderdate), month(orderdate), day(orderdate), day_of_year(orderdate) FROM tpch.tiny.orders WHERE orderkey <= 100 ORDER BY orderkey",
        r => [r.OrderKey, r.Year, r.Month, r.Day, r.DayOfYear]);

    [Fact]
    public Task DayOfWeek_counts_from_Sunday_zero() => AssertQueryAsync(
        c => c.Orders.Where(o => o.OrderKey <= 100).OrderBy(o => o.OrderKey).Select(o => new { o.OrderKey, o.OrderDate.DayOfWeek }),
        "SELECT orderkey, CASE day_of_week(orderdate) WHEN 1 THEN 'Monday' WHEN 2 THEN 'Tuesday' WHEN 3 THEN 'Wednesday' WHEN 4 THEN 'Thursday' "
            + "WHEN 5 THEN 'Friday' WHEN 6 THEN 'Saturday' ELSE 'Sunday' END FROM tpch.tiny.orders WHERE orderkey <= 100 ORDER BY orderkey",
        r => [r.OrderKey, r.DayOfWeek.ToString()]);

    [Fact]
    public async Task Where_DayOfWeek_is_day_of_week_modulo_7()
    {
        await AssertScalarAsync(
            c => c.Orders.CountAsync(o => o.OrderDate.DayOfWeek == DayOfWeek.Sunday),
            "SELECT count(*) FROM tpch.tiny.orders WHERE day_of_week(orderdate) = 7");
        await using var context = Fixture.CreateContext();
        string sql = context.Orders.Where(o => o.OrderDate.DayOfWeek == DayOfWeek.Sunday).ToQueryString();
        Assert.Contains("WHERE (day_of_week(\"o\".\"orderdate\") % 7) = 0", sql, StringComparison.Ordinal);
    }

    [Fact]
    public Task Where_year() => AssertScalarAsync(
        c => c.Orders.CountAsync(o => o.OrderDate.Year == 1995),
        "SELECT count(*) FROM tpch.tiny.orders WHERE year(orderdate) = 1995");

    [Fact]
    public Task Where_date_parameter_range()
    {
        var from = new DateOnly(1996, 1, 1);
        var to = new DateOnly(1996, 2, 1);
        return AssertQueryAsync(
            c => c.Orders.Where(o => o.OrderDate >= from && o.OrderDate < to).OrderBy(o => o.OrderKey).Take(20).Select(o => new { o.OrderKey, o.OrderDate }),
            "SELECT orderkey, orderdate FROM tpch.tiny.orders WHERE orderdate >= DATE '1996-01-01' AND orderdate < DATE '1996-02-01' ORDER BY orderkey LIMIT 20",
            r => [r.OrderKey, r.OrderDate]);
    }

    [Fact]
    public Task Where_date_constant() => AssertScalarAsync(
        c => c.LineItems.CountAsync(l => l.ShipDate > new DateOnly(1998, 9, 1)),
        "SELECT count(*) FROM tpch.tiny.lineitem WHERE shipdate > DATE '1998-09-01'");

    [Fact]
    public Task Date_difference_of_columns() => AssertScalarAsync(
        c => c.LineItems.CountAsync(l => l.ReceiptDate > l.CommitDate),
        "SELECT count(*) FROM tpch.tiny.lineitem WHERE receiptdate > commitdate");

    [Fact]
    public Task DateOnly_AddDays_AddMonths() => AssertQueryAsync(
        c => c.Orders.Where(o => o.OrderKey <= 40).OrderBy(o => o.OrderKey).Select(o => new { Days = o.OrderDate.AddDays(30), Months = o.OrderDate.AddMonths(1), Years = o.OrderDate.AddYears(-1) }),
        "SELECT date_add('day', 30, orderdate), date_add('month', 1, orderdate), date_add('year', -1, orderdate) FROM tpch.tiny.orders WHERE orderkey <= 40 ORDER BY orderkey",
        r => [r.Days, r.Months, r.Years]);

    [Fact]
    public Task GroupBy_year() => AssertQueryAsync(
        c => c.Orders.GroupBy(o => o.OrderDate.Year).OrderBy(g => g.Key).Select(g => new { g.Key, Count = g.Count() }),
        "SELECT year(orderdate), count(*) FROM tpch.tiny.orders GROUP BY year(orderdate) ORDER BY 1",
        r => [r.Key, r.Count]);

    [Fact]
    public Task EF_Functions_DateTrunc_month() => AssertQueryAsync(
        c => c.Orders.Where(o => o.OrderDate.Year == 1994).GroupBy(o => EF.Functions.DateTrunc("month", o.OrderDate)).OrderBy(g => g.Key).Select(g => new { g.Key.Month, Count = g.Count() }),
        "SELECT month(date_trunc('month', orderdate)), count(*) FROM tpch.tiny.orders WHERE year(orderdate) = 1994 GROUP BY date_trunc('month', orderdate) ORDER BY date_trunc('month', orderdate)",
        r => [r.Month, r.Count]);

    [Fact]
    public Task EF_Functions_DateTrunc_quarter_and_year() => AssertQueryAsync(
        c => c.Orders.Where(o => o.OrderKey <= 64).OrderBy(o => o.OrderKey).Select(o => new { Q = EF.Functions.DateTrunc("quarter", o.OrderDate), Y = EF.Functions.DateTrunc("year", o.OrderDate), W = EF.Functions.DateTrunc("week", o.OrderDate) }),
        "SELECT date_trunc('quarter', orderdate), date_trunc('year', orderdate), date_trunc('week', orderdate) FROM tpch.tiny.orders WHERE orderkey <= 64 ORDER BY orderkey",
        r => [r.Q, r.Y, r.W]);

    [Fact]
    public Task EF_Functions_DateDiff() => AssertQueryAsync(
        c => c.LineItems.Where(l => l.OrderKey <= 10).OrderBy(l => l.OrderKey).ThenBy(l => l.LineNumber).Select(l => EF.Functions.DateDiff("day", l.ShipDate, l.ReceiptDate)),
        "SELECT date_diff('day', shipdate, receiptdate) FROM tpch.tiny.lineitem WHERE orderkey <= 10 ORDER BY orderkey, linenumber",
        r => [r]);

    [Fact]
    public Task EF_Functions_ApproxDistinct_in_group() => AssertQueryAsync(
        c => c.Orders.GroupBy(o => o.OrderStatus).OrderBy(g => g.Key).Select(g => new { g.Key, Customers = EF.Functions.ApproxDistinct(g.Select(o => o.CustKey)) }),
        "SELECT orderstatus, approx_distinct(custkey) FROM tpch.tiny.orders GROUP BY orderstatus ORDER BY orderstatus",
        r => [r.Key, r.Customers]);

    [Fact]
    public Task EF_Functions_RegexpLike() => AssertQueryAsync(
        c => c.Nations.Where(n => EF.Functions.RegexpLike(n.Name, "^[A-C]")).OrderBy(n => n.Name).Select(n => n.Name),
        "SELECT name FROM tpch.tiny.nation WHERE regexp_like(name, '^[A-C]') ORDER BY name",
        r => [r]);

    [Fact]
    public Task Math_Abs_Round_Floor_Ceiling() => AssertQueryAsync(
        c => c.Customers.Where(x => x.CustKey <= 30).OrderBy(x => x.CustKey).Select(x => new
        {
            Abs = Math.Abs(x.AcctBal),
            Round = Math.Round(x.AcctBal),
            Round1 = Math.Round(x.AcctBal, 1),
            Floor = Math.Floor(x.AcctBal),
            Ceiling = Math.Ceiling(x.AcctBal),
        }),
        "SELECT abs(acctbal), round(acctbal), round(acctbal, 1), floor(acctbal), ceiling(acctbal) FROM tpch.tiny.customer WHERE custkey <= 30 ORDER BY custkey",
        r => [r.Abs, r.Round, r.Round1, r.Floor, r.Ceiling]);

    [Fact]
    public Task Math_Sqrt_Pow_Exp_Log() => AssertQueryAsync(
        c => c.LineItems.Where(l => l.OrderKey <= 5).OrderBy(l => l.OrderKey).ThenBy(l => l.LineNumber).Select(l => new
        {
            Sqrt = Math.Sqrt(l.Quantity),
            Pow = Math.Pow(l.Quantity, 2),
            Log = Math.Log(l.Quantity),
            Log10 = Math.Log10(l.Quantity),
            Exp = Math.Exp(l.Discount),
        }),
        "SELECT sqrt(quantity), power(quantity, 2), ln(quantity), log10(quantity), exp(discount) FROM tpch.tiny.lineitem WHERE orderkey <= 5 ORDER BY orderkey, linenumber",
        r => [r.Sqrt, r.Pow, r.Log, r.Log10, r.Exp]);

    [Fact]
    public Task Math_Sign_Max_Min() => AssertQueryAsync(
        c => c.Customers.Where(x => x.CustKey <= 40).OrderBy(x => x.CustKey).Select(x => new { Sign = Math.Sign(x.AcctBal), Max = Math.Max(x.AcctBal, 0.0), Min = Math.Min(x.NationKey, 10L) }),
        "SELECT CAST(sign(acctbal) AS integer), greatest(acctbal, 0.0E0), least(nationkey, 10) FROM tpch.tiny.customer WHERE custkey <= 40 ORDER BY custkey",
        r => [r.Sign, r.Max, r.Min]);

    [Fact]
    public Task Where_Math_Abs() => AssertScalarAsync(
        c => c.Customers.CountAsync(x => Math.Abs(x.AcctBal) < 100),
        "SELECT count(*) FROM tpch.tiny.customer WHERE abs(acctbal) < 100");
}
