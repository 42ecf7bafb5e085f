using Presto.EntityFrameworkCore.Tests.Support;

namespace Presto.EntityFrameworkCore.Tests;

/// <summary>String method translations, with constant (LIKE … ESCAPE) and parameter arguments.</summary>
public sealed class StringQueryTests(TpchFixture fixture) : QueryTestBase(fixture)
{
    [Fact]
    public Task Contains_constant() => AssertQueryAsync(
        c => c.Nations.Where(n => n.Name.Contains("AN")).OrderBy(n => n.Name).Select(n => n.Name),
        "SELECT name FROM tpch.tiny.nation WHERE name LIKE '%AN%' ORDER BY name",
        r => [r]);

    [Fact]
    public Task Contains_parameter()
    {
        var part = "IN";
        return AssertQueryAsync(
            c => c.Nations.Where(n => n.Name.Contains(part)).OrderBy(n => n.Name).Select(n => n.Name),
            "SELECT name FROM tpch.tiny.nation WHERE strpos(name, 'IN') > 0 ORDER BY name",
            r => [r]);
    }

    [Fact]
    public Task StartsWith_constant() => AssertQueryAsync(
        c => c.Nations.Where(n => n.Name.StartsWith("I")).OrderBy(n => n.Name).Select(n => n.Name),
        "SELECT name FROM tpch.tiny.nation WHERE name LIKE 'I%' ORDER BY name",
        r => [r]);

    [Fact]
    public Task StartsWith_parameter()
    {
        var prefix = "UNITED";
        return AssertQueryAsync(
            c => c.Nations.Where(n => n.Name.StartsWith(prefix)).OrderBy(n => n.Name).Select(n => n.Name),
            "SELECT name FROM tpch.tiny.nation WHERE substr(name, 1, 6) = 'UNITED' ORDER BY name",
            r => [r]);
    }

    [Fact]
    public Task EndsWith_constant() => AssertQueryAsync(
        c => c.Nations.Where(n => n.Name.EndsWith("IA")).OrderBy(n => n.Name).Select(n => n.Name),
        "SELECT name FROM tpch.tiny.nation WHERE name LIKE '%IA' ORDER BY name",
        r => [r]);

    [Fact]
    public Task EndsWith_parameter()
    {
        var suffix = "A";
        return AssertQueryAsync(
            c => c.Nations.Where(n => n.Name.EndsWith(suffix)).OrderBy(n => n.Name).Select(n => n.Name),
            "SELECT name FROM tpch.tiny.nation WHERE substr(name, length(name), 1) = 'A' ORDER BY name",
            r => [r]);
    }

    [Fact]
    public Task ToLower_ToUpper() => AssertQueryAsync(
        c => c.Regions.OrderBy(r => r.RegionKey).Select(r => new { Lower = r.Name.ToLower(), Upper = r.Name.ToLower().ToUpper() }),
        "SELECT lower(name), upper(lower(name)) FROM tpch.tiny.region ORDER BY regionkey",
        r => [r.Lower, r.Upper]);

    [Fact]
    public Task Where_ToLower_equals() => AssertQueryAsync(
        c => c.Nations.Where(n => n.Name.ToLower() == "peru").Select(n => n.NationKey),
        "SELECT nationkey FROM tpch.tiny.nation WHERE lower(name) = 'peru'",
        r => [r]);

    [Fact]
    public Task Trim_TrimStart_TrimEnd() => AssertQueryAsync(
        c => c.Regions.OrderBy(r => r.RegionKey).Select(r => new
        {
            Both = ("  " + r.Name + "  ").Trim(),
            Start = ("  " + r.Name + "  ").TrimStart(),
            End = ("  " + r.Name + "  ").TrimEnd(),
        }),
        "SELECT trim('  ' || name || '  '), ltrim('  ' || name || '  '), rtrim('  ' || name || '  ') FROM tpch.tiny.region ORDER BY regionkey",
        r => [r.Both, r.Start, r.End]);

    [Fact]
    public Task Length() => AssertQueryAsync(
        c => c.Nations.Where(n => n.Name.Length > 8).OrderBy(n => n.NationKey).Select(n => new { n.Name, n.Name.Length }),
        "SELECT name, length(name) FROM tpch.tiny.nation WHERE length(name) > 8 ORDER BY nationkey",
        r => [r.Name, r.Length]);

    [Fact]
    public Task Substring_start_and_length() => AssertQueryAsync(
        c => c.Nations.OrderBy(n => n.NationKey).Select(n => new { A = n.Name.Substring(0, 3), B = n.Name.Substring(2) }),
        "SELECT substr(name, 1, 3), substr(name, 3) FROM tpch.tiny.nation ORDER BY nationkey",
        r => [r.A, r.B]);

    [Fact]
    public Task Replace() => AssertQueryAsync(
        c => c.Nations.Where(n => n.Name.Contains(" ")).OrderBy(n => n.NationKey).Select(n => n.Name.Replace(" ", "_")),
        "SELECT replace(name, ' ', '_') FROM tpch.tiny.nation WHERE strpos(name, ' ') > 0 ORDER BY nationkey",
        r => [r]);

    [Fact]
    public Task IndexOf() => AssertQueryAsync(
        c => c.Nations.OrderBy(n => n.NationKey).Select(n => new { n.Name, At = n.Name.IndexOf("A") }),
        "SELECT name, strpos(name, 'A') - 1 FROM tpch.tiny.nation ORDER BY nationkey",
        r => [r.Name, r.At]);

    [Fact]
    public Task Concatenation() => AssertQueryAsync(
        c => c.Nations.OrderBy(n => n.NationKey).Select(n => n.Name + "/" + n.Region.Name),
        "SELECT n.name || '/' || r.name FROM tpch.tiny.nation n JOIN tpch.tiny.region r ON n.regionkey = r.regionkey ORDER BY n.nationkey",
        r => [r]);

    [Fact]
    public Task EF_Functions_Like() => AssertQueryAsync(
        c => c.Customers.Where(x => EF.Functions.Like(x.Phone, "1_-%")).OrderBy(x => x.CustKey).Take(10).Select(x => x.Phone),
        "SELECT phone FROM tpch.tiny.customer WHERE phone LIKE '1_-%' ORDER BY custkey LIMIT 10",
        r => [r]);

    [Fact]
    public Task String_comparison_is_case_sensitive() => AssertQueryAsync(
        c => c.Nations.Where(n => n.Name.StartsWith("A") || n.Name.StartsWith("a")).OrderBy(n => n.Name).Select(n => n.Name),
        "SELECT name FROM tpch.tiny.nation WHERE substr(name, 1, 1) IN ('A', 'a') ORDER BY name",
        r => [r]);
}
