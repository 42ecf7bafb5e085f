using Presto.EntityFrameworkCore.Tests.Support;

namespace Presto.EntityFrameworkCore.Tests;

/// <summary>The Presto SQL the embedded engine learned for the provider, checked through ADO.NET.</summary>
public sealed class EngineSqlTests(TpchFixture fixture) : QueryTestBase(fixture)
{
    [Fact]
    public async Task Date_trunc_keeps_the_type_and_truncates_to_the_unit()
    {
        var row = Assert.Single(await Fixture.QueryAsync("""
            SELECT date_trunc('month', DATE '1995-03-17'), date_trunc('quarter', DATE '1995-08-17'), date_trunc('week', DATE '2024-01-07'),
                   date_trunc('hour', TIMESTAMP '2024-01-02 03:04:05.678'), date_trunc('year', DATE '1995-08-17')
            """));

        Assert.Equal(
            "1995-03-01 | 1995-07-01 | 2024-01-01 | 2024-01-02 03:00:00.0000000 | 1995-01-01",
            TpchFixture.Format(row));
    }

    [Fact]
    public async Task Replace_and_truncate_are_functions_and_a_parenthesized_query_is_a_set_operand()
    {
        var rows = await Fixture.QueryAsync("""
            (SELECT replace(name, 'A', '_') AS n FROM tpch.tiny.region WHERE regionkey < 2 UNION SELECT 'x')
            UNION ALL
            (SELECT CAST(truncate(-2.7E0) AS varchar))
            ORDER BY 1
            """);

        Assert.Equal(["-2.0", "_FRIC_", "_MERIC_", "x"], rows.Select(TpchFixture.Format));
    }

    [Fact]
    public async Task A_parenthesized_scalar_subquery_stays_an_expression()
    {
        var row = Assert.Single(await Fixture.QueryAsync("SELECT ((SELECT max(regionkey) FROM tpch.tiny.region) * 2)"));

        Assert.Equal("8", TpchFixture.Format(row));
    }
}
