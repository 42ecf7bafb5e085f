using Presto.EntityFrameworkCore.Tests.Support;

namespace Presto.EntityFrameworkCore.Tests;

/// <summary>Filters, projections, ordering, paging and scalar aggregates, each compared with hand-written SQL.</summary>
public sealed class BasicQueryTests(TpchFixture fixture) : QueryTestBase(fixture)
{
    [Fact]
    public Task Where_equal_OrderBy_Take() => AssertQueryAsync(
        c => c.Nations.Where(n => n.RegionKey == 1).OrderBy(n => n.Name).Take(3).Select(n => new { n.NationKey, n.Name }),
        "SELECT nationkey, name FROM tpch.tiny.nation WHERE regionkey = 1 ORDER BY name LIMIT 3",
        r => [r.NationKey, r.Name]);

    [Fact]
    public Task Where_and_or() => AssertQueryAsync(
        c => c.Nations.Where(n => (n.RegionKey == 1 || n.RegionKey == 3) && n.NationKey > 5).OrderBy(n => n.NationKey).Select(n => n.NationKey),
        "SELECT nationkey FROM tpch.tiny.nation WHERE (regionkey = 1 OR regionkey = 3) AND nationkey > 5 ORDER BY nationkey",
        r => [r]);

    [Fact]
    public Task Where_not_equal() => AssertQueryAsync(
        c => c.Regions.Where(r => r.Name != "ASIA").OrderBy(r => r.RegionKey).Select(r => r.Name),
        "SELECT name FROM tpch.tiny.region WHERE name <> 'ASIA' ORDER BY regionkey",
        r => [r]);

    [Fact]
    public Task Where_double_range() => AssertQueryAsync(
        c => c.Customers.Where(x => x.AcctBal >= 9000 && x.AcctBal < 9100).OrderBy(x => x.CustKey).Select(x => new { x.CustKey, x.AcctBal }),
        "SELECT custkey, acctbal FROM tpch.tiny.customer WHERE acctbal >= 9000 AND acctbal < 9100 ORDER BY custkey",
        r => [r.CustKey, r.AcctBal]);

    [Fact]
    public Task Where_captured_variable()
    {
        long region = 2;
        return AssertQueryAsync(
            c => c.Nations.Where(n => n.RegionKey == region).OrderBy(n => n.NationKey).Select(n => n.Name),
            "SELECT name FROM tpch.tiny.nation WHERE regionkey = 2 ORDER BY nationkey",
            r => [r]);
    }

    [Fact]
    public Task OrderByDescending_ThenBy() => AssertQueryAsync(
        c => c.Nations.OrderByDescending(n => n.RegionKey).ThenBy(n => n.Name).Select(n => new { n.RegionKey, n.Name }),
        "SELECT regionkey, name FROM tpch.tiny.nation ORDER BY regionkey DESC, name",
        r => [r.RegionKey, r.Name]);

    [Fact]
    public Task Skip_Take()
    {
        int skip = 5, take = 4;
        return AssertQueryAsync(
            c => c.Nations.OrderBy(n => n.NationKey).Skip(skip).Take(take).Select(n => n.NationKey),
            "SELECT nationkey FROM tpch.tiny.nation ORDER BY nationkey OFFSET 5 LIMIT 4",
            r => [r]);
    }

    [Fact]
    public Task Skip_only() => AssertQueryAsync(
        c => c.Nations.OrderBy(n => n.NationKey).Skip(20).Select(n => n.NationKey),
        "SELECT nationkey FROM tpch.tiny.nation ORDER BY nationkey OFFSET 20",
        r => [r]);

    [Fact]
    public Task Distinct() => AssertQueryAsync(
        c => c.Customers.Select(x => x.MktSegment).Distinct(),
        "SELECT DISTINCT mktsegment FROM tpch.tiny.customer",
        r => [r],
        ordered: false);

    [Fact]
    public Task Select_arithmetic() => AssertQueryAsync(
        c => c.LineItems.Where(l => l.OrderKey < 10).OrderBy(l => l.OrderKey).ThenBy(l => l.LineNumber)
            .Select(l => new { l.OrderKey, l.LineNumber, Net = l.ExtendedPrice * (1 - l.Discount), Next = l.LineNumber + 1, Half = l.LineNumber / 2, Rest = l.LineNumber % 2 }),
        "SELECT orderkey, linenumber, extendedprice * (1 - discount), linenumber + 1, linenumber / 2, linenumber % 2 FROM tpch.tiny.lineitem WHERE orderkey < 10 ORDER BY orderkey, linenumber",
        r => [r.OrderKey, r.LineNumber, r.Net, r.Next, r.Half, r.Rest]);

    [Fact]
    public Task Select_conditional() => AssertQueryAsync(
        c => c.Customers.Where(x => x.CustKey <= 20).OrderBy(x => x.CustKey).Select(x => new { x.CustKey, Rich = x.AcctBal > 5000 ? "rich" : "modest" }),
        "SELECT custkey, CASE WHEN acctbal > 5000 THEN 'rich' ELSE 'modest' END FROM tpch.tiny.customer WHERE custkey <= 20 ORDER BY custkey",
        r => [r.CustKey, r.Rich]);

    [Fact]
    public Task Select_boolean_expression() => AssertQueryAsync(
        c => c.Nations.OrderBy(n => n.NationKey).Select(n => new { n.NationKey, Europe = n.RegionKey == 3 }),
        "SELECT nationkey, regionkey = 3 FROM tpch.tiny.nation ORDER BY nationkey",
        r => [r.NationKey, r.Europe]);

    [Fact]
    public Task Where_boolean_constant_and_negation() => AssertQueryAsync(
        c => c.Nations.Where(n => !(n.RegionKey == 0) && true).OrderBy(n => n.NationKey).Select(n => n.NationKey),
        "SELECT nationkey FROM tpch.tiny.nation WHERE NOT (regionkey = 0) ORDER BY nationkey",
        r => [r]);

    [Fact]
    public Task Contains_list_is_IN()
    {
        var keys = new List<long> { 1, 5, 7, 24 };
        return AssertQueryAsync(
            c => c.Nations.Where(n => keys.Contains(n.NationKey)).OrderBy(n => n.NationKey).Select(n => n.Name),
            "SELECT name FROM tpch.tiny.nation WHERE nationkey IN (1, 5, 7, 24) ORDER BY nationkey",
            r => [r]);
    }

    [Fact]
    public Task Contains_inline_array_is_IN() => AssertQueryAsync(
        c => c.Regions.Where(r => new[] { "ASIA", "EUROPE" }.Contains(r.Name)).OrderBy(r => r.Name).Select(r => r.RegionKey),
        "SELECT regionkey FROM tpch.tiny.region WHERE name IN ('ASIA', 'EUROPE') ORDER BY name",
        r => [r]);

    [Fact]
    public Task Count() => AssertScalarAsync(c => c.Orders.CountAsync(), "SELECT count(*) FROM tpch.tiny.orders");

    [Fact]
    public Task Count_with_predicate() => AssertScalarAsync(
        c => c.Orders.CountAsync(o => o.OrderStatus == "F"), "SELECT count(*) FROM tpch.tiny.orders WHERE orderstatus = 'F'");

    [Fact]
    public Task LongCount() => AssertScalarAsync(c => c.LineItems.LongCountAsync(), "SELECT count(*) FROM tpch.tiny.lineitem");

    [Fact]
    public Task Sum() => AssertScalarAsync(c => c.Orders.Where(o => o.CustKey == 370).SumAsync(o => o.TotalPrice), "SELECT sum(totalprice) FROM tpch.tiny.orders WHERE custkey = 370");

    [Fact]
    public Task Average() => AssertScalarAsync(c => c.Customers.AverageAsync(x => x.AcctBal), "SELECT avg(acctbal) FROM tpch.tiny.customer");

    [Fact]
    public Task Min() => AssertScalarAsync(c => c.Orders.MinAsync(o => o.OrderDate), "SELECT min(orderdate) FROM tpch.tiny.orders");

    [Fact]
    public Task Max() => AssertScalarAsync(c => c.Orders.MaxAsync(o => o.TotalPrice), "SELECT max(totalprice) FROM tpch.tiny.orders");

    [Fact]
    public Task Any_true() => AssertScalarAsync(c => c.Nations.AnyAsync(n => n.Name == "PERU"), "SELECT count(*) > 0 FROM tpch.tiny.nation WHERE name = 'PERU'");

    [Fact]
    public Task Any_false() => AssertScalarAsync(c => c.Nations.AnyAsync(n => n.Name == "ATLANTIS"), "SELECT count(*) > 0 FROM tpch.tiny.nation WHERE name = 'ATLANTIS'");

    [Fact]
    public Task All() => AssertScalarAsync(c => c.Nations.AllAsync(n => n.RegionKey < 5), "SELECT count(*) = 0 FROM tpch.tiny.nation WHERE NOT (regionkey < 5)");

    [Fact]
    public Task First() => AssertScalarAsync(
        async c => (await c.Nations.OrderBy(n => n.Name).FirstAsync(n => n.RegionKey == 2)).Name,
        "SELECT name FROM tpch.tiny.nation WHERE regionkey = 2 ORDER BY name LIMIT 1");

    [Fact]
    public Task FirstOrDefault_none_is_null()
    {
        return AssertNull();

        async Task AssertNull()
        {
            await using var context = Fixture.CreateContext();
            Assert.Null(await context.Nations.FirstOrDefaultAsync(n => n.NationKey == 999));
            Assert.NotNull(await context.Nations.FirstOrDefaultAsync(n => n.NationKey == 9));
        }
    }

    [Fact]
    public Task Single() => AssertScalarAsync(
        async c => (await c.Regions.SingleAsync(r => r.RegionKey == 4)).Name,
        "SELECT name FROM tpch.tiny.region WHERE regionkey = 4");

    [Fact]
    public async Task Find_by_composite_key()
    {
        await using var context = Fixture.CreateContext();
        var line = await context.LineItems.FindAsync(1L, 2);
        var ado = await Fixture.QueryAsync("SELECT partkey, quantity FROM tpch.tiny.lineitem WHERE orderkey = 1 AND linenumber = 2");
        Assert.NotNull(line);
        Assert.Equal(TpchFixture.Format(ado.Single()), TpchFixture.Format([line.PartKey, line.Quantity]));
    }

    [Fact]
    public async Task Entities_materialize_every_column()
    {
        await using var context = Fixture.CreateContext();
        var order = await context.Orders.AsNoTracking().SingleAsync(o => o.OrderKey == 7);
        var ado = await Fixture.QueryAsync("SELECT orderkey, custkey, orderstatus, totalprice, orderdate, orderpriority, clerk, shippriority, comment FROM tpch.tiny.orders WHERE orderkey = 7");
        Assert.Equal(
            TpchFixture.Format(ado.Single()),
            TpchFixture.Format([order.OrderKey, order.CustKey, order.OrderStatus, order.TotalPrice, order.OrderDate, order.OrderPriority, order.Clerk, order.ShipPriority, order.Comment]));
    }
}
