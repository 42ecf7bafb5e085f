using Presto.EntityFrameworkCore.Tests.Support;

namespace Presto.EntityFrameworkCore.Tests;

/// <summary>FromSql, SqlQuery and their composition with LINQ; parameters travel as Presto.Client parameters.</summary>
public sealed class RawSqlTests(TpchFixture fixture) : QueryTestBase(fixture)
{
    public sealed record NationRow(long NationKey, string Name);

    [Fact]
    public Task FromSql_with_an_interpolated_parameter()
    {
        long region = 3;
        return AssertQueryAsync(
            c => c.Nations.FromSql($"SELECT * FROM tpch.tiny.nation WHERE regionkey = {region}").OrderBy(n => n.NationKey).Select(n => n.Name),
            "SELECT name FROM tpch.tiny.nation WHERE regionkey = 3 ORDER BY nationkey",
            r => [r]);
    }

    [Fact]
    public Task FromSqlRaw_composed_with_LINQ_and_a_navigation() => AssertQueryAsync(
        c => c.Nations.FromSqlRaw("SELECT * FROM tpch.tiny.nation WHERE name LIKE 'A%' OR name LIKE 'B%'")
            .Where(n => n.Region.Name != "AFRICA").OrderBy(n => n.Name).Select(n => new { n.Name, Region = n.Region.Name }),
        "SELECT n.name, r.name FROM tpch.tiny.nation n JOIN tpch.tiny.region r ON n.regionkey = r.regionkey WHERE (n.name LIKE 'A%' OR n.name LIKE 'B%') AND r.name <> 'AFRICA' ORDER BY n.name",
        r => [r.Name, r.Region]);

    [Fact]
    public Task SqlQuery_scalar()
    {
        long region = 1;
        return AssertScalarAsync(
            async c => (await c.Database.SqlQuery<long>($"SELECT count(*) AS value FROM tpch.tiny.nation WHERE regionkey = {region}").ToListAsync()).Single(),
            "SELECT count(*) FROM tpch.tiny.nation WHERE regionkey = 1");
    }

    [Fact]
    public Task SqlQuery_scalar_composed() => AssertQueryAsync(
        c => c.Database.SqlQuery<long>($"SELECT nationkey AS \"Value\" FROM tpch.tiny.nation").Where(v => v > 20).OrderBy(v => v),
        "SELECT nationkey FROM tpch.tiny.nation WHERE nationkey > 20 ORDER BY nationkey",
        r => [r]);

    [Fact]
    public Task SqlQuery_unmapped_type()
    {
        var name = "JAPAN";
        return AssertQueryAsync(
            c => c.Database.SqlQuery<NationRow>($"SELECT nationkey, name FROM tpch.tiny.nation WHERE name >= {name}").OrderBy(r => r.NationKey),
            "SELECT nationkey, name FROM tpch.tiny.nation WHERE name >= 'JAPAN' ORDER BY nationkey",
            r => [r.NationKey, r.Name]);
    }

    [Fact]
    public async Task FromSql_errors_surface_as_the_Presto_exception()
    {
        await using var context = Fixture.CreateContext();
        var e = await Assert.ThrowsAsync<PrestoQueryException>(() => context.Nations.FromSqlRaw("SELECT * FROM tpch.tiny.no_such_table").ToListAsync());
        Assert.Contains("no_such_table", e.Message, StringComparison.Ordinal);
    }
}
