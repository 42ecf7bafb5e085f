namespace Presto.EntityFrameworkCore.Tests.Model;

public sealed class Region
{
    public long RegionKey { get; set; }
    public string Name { get; set; } = "";
    public string Comment { get; set; } = "";
    public List<Nation> Nations { get; set; } = [];
}

public sealed class Nation
{
    public long NationKey { get; set; }
    public string Name { get; set; } = "";
    public long RegionKey { get; set; }
    public string Comment { get; set; } = "";
    public Region Region { get; set; } = null!;
    public List<Customer> Customers { get; set; } = [];
}

public sealed class Customer
{
    public long CustKey { get; set; }
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";
    public long NationKey { get; set; }
    public string Phone { get; set; } = "";
    public double AcctBal { get; set; }
    public string MktSegment { get; set; } = "";
    public string Comment { get; set; } = "";
    public Nation Nation { get; set; } = null!;
    public List<Order> Orders { get; set; } = [];
}

public sealed class Order
{
    public long OrderKey { get; set; }
    public long CustKey { get; set; }
    public string OrderStatus { get; set; } = "";
    public double TotalPrice { get; set; }
    public DateOnly OrderDate { get; set; }
    public string OrderPriority { get; set; } = "";
    public string Clerk { get; set; } = "";
    public int ShipPriority { get; set; }
    public string Comment { get; set; } = "";
    public Customer Customer { get; set; } = null!;
    public List<LineItem> LineItems { get; set; } = [];
}

public sealed class LineItem
{
    public long OrderKey { get; set; }
    public int LineNumber { get; set; }
    public long PartKey { get; set; }
    public long SuppKey { get; set; }
    public double Quantity { get; set; }
    public double ExtendedPrice { get; set; }
    public double Discount { get; set; }
    public double Tax { get; set; }
    public string ReturnFlag { get; set; } = "";
    public string LineStatus { get; set; } = "";
    public DateOnly ShipDate { get; set; }
    public DateOnly CommitDate { get; set; }
    public DateOnly ReceiptDate { get; set; }
    public string ShipInstruct { get; set; } = "";
    public string ShipMode { get; set; } = "";
    public string Comment { get; set; } = "";
    public Order Order { get; set; } = null!;
}

/// <summary>A model over tpch.tiny: three-part names from the default catalog and schema, lower-case columns.</summary>
public sealed class TpchContext(DbContextOptions<TpchContext> options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Nation> Nations => Set<Nation>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<LineItem> LineItems => Set<LineItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultCatalog("tpch").HasDefaultSchema("tiny");
        modelBuilder.Entity<Region>(e =>
        {
            e.ToTable("region").HasKey(r => r.RegionKey);
        });
        modelBuilder.Entity<Nation>(e =>
        {
            e.ToTable("nation").HasKey(n => n.NationKey);
            e.HasOne(n => n.Region).WithMany(r => r.Nations).HasForeignKey(n => n.RegionKey);
        });
        modelBuilder.Entity<Customer>(e =>
        {
            e.ToTable("customer").HasKey(c => c.CustKey);
            e.HasOne(c => c.Nation).WithMany(n => n.Customers).HasForeignKey(c => c.NationKey);
        });
        modelBuilder.Entity<Order>(e =>
        {
            e.ToTable("orders").HasKey(o => o.OrderKey);
            e.HasOne(o => o.Customer).WithMany(c => c.Orders).HasForeignKey(o => o.CustKey);
        });
        modelBuilder.Entity<LineItem>(e =>
        {
            e.ToTable("lineitem").HasKey(l => new { l.OrderKey, l.LineNumber });
            e.HasOne(l => l.Order).WithMany(o => o.LineItems).HasForeignKey(l => l.OrderKey);
        });

        // TPC-H column names are the lower-case property names.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(property.Name.ToLowerInvariant());
            }
        }
    }
}
