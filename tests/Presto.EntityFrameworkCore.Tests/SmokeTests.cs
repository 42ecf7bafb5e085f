using Presto.EntityFrameworkCore.Tests.Support;

namespace Presto.EntityFrameworkCore.Tests;

public sealed class SmokeTests(TpchFixture fixture) : QueryTestBase(fixture)
{
    [Fact]
    public Task Where_OrderBy_Take() => AssertQueryAsync(
        c => c.Nations.Where(n => n.RegionKey == 1).OrderBy(n => n.Name).Take(3).Select(n => new { n.NationKey, n.Name }),
        "SELECT nationkey, name FROM tpch.tiny.nation WHERE regionkey = 1 ORDER BY name LIMIT 3",
        r => [r.NationKey, r.Name]);
}
