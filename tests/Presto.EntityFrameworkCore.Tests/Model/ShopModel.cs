namespace Presto.EntityFrameworkCore.Tests.Model;

public sealed class Product
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public decimal Price { get; set; }
    public int Quantity { get; set; }
    public bool Active { get; set; }
    public DateOnly? Released { get; set; }
    public DateTime UpdatedAt { get; set; }
    public double? Rating { get; set; }
    public long? CategoryId { get; set; }
    public Category? Category { get; set; }
}

public sealed class Category
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public List<Product> Products { get; set; } = [];
}

/// <summary>A writable model on the memory catalog (memory.default).</summary>
public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Category> Categories => Set<Category>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultCatalog("memory").HasDefaultSchema("default");
        modelBuilder.Entity<Product>(e =>
        {
            e.ToTable("products");
            e.Property(p => p.Id).HasColumnName("id");
            e.Property(p => p.Name).HasColumnName("name").HasMaxLength(100);
            e.Property(p => p.Price).HasColumnName("price").HasPrecision(10, 2);
            e.Property(p => p.Quantity).HasColumnName("quantity");
            e.Property(p => p.Active).HasColumnName("active");
            e.Property(p => p.Released).HasColumnName("released");
            e.Property(p => p.UpdatedAt).HasColumnName("updated_at");
            e.Property(p => p.Rating).HasColumnName("rating");
            e.Property(p => p.CategoryId).HasColumnName("category_id");
        });
        modelBuilder.Entity<Category>(e =>
        {
            e.ToTable("categories");
            e.Property(c => c.Id).HasColumnName("id");
            e.Property(c => c.Title).HasColumnName("title");
        });
    }
}
