using Presto.EntityFrameworkCore.Tests.Support;

namespace Presto.EntityFrameworkCore.Tests;

/// <summary>The SQL text of key queries: Presto's dialect, as ToQueryString shows it.</summary>
public sealed class SqlGenerationTests(TpchFixture fixture) : QueryTestBase(fixture)
{
    private string Sql<T>(Func<TpchContext, IQueryable<T>> query)
    {
        using var context = Fixture.CreateContext();
        return query(context).ToQueryString().ReplaceLineEndings("\n");
    }

    [Fact]
    public void Three_part_names_and_double_quoted_identifiers() => Assert.Equal(
        """
        SELECT "n"."nationkey" AS "NationKey", "n"."name" AS "Name"
        FROM "tpch"."tiny"."nation" AS "n"
        WHERE "n"."regionkey" = 1
        """,
        Sql(c => c.Nations.Where(n => n.RegionKey == 1).Select(n => new { n.NationKey, n.Name })));

    [Fact]
    public void Offset_comes_before_limit_and_row_counts_are_literals()
    {
        int skip = 10, take = 5;
        string sql = Sql(c => c.Nations.OrderBy(n => n.NationKey).Skip(skip).Take(take).Select(n => n.NationKey));
        Assert.EndsWith("ORDER BY \"n\".\"nationkey\"\nOFFSET 10\nLIMIT 5", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void First_is_LIMIT_1() =>
        Assert.EndsWith("LIMIT 1", Sql(c => c.Regions.OrderBy(r => r.Name).Take(1)), StringComparison.Ordinal);

    [Fact]
    public void StartsWith_constant_is_LIKE_with_ESCAPE_and_escaped_wildcards() => Assert.Contains(
        "WHERE \"n\".\"name\" LIKE 'A\\_B\\%C\\\\%' ESCAPE '\\'",
        Sql(c => c.Nations.Where(n => n.Name.StartsWith("A_B%C\\"))), StringComparison.Ordinal);

    [Fact]
    public void Boolean_literals_are_TRUE_and_FALSE()
    {
        string sql = Sql(c => c.Nations.Select(n => new { n.NationKey, Yes = true, No = false }));
        Assert.Contains("TRUE AS \"Yes\", FALSE AS \"No\"", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_literals_for_dates_and_doubles()
    {
        string sql = Sql(c => c.Orders.Where(o => o.OrderDate > new DateOnly(1995, 3, 15) && o.TotalPrice > 1000.5));
        Assert.Contains("\"o\".\"orderdate\" > DATE '1995-03-15'", sql, StringComparison.Ordinal);
        Assert.Contains("\"o\".\"totalprice\" > DOUBLE '1000.5'", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Conversion_is_CAST() => Assert.Contains(
        "CAST(\"n\".\"nationkey\" AS double)",
        Sql(c => c.Nations.Select(n => (double)n.NationKey)), StringComparison.Ordinal);

    [Fact]
    public void Contains_on_a_list_is_IN_with_one_parameter_per_element()
    {
        var keys = new[] { 3L, 4L };
        Assert.Matches("WHERE \"n\".\"nationkey\" IN \\(@\\w+, @\\w+\\)", Sql(c => c.Nations.Where(n => keys.Contains(n.NationKey))));
    }

    [Fact]
    public void String_concatenation_is_double_pipe() => Assert.Contains(
        "\"n\".\"name\" || '!'",
        Sql(c => c.Nations.Select(n => n.Name + "!")), StringComparison.Ordinal);
}
