// EfCoreSample: Entity Framework Core over Presto/Trino. Queries tpch.tiny with LINQ, then writes to the memory catalog.
//   dotnet run --project samples/EfCoreSample                        (starts the embedded server)
//   dotnet run --project samples/EfCoreSample -- --server https://host:8443 [--user alice]
// Against a real cluster the server needs the tpch and memory catalogs; credentials come from the PRESTO_PASSWORD or
// PRESTO_TOKEN environment variables (never the command line).
using Microsoft.EntityFrameworkCore;
using Presto;
using Presto.Testing;

string? serverUrl = null;
var user = Environment.UserName;
for (var i = 0; i < args.Length; i += 2)
{
    if (i + 1 >= args.Length || args[i] is not ("--server" or "--user"))
    {
        Console.Error.WriteLine("Usage: EfCoreSample [--server URL] [--user NAME]");
        return 2;
    }

    if (args[i] == "--server")
    {
        serverUrl = args[i + 1];
    }
    else
    {
        user = args[i + 1];
    }
}

PrestoTestServer? embedded = null;
if (serverUrl is null)
{
    embedded = await PrestoTestServer.StartAsync(ServerDialect.Trino);
    serverUrl = embedded.BaseAddress.ToString();
    Console.WriteLine($"Started the embedded Trino coordinator at {serverUrl}");
}

try
{
    var connectionString = new PrestoConnectionStringBuilder
    {
        Server = serverUrl,
        User = user,
        Source = "presto-efcore-sample",
        Password = Environment.GetEnvironmentVariable("PRESTO_PASSWORD"),
        AccessToken = Environment.GetEnvironmentVariable("PRESTO_TOKEN"),
    }.ConnectionString;
    var options = new DbContextOptionsBuilder<SampleContext>().UsePresto(connectionString).Options;
    await using var context = new SampleContext(options);

    // GroupBy over a navigation, translated to one SQL statement with joins.
    var customersPerRegion = context.Customers
        .GroupBy(c => c.Nation.Region.Name)
        .OrderBy(g => g.Key)
        .Select(g => new { Region = g.Key, Customers = g.Count(), Balance = g.Average(c => c.AcctBal) });
    Console.WriteLine(customersPerRegion.ToQueryString());
    foreach (var row in await customersPerRegion.ToListAsync())
    {
        Console.WriteLine($"{row.Region,-12} {row.Customers,5} customers, average balance {row.Balance,10:F2}");
    }

    // Paging, string and date translations, and EF.Functions for Presto functions.
    var bigOrders = await context.Orders
        .Where(o => o.OrderDate.Year == 1996 && o.Customer.Name.EndsWith("7"))
        .OrderByDescending(o => o.TotalPrice)
        .Skip(2).Take(3)
        .Select(o => new { o.OrderKey, Customer = o.Customer.Name, Month = EF.Functions.DateTrunc("month", o.OrderDate), o.TotalPrice })
        .ToListAsync();
    foreach (var order in bigOrders)
    {
        Console.WriteLine($"order {order.OrderKey}: {order.Customer}, {order.Month:yyyy-MM}, {order.TotalPrice:F2}");
    }

    // Writes on the memory catalog: EnsureCreated, a batched INSERT, ExecuteUpdate and ExecuteDelete.
    await context.Database.EnsureCreatedAsync();
    context.Notes.AddRange(
        new Note { Id = 1, Text = "first", Score = 1.5m, CreatedAt = new DateTime(2024, 1, 2, 3, 4, 5), Tags = ["draft"] },
        new Note { Id = 2, Text = "second", Score = 2.25m, CreatedAt = new DateTime(2024, 1, 3, 3, 4, 5), Tags = ["pinned", "work"] },
        new Note { Id = 3, Text = "third", Score = 3m, CreatedAt = new DateTime(2024, 1, 4, 3, 4, 5), Tags = [] });
    Console.WriteLine($"inserted {await context.SaveChangesAsync()} notes in one INSERT statement");

    // A List<string> is a Presto array(varchar): Contains is contains(tags, 'pinned'), Count is cardinality(tags).
    var pinned = context.Notes.Where(n => n.Tags.Contains("pinned")).Select(n => new { n.Id, TagCount = n.Tags.Count });
    Console.WriteLine(pinned.ToQueryString());
    foreach (var note in await pinned.ToListAsync())
    {
        Console.WriteLine($"pinned note {note.Id} has {note.TagCount} tags");
    }

    Console.WriteLine($"updated {await context.Notes.Where(n => n.Score > 2m).ExecuteUpdateAsync(s => s.SetProperty(n => n.Text, n => n.Text.ToUpper()))} notes");
    Console.WriteLine($"deleted {await context.Notes.Where(n => n.Id == 1).ExecuteDeleteAsync()} note");
    foreach (var note in await context.Notes.AsNoTracking().OrderBy(n => n.Id).ToListAsync())
    {
        Console.WriteLine($"note {note.Id}: {note.Text} ({note.Score})");
    }

    // EnsureDeleted would also try the tpch tables of this model; drop the one table the sample created.
    await context.Database.ExecuteSqlRawAsync("DROP TABLE IF EXISTS memory.\"default\".notes");
    return 0;
}
catch (PrestoException ex)
{
    Console.Error.WriteLine($"Presto failed: {ex.Message}");
    return 1;
}
finally
{
    if (embedded is not null)
    {
        await embedded.DisposeAsync();
    }
}

internal sealed class Region
{
    public long RegionKey { get; set; }
    public string Name { get; set; } = "";
}

internal sealed class Nation
{
    public long NationKey { get; set; }
    public string Name { get; set; } = "";
    public long RegionKey { get; set; }
    public Region Region { get; set; } = null!;
}

internal sealed class Customer
{
    public long CustKey { get; set; }
    public string Name { get; set; } = "";
    public long NationKey { get; set; }
    public double AcctBal { get; set; }
    public Nation Nation { get; set; } = null!;
}

internal sealed class Order
{
    public long OrderKey { get; set; }
    public long CustKey { get; set; }
    public double TotalPrice { get; set; }
    public DateOnly OrderDate { get; set; }
    public Customer Customer { get; set; } = null!;
}

internal sealed class Note
{
    public long Id { get; set; }
    public string Text { get; set; } = "";
    public decimal Score { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<string> Tags { get; set; } = [];
}

internal sealed class SampleContext(DbContextOptions<SampleContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // tpch.tiny tables: catalog.schema.table, lower-case column names.
        modelBuilder.HasDefaultCatalog("tpch").HasDefaultSchema("tiny");
        modelBuilder.Entity<Region>().ToTable("region").HasKey(r => r.RegionKey);
        modelBuilder.Entity<Nation>().ToTable("nation").HasKey(n => n.NationKey);
        modelBuilder.Entity<Nation>().HasOne(n => n.Region).WithMany().HasForeignKey(n => n.RegionKey);
        modelBuilder.Entity<Customer>().ToTable("customer").HasKey(c => c.CustKey);
        modelBuilder.Entity<Customer>().HasOne(c => c.Nation).WithMany().HasForeignKey(c => c.NationKey);
        modelBuilder.Entity<Order>().ToTable("orders").HasKey(o => o.OrderKey);
        modelBuilder.Entity<Order>().HasOne(o => o.Customer).WithMany().HasForeignKey(o => o.CustKey);

        // A writable table in another catalog.
        modelBuilder.Entity<Note>(e =>
        {
            e.ToTable("notes", "default").HasCatalog("memory");
            e.Property(n => n.Score).HasPrecision(10, 2);
        });

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(property.Name.ToLowerInvariant());
            }
        }
    }
}
