namespace Presto.EntityFrameworkCore.Tests.Model;

/// <summary>An entity with primitive collections (Presto arrays).</summary>
public sealed class Post
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public List<string> Tags { get; set; } = [];
    public long[] Scores { get; set; } = [];
    public int?[]? Ratings { get; set; }
}

/// <summary>Posts on the memory catalog (memory.default.posts).</summary>
public sealed class PostContext(DbContextOptions<PostContext> options) : DbContext(options)
{
    public DbSet<Post> Posts => Set<Post>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultCatalog("memory").HasDefaultSchema("default");
        modelBuilder.Entity<Post>(e =>
        {
            e.ToTable("posts");
            e.Property(p => p.Id).HasColumnName("id");
            e.Property(p => p.Title).HasColumnName("title");
            e.Property(p => p.Tags).HasColumnName("tags");
            e.Property(p => p.Scores).HasColumnName("scores");
            e.Property(p => p.Ratings).HasColumnName("ratings");
        });
    }
}
