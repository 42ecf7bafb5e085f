using Presto.EntityFrameworkCore.Tests.Support;

namespace Presto.EntityFrameworkCore.Tests;

/// <summary>GroupBy with aggregates, joins, navigations, Include and subqueries.</summary>
public sealed class GroupJoinQueryTests(TpchFixture fixture) : QueryTestBase(fixture)
{
    [Fact]
    public Task GroupBy_count() => AssertQueryAsync(
        c => c.Nations.GroupBy(n => n.RegionKey).OrderBy(g => g.Key).Select(g => new { g.Key, Count = g.Count() }),
        "SELECT regionkey, count(*) FROM tpch.tiny.nation GROUP BY regionkey ORDER BY regionkey",
        r => [r.Key, r.Count]);

    [Fact]
    public Task GroupBy_sum_avg_min_max() => AssertQueryAsync(
        c => c.LineItems.GroupBy(l => new { l.ReturnFlag, l.LineStatus }).OrderBy(g => g.Key.ReturnFlag).ThenBy(g => g.Key.LineStatus).Select(g => new
        {
            g.Key.ReturnFlag,
            g.Key.LineStatus,
            Quantity = g.Sum(l => l.Quantity),
            Price = g.Average(l => l.ExtendedPrice),
            MinShip = g.Min(l => l.ShipDate),
            MaxDiscount = g.Max(l => l.Discount),
            Count = g.Count(),
        }),
        "SELECT returnflag, linestatus, sum(quantity), avg(extendedprice), min(shipdate), max(discount), count(*) FROM tpch.tiny.lineitem GROUP BY returnflag, linestatus ORDER BY returnflag, linestatus",
        r => [r.ReturnFlag, r.LineStatus, r.Quantity, r.Price, r.MinShip, r.MaxDiscount, r.Count]);

    [Fact]
    public Task GroupBy_having() => AssertQueryAsync(
        c => c.Orders.GroupBy(o => o.CustKey).Where(g => g.Count() > 25).OrderBy(g => g.Key).Select(g => new { g.Key, Count = g.Count() }),
        "SELECT custkey, count(*) FROM tpch.tiny.orders GROUP BY custkey HAVING count(*) > 25 ORDER BY custkey",
        r => [r.Key, r.Count]);

    [Fact]
    public Task GroupBy_filtered_aggregate() => AssertQueryAsync(
        c => c.Orders.GroupBy(o => o.OrderPriority).OrderBy(g => g.Key).Select(g => new { g.Key, Open = g.Count(o => o.OrderStatus == "O"), Big = g.Sum(o => o.TotalPrice > 300000 ? 1 : 0) }),
        "SELECT orderpriority, count_if(orderstatus = 'O'), sum(CASE WHEN totalprice > 300000 THEN 1 ELSE 0 END) FROM tpch.tiny.orders GROUP BY orderpriority ORDER BY orderpriority",
        r => [r.Key, r.Open, r.Big]);

    [Fact]
    public Task GroupBy_navigation_key() => AssertQueryAsync(
        c => c.Customers.GroupBy(x => x.Nation.Region.Name).OrderBy(g => g.Key).Select(g => new { g.Key, Count = g.Count(), Balance = g.Sum(x => x.AcctBal) }),
        "SELECT r.name, count(*), sum(c.acctbal) FROM tpch.tiny.customer c JOIN tpch.tiny.nation n ON c.nationkey = n.nationkey JOIN tpch.tiny.region r ON n.regionkey = r.regionkey GROUP BY r.name ORDER BY r.name",
        r => [r.Key, r.Count, r.Balance]);

    [Fact]
    public Task Join_explicit() => AssertQueryAsync(
        c => c.Nations.Join(c.Regions, n => n.RegionKey, r => r.RegionKey, (n, r) => new { Nation = n.Name, Region = r.Name }).OrderBy(x => x.Nation),
        "SELECT n.name, r.name FROM tpch.tiny.nation n JOIN tpch.tiny.region r ON n.regionkey = r.regionkey ORDER BY n.name",
        r => [r.Nation, r.Region]);

    [Fact]
    public Task Join_query_syntax_three_tables() => AssertQueryAsync(
        c => from o in c.Orders
             join cu in c.Customers on o.CustKey equals cu.CustKey
             join n in c.Nations on cu.NationKey equals n.NationKey
             where o.OrderKey < 100
             orderby o.OrderKey
             select new { o.OrderKey, Customer = cu.Name, Nation = n.Name },
        "SELECT o.orderkey, c.name, n.name FROM tpch.tiny.orders o JOIN tpch.tiny.customer c ON o.custkey = c.custkey JOIN tpch.tiny.nation n ON c.nationkey = n.nationkey WHERE o.orderkey < 100 ORDER BY o.orderkey",
        r => [r.OrderKey, r.Customer, r.Nation]);

    [Fact]
    public Task Left_join_DefaultIfEmpty() => AssertQueryAsync(
        c => from n in c.Nations
             join cu in c.Customers.Where(x => x.AcctBal > 9990) on n.NationKey equals cu.NationKey into rich
             from cu in rich.DefaultIfEmpty()
             orderby n.NationKey, cu!.CustKey
             select new { n.Name, Customer = cu == null ? null : cu.Name },
        "SELECT n.name, c.name FROM tpch.tiny.nation n LEFT JOIN (SELECT * FROM tpch.tiny.customer WHERE acctbal > 9990) c ON n.nationkey = c.nationkey ORDER BY n.nationkey, c.custkey",
        r => [r.Name, r.Customer]);

    [Fact]
    public Task Navigation_in_projection_and_filter() => AssertQueryAsync(
        c => c.Nations.Where(n => n.Region.Name == "AMERICA").OrderBy(n => n.Name).Select(n => new { n.Name, Region = n.Region.Name }),
        "SELECT n.name, r.name FROM tpch.tiny.nation n JOIN tpch.tiny.region r ON n.regionkey = r.regionkey WHERE r.name = 'AMERICA' ORDER BY n.name",
        r => [r.Name, r.Region]);

    [Fact]
    public Task OrderBy_navigation() => AssertQueryAsync(
        c => c.Nations.OrderBy(n => n.Region.Name).ThenByDescending(n => n.Name).Select(n => n.Name),
        "SELECT n.name FROM tpch.tiny.nation n JOIN tpch.tiny.region r ON n.regionkey = r.regionkey ORDER BY r.name, n.name DESC",
        r => [r]);

    [Fact]
    public async Task Include_reference()
    {
        await using var context = Fixture.CreateContext();
        var nations = await context.Nations.Include(n => n.Region).OrderBy(n => n.NationKey).ToListAsync();
        var ado = await Fixture.QueryAsync("SELECT n.name, r.name FROM tpch.tiny.nation n JOIN tpch.tiny.region r ON n.regionkey = r.regionkey ORDER BY n.nationkey");
        Assert.Equal(ado.Select(TpchFixture.Format), nations.Select(n => TpchFixture.Format([n.Name, n.Region.Name])));
    }

    [Fact]
    public async Task Include_collection_ThenInclude()
    {
        await using var context = Fixture.CreateContext();
        var regions = await context.Regions.Include(r => r.Nations).ThenInclude(n => n.Customers).Where(r => r.Name == "EUROPE").ToListAsync();
        var ado = await Fixture.QueryAsync(
            "SELECT n.name, count(c.custkey) FROM tpch.tiny.region r JOIN tpch.tiny.nation n ON r.regionkey = n.regionkey LEFT JOIN tpch.tiny.customer c ON c.nationkey = n.nationkey WHERE r.name = 'EUROPE' GROUP BY n.name ORDER BY n.name");
        var region = Assert.Single(regions);
        Assert.Equal(ado.Select(TpchFixture.Format), region.Nations.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => TpchFixture.Format([n.Name, n.Customers.Count])));
    }

    [Fact]
    public async Task Include_collections_AsSplitQuery_match_the_single_query_and_ado_net()
    {
        await using var context = Fixture.CreateContext();
        var split = await context.Regions.Include(r => r.Nations).ThenInclude(n => n.Customers)
            .Where(r => r.Name != "ASIA").OrderBy(r => r.RegionKey).AsSplitQuery().AsNoTracking().ToListAsync();
        var single = await context.Regions.Include(r => r.Nations).ThenInclude(n => n.Customers)
            .Where(r => r.Name != "ASIA").OrderBy(r => r.RegionKey).AsSingleQuery().AsNoTracking().ToListAsync();
        var ado = await Fixture.QueryAsync(
            "SELECT r.name, n.name, count(c.custkey), max(c.custkey) FROM tpch.tiny.region r JOIN tpch.tiny.nation n ON r.regionkey = n.regionkey "
            + "LEFT JOIN tpch.tiny.customer c ON c.nationkey = n.nationkey WHERE r.name <> 'ASIA' GROUP BY r.regionkey, r.name, n.name ORDER BY r.regionkey, n.name");

        static IEnumerable<string> Rows(List<Region> regions) => regions.SelectMany(r => r.Nations.OrderBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => TpchFixture.Format([r.Name, n.Name, n.Customers.Count, n.Customers.Select(c => c.CustKey).DefaultIfEmpty().Max()])));
        Assert.Equal(4, split.Count);
        Assert.Equal(Rows(single), Rows(split));
        Assert.Equal(ado.Select(TpchFixture.Format), Rows(split));
    }

    [Fact]
    public async Task AsSplitQuery_sends_one_query_per_collection_level()
    {
        await using var context = Fixture.CreateContext();

        string sql = context.Regions.Include(r => r.Nations).ThenInclude(n => n.Customers).AsSplitQuery().ToQueryString();
        var regions = context.Regions.Include(r => r.Nations).Where(r => r.RegionKey < 2).OrderBy(r => r.RegionKey).AsSplitQuery().AsEnumerable()
            .Select(r => (r.Name, r.Nations.Count)).ToList();

        Assert.Contains("FROM \"tpch\".\"tiny\".\"region\" AS \"r\"", sql, StringComparison.Ordinal);
        Assert.Equal([("AFRICA", 5), ("AMERICA", 5)], regions);
    }

    [Fact]
    public Task Collection_navigation_count_in_projection() => AssertQueryAsync(
        c => c.Regions.OrderBy(r => r.RegionKey).Select(r => new { r.Name, Nations = r.Nations.Count() }),
        "SELECT r.name, (SELECT count(*) FROM tpch.tiny.nation n WHERE n.regionkey = r.regionkey) FROM tpch.tiny.region r ORDER BY r.regionkey",
        r => [r.Name, r.Nations]);

    [Fact]
    public Task Any_on_navigation_is_EXISTS() => AssertQueryAsync(
        c => c.Nations.Where(n => n.Customers.Any(x => x.AcctBal > 9995)).OrderBy(n => n.NationKey).Select(n => n.Name),
        "SELECT name FROM tpch.tiny.nation n WHERE EXISTS (SELECT 1 FROM tpch.tiny.customer c WHERE c.nationkey = n.nationkey AND c.acctbal > 9995) ORDER BY nationkey",
        r => [r]);

    [Fact]
    public Task All_on_navigation() => AssertQueryAsync(
        c => c.Nations.Where(n => n.Customers.All(x => x.AcctBal > -900)).OrderBy(n => n.NationKey).Select(n => n.Name),
        "SELECT name FROM tpch.tiny.nation n WHERE NOT EXISTS (SELECT 1 FROM tpch.tiny.customer c WHERE c.nationkey = n.nationkey AND NOT (c.acctbal > -900)) ORDER BY nationkey",
        r => [r]);

    [Fact]
    public Task Subquery_aggregate_in_filter() => AssertQueryAsync(
        c => c.Customers.Where(x => x.AcctBal > c.Customers.Average(y => y.AcctBal) * 1.98).OrderBy(x => x.CustKey).Select(x => x.CustKey),
        "SELECT custkey FROM tpch.tiny.customer WHERE acctbal > (SELECT avg(acctbal) FROM tpch.tiny.customer) * 1.98 ORDER BY custkey",
        r => [r]);

    [Fact]
    public Task Contains_subquery_is_IN() => AssertQueryAsync(
        c => c.Nations.Where(n => c.Regions.Where(r => r.Name.StartsWith("A")).Select(r => r.RegionKey).Contains(n.RegionKey)).OrderBy(n => n.NationKey).Select(n => n.Name),
        "SELECT name FROM tpch.tiny.nation WHERE regionkey IN (SELECT regionkey FROM tpch.tiny.region WHERE name LIKE 'A%') ORDER BY nationkey",
        r => [r]);

    [Fact]
    public Task SelectMany_collection_navigation() => AssertQueryAsync(
        c => c.Regions.Where(r => r.RegionKey == 0).SelectMany(r => r.Nations).OrderBy(n => n.Name).Select(n => n.Name),
        "SELECT n.name FROM tpch.tiny.region r JOIN tpch.tiny.nation n ON n.regionkey = r.regionkey WHERE r.regionkey = 0 ORDER BY n.name",
        r => [r]);

    [Fact]
    public Task Union_and_Concat() => AssertQueryAsync(
        c => c.Nations.Where(n => n.RegionKey == 0).Select(n => n.Name)
            .Union(c.Regions.Select(r => r.Name))
            .Concat(c.Nations.Where(n => n.NationKey == 1).Select(n => n.Name)),
        "SELECT name FROM tpch.tiny.nation WHERE regionkey = 0 UNION SELECT name FROM tpch.tiny.region UNION ALL SELECT name FROM tpch.tiny.nation WHERE nationkey = 1",
        r => [r],
        ordered: false);

    [Fact]
    public Task Top_n_per_group_with_Take_in_subquery() => AssertQueryAsync(
        c => c.Regions.OrderBy(r => r.RegionKey).Select(r => new { r.Name, First = r.Nations.OrderBy(n => n.Name).Select(n => n.Name).FirstOrDefault() }),
        "SELECT r.name, (SELECT min(n.name) FROM tpch.tiny.nation n WHERE n.regionkey = r.regionkey) FROM tpch.tiny.region r ORDER BY r.regionkey",
        r => [r.Name, r.First]);
}
