using System.Net;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Presto.EntityFrameworkCore.Tests.Support;

namespace Presto.EntityFrameworkCore.Tests;

/// <summary>ipaddress, interval year to month and time with time zone: mapped, written, read back and compared.</summary>
public sealed class ScalarTypeTests : MemoryServerTestBase
{
    private HostContext CreateContext() => new(Options<HostContext>());

    [Fact]
    public async Task Ipaddress_interval_year_to_month_and_time_with_time_zone_are_written_as_typed_literals_and_read_back()
    {
        await using (var context = CreateContext())
        {
            await context.Database.EnsureCreatedAsync();
            context.Hosts.AddRange(
                new Host { Id = 1, Address = IPAddress.Parse("10.0.0.1"), Term = new PrestoIntervalYearToMonth(1, 2), Since = new DateOnly(2024, 6, 2), Opens = PrestoTimeWithTimeZone.Parse("08:30:00.000+02:00") },
                new Host { Id = 2, Address = IPAddress.Parse("2001:db8::1"), Term = new PrestoIntervalYearToMonth(-5), Since = new DateOnly(2024, 6, 3), Opens = PrestoTimeWithTimeZone.Parse("17:45:10.500-05:00") });
            await context.SaveChangesAsync();
        }

        string insert = Submitted("INSERT");
        Assert.Contains("IPADDRESS '10.0.0.1'", insert, StringComparison.Ordinal);
        Assert.Contains("INTERVAL '1-2' YEAR TO MONTH", insert, StringComparison.Ordinal);
        Assert.Contains("INTERVAL -'0-5' YEAR TO MONTH", insert, StringComparison.Ordinal);
        Assert.Contains("TIME '08:30:00.000+02:00'", insert, StringComparison.Ordinal);
        var ado = await RowsAsync("SELECT id, address, term, opens FROM memory.default.hosts ORDER BY id");
        Assert.Equal(["1 | 10.0.0.1 | 1-2 | 08:30:00.000+02:00", "2 | 2001:db8::1 | -0-5 | 17:45:10.500-05:00"], ado);
        Assert.Equal(
            ["opens | time(3) with time zone"],
            await RowsAsync("SELECT column_name, data_type FROM memory.information_schema.columns WHERE table_name = 'hosts' AND column_name = 'opens'"));

        await using var reader = CreateContext();
        var hosts = await reader.Hosts.OrderBy(h => h.Id).ToListAsync();
        Assert.Equal(ado, hosts.Select(h => $"{h.Id} | {h.Address} | {h.Term} | {h.Opens}"));
        var opens = PrestoTimeWithTimeZone.Parse("17:45:10.500-05:00");
        Assert.Equal([2L], await reader.Hosts.Where(h => h.Opens == opens).Select(h => h.Id).ToListAsync());

        var address = IPAddress.Parse("2001:db8::1");
        Assert.Equal([2L], await reader.Hosts.Where(h => h.Address == address).Select(h => h.Id).ToListAsync());
        var year = new PrestoIntervalYearToMonth(1, 0);
        Assert.Equal([1L], await reader.Hosts.Where(h => h.Term > year).Select(h => h.Id).ToListAsync());
    }

    [Fact]
    public void Time_with_time_zone_maps_to_PrestoTimeWithTimeZone()
    {
        using var context = CreateContext();
        var mappings = context.GetService<IRelationalTypeMappingSource>();

        var mapping = mappings.FindMapping(typeof(PrestoTimeWithTimeZone))!;
        var withPrecision = mappings.FindMapping("time(6) with time zone")!;

        Assert.Equal("time(3) with time zone", mapping.StoreType);
        Assert.Equal("TIME '10:15:30.123+02:00'", mapping.GenerateSqlLiteral(PrestoTimeWithTimeZone.Parse("10:15:30.123+02:00")));
        Assert.Equal(typeof(PrestoTimeWithTimeZone), withPrecision.ClrType);
        Assert.Equal(6, withPrecision.Precision);
        Assert.Equal("ipaddress", mappings.FindMapping(typeof(IPAddress))!.StoreType);
        Assert.Equal("interval year to month", mappings.FindMapping(typeof(PrestoIntervalYearToMonth))!.StoreType);
    }
}
