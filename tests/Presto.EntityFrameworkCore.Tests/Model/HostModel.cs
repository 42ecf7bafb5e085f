using System.Net;

namespace Presto.EntityFrameworkCore.Tests.Model;

/// <summary>An entity with Presto-specific scalar types.</summary>
public sealed class Host
{
    public long Id { get; set; }
    public IPAddress Address { get; set; } = IPAddress.None;
    public PrestoIntervalYearToMonth Term { get; set; }
    public DateOnly Since { get; set; }
    public PrestoTimeWithTimeZone Opens { get; set; }
}

/// <summary>Hosts on the memory catalog (memory.default.hosts).</summary>
public sealed class HostContext(DbContextOptions<HostContext> options) : DbContext(options)
{
    public DbSet<Host> Hosts => Set<Host>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultCatalog("memory").HasDefaultSchema("default");
        modelBuilder.Entity<Host>(e =>
        {
            e.ToTable("hosts");
            e.Property(h => h.Id).HasColumnName("id");
            e.Property(h => h.Address).HasColumnName("address");
            e.Property(h => h.Term).HasColumnName("term");
            e.Property(h => h.Since).HasColumnName("since");
            e.Property(h => h.Opens).HasColumnName("opens");
        });
    }
}
