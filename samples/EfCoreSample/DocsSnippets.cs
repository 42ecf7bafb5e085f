using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Presto;

// The code blocks of docs/entity-framework.md. Compiled with the sample, not run by it (Program.cs shows the same
// configuration at work against the embedded server).

/// <summary>The ways to point a context at Presto (docs/entity-framework.md, "Configuring a context").</summary>
internal static class DocsSnippets
{
    public static void Configure(IServiceCollection services, string connectionString, DbContextOptionsBuilder options, PrestoConnection prestoConnection, PrestoDataSource dataSource)
    {
        // <snippet:ef-configure>
        services.AddDbContext<ShopContext>(o => o.UsePresto(connectionString));   // "Server=https://presto:8443;User=alice;Catalog=tpch;Schema=tiny"

        // or an existing connection (the caller keeps ownership unless contextOwnsConnection: true)
        options.UsePresto(prestoConnection);

        // or a PrestoDataSource (shares its HTTP handler, retry policy and router)
        options.UsePresto(dataSource, o => o.CommandTimeout(120).MaxBatchSize(500));
        // </snippet:ef-configure>
    }
}

/// <summary>A context with a default catalog and schema, and one entity in another catalog (docs/entity-framework.md, "Names").</summary>
internal sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // <snippet:ef-names>
        modelBuilder.HasDefaultCatalog("tpch").HasDefaultSchema("tiny");          // "tpch"."tiny"."nation"
        modelBuilder.Entity<Note>().ToTable("notes", "default").HasCatalog("memory"); // "memory"."default"."notes"
        // </snippet:ef-names>
    }
}
