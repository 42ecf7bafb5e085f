using Presto.EntityFrameworkCore.Tests.Model;
using Presto.EntityFrameworkCore.Tests.Support;
using Presto.Testing;

namespace Presto.EntityFrameworkCore.Tests;

/// <summary>EnsureCreated, SaveChanges, ExecuteUpdate/ExecuteDelete and ExecuteSql on the memory catalog of a fresh server.</summary>
public sealed class WriteTests : IAsyncLifetime
{
    private PrestoTestServer _server = null!;

    private string ConnectionString => $"Server={_server.BaseAddress};User=test;Dialect={_server.Dialect}";

    public async Task InitializeAsync() =>
        _server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { Dialect = ServerDialect.Trino, RecordRequests = true });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ShopContext CreateContext(int? maxBatchSize = null) =>
        new(new DbContextOptionsBuilder<ShopContext>()
            .UsePresto(ConnectionString, o =>
            {
                if (maxBatchSize is int size)
                {
                    o.MaxBatchSize(size);
                }
            })
            .Options);

    private async Task<List<string>> RowsAsync(string sql) =>
        (await TpchFixture.QueryAsync(ConnectionString, sql)).Select(TpchFixture.Format).ToList();

    private int Inserts() => _server.Submissions.Count(r => r.Body.Contains("INSERT INTO", StringComparison.Ordinal));

    private static Product NewProduct(long id, string name, decimal price, int quantity = 1) => new()
    {
        Id = id,
        Name = name,
        Price = price,
        Quantity = quantity,
        Active = id % 2 == 0,
        Released = new DateOnly(2024, 1, (int)id),
        UpdatedAt = new DateTime(2024, 5, 6, 7, 8, 9, 123),
        Rating = id == 3 ? null : id * 1.5,
    };

    [Fact]
    public async Task EnsureCreated_creates_the_tables_with_presto_types_once()
    {
        await using var context = CreateContext();

        Assert.True(await context.Database.EnsureCreatedAsync());
        Assert.False(await context.Database.EnsureCreatedAsync());

        var columns = await RowsAsync("SELECT column_name, data_type FROM memory.information_schema.columns WHERE table_name = 'products' ORDER BY ordinal_position");
        Assert.Equal(
            ["id | bigint", "name | varchar(100)", "price | decimal(10,2)", "quantity | integer", "active | boolean", "released | date", "updated_at | timestamp(3)", "rating | double", "category_id | bigint"],
            columns);
    }

    [Fact]
    public async Task EnsureCreated_creates_only_the_missing_tables()
    {
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync();
        context.Products.Add(NewProduct(1, "kept", 1m));
        await context.SaveChangesAsync();
        await RowsAsync("DROP TABLE memory.default.categories");

        Assert.True(await context.Database.EnsureCreatedAsync());

        Assert.Equal(["1 | kept"], await RowsAsync("SELECT id, name FROM memory.default.products"));
        Assert.Empty(await RowsAsync("SELECT id FROM memory.default.categories"));
    }

    [Fact]
    public async Task SaveChanges_inserts_rows_in_one_multi_row_INSERT_and_they_read_back_exactly()
    {
        await using (var context = CreateContext())
        {
            await context.Database.EnsureCreatedAsync();
            _server.ClearRequests();
            context.Products.AddRange(NewProduct(1, "it's 100% \"quoted\" \\ ünïcode", 19.99m), NewProduct(2, "b_c", 0.01m, 5), NewProduct(3, "c", 12345678.9m));

            Assert.Equal(3, await context.SaveChangesAsync());
        }

        Assert.Equal(1, Inserts());
        Assert.Equal(
            [
                "1 | it's 100% \"quoted\" \\ ünïcode | 19.99 | 1 | false | 2024-01-01 | 2024-05-06 07:08:09.1230000 | 1.5",
                "2 | b_c | 0.01 | 5 | true | 2024-01-02 | 2024-05-06 07:08:09.1230000 | 3",
                "3 | c | 12345678.90 | 1 | false | 2024-01-03 | 2024-05-06 07:08:09.1230000 | NULL",
            ],
            await RowsAsync("SELECT id, name, price, quantity, active, released, updated_at, rating FROM memory.default.products ORDER BY id"));

        await using var reader = CreateContext();
        var loaded = await reader.Products.OrderBy(p => p.Id).ToListAsync();
        Assert.Equal(["it's 100% \"quoted\" \\ ünïcode", "b_c", "c"], loaded.Select(p => p.Name));
        Assert.Equal([19.99m, 0.01m, 12345678.9m], loaded.Select(p => p.Price));
        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, 123), loaded[0].UpdatedAt);
        Assert.Null(loaded[2].Rating);
        Assert.Equal("it's 100% \"quoted\" \\ ünïcode", (await reader.Products.SingleAsync(p => p.Name.Contains("100%"))).Name);
        Assert.Equal("b_c", (await reader.Products.SingleAsync(p => p.Name.StartsWith("b_"))).Name);
    }

    [Fact]
    public async Task MaxBatchSize_splits_inserts_and_other_tables_get_their_own_statement()
    {
        await using var context = CreateContext(maxBatchSize: 2);
        await context.Database.EnsureCreatedAsync();
        _server.ClearRequests();
        var category = new Category { Id = 7, Title = "tools" };
        context.Categories.Add(category);
        for (int i = 1; i <= 5; i++)
        {
            var product = NewProduct(i, "p" + i, i);
            product.Category = category;
            context.Products.Add(product);
        }

        Assert.Equal(6, await context.SaveChangesAsync());

        Assert.Equal(4, Inserts());
        Assert.Equal(["7 | tools | 5"], await RowsAsync("SELECT c.id, c.title, count(*) FROM memory.default.categories c JOIN memory.default.products p ON p.category_id = c.id GROUP BY c.id, c.title"));
    }

    [Fact]
    public async Task SaveChanges_updates_and_deletes_tracked_entities_by_key()
    {
        await using (var context = CreateContext())
        {
            await context.Database.EnsureCreatedAsync();
            context.Products.AddRange(NewProduct(1, "a", 1m), NewProduct(2, "b", 2m), NewProduct(3, "c", 3m));
            await context.SaveChangesAsync();
        }

        await using (var context = CreateContext())
        {
            var products = await context.Products.OrderBy(p => p.Id).ToListAsync();
            products[0].Name = "renamed";
            products[0].Price = 10.5m;
            context.Products.Remove(products[1]);

            Assert.Equal(2, await context.SaveChangesAsync());
        }

        Assert.Equal(["1 | renamed | 10.50", "3 | c | 3.00"], await RowsAsync("SELECT id, name, price FROM memory.default.products ORDER BY id"));
    }

    [Fact]
    public async Task Updating_a_row_that_is_gone_is_a_concurrency_exception()
    {
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync();
        context.Products.Add(NewProduct(1, "a", 1m));
        await context.SaveChangesAsync();
        await RowsAsync("DELETE FROM memory.default.products");

        context.Products.Local.Single().Name = "b";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => context.SaveChangesAsync());
    }

    [Fact]
    public async Task ExecuteUpdate_and_ExecuteDelete_are_single_statements()
    {
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync();
        context.Products.AddRange(NewProduct(1, "a", 1m), NewProduct(2, "b", 20m), NewProduct(3, "c", 30m), NewProduct(4, "d", 40m));
        await context.SaveChangesAsync();

        int updated = await context.Products.Where(p => p.Price > 10m && p.Name != "d")
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Quantity, p => p.Quantity + 10).SetProperty(p => p.Name, p => p.Name.ToUpper()));
        int deleted = await context.Products.Where(p => p.Id == 1 || p.Name.StartsWith("d")).ExecuteDeleteAsync();

        Assert.Equal(2, updated);
        Assert.Equal(2, deleted);
        var statements = _server.Submissions.Select(r => r.Body.ReplaceLineEndings("\n")).ToList();
        Assert.Contains(statements, b => b.StartsWith("UPDATE \"memory\".\"default\".\"products\"\nSET \"quantity\" = \"quantity\" + 10, \"name\" = upper(\"name\")\nWHERE \"price\" > DECIMAL '10'", StringComparison.Ordinal));
        Assert.Contains(statements, b => b.StartsWith("DELETE FROM \"memory\".\"default\".\"products\"\nWHERE \"id\" = 1 OR (\"name\" LIKE 'd%' ESCAPE '\\')", StringComparison.Ordinal));
        Assert.Equal(["2 | B | 11", "3 | C | 11"], await RowsAsync("SELECT id, name, quantity FROM memory.default.products ORDER BY id"));
    }

    [Fact]
    public async Task ExecuteSql_runs_a_parameterized_statement()
    {
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync();
        long id = 42;
        string name = "O'Brien";

        int rows = await context.Database.ExecuteSqlAsync(
            $"INSERT INTO memory.default.categories (id, title) VALUES ({id}, {name})");

        Assert.Equal(1, rows);
        Assert.Equal(["42 | O'Brien"], await RowsAsync("SELECT id, title FROM memory.default.categories"));
    }

    [Fact]
    public async Task EnsureDeleted_drops_the_model_tables()
    {
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync();

        Assert.True(await context.Database.EnsureDeletedAsync());
        var left = await RowsAsync("SELECT table_name FROM memory.information_schema.tables WHERE table_schema = 'default'");
        Assert.Empty(left);
        Assert.False(await context.Database.EnsureDeletedAsync());

        Assert.Empty(await RowsAsync("SELECT table_name FROM memory.information_schema.tables WHERE table_schema = 'default'"));
    }

    [Fact]
    public async Task Writes_to_a_read_only_catalog_fail_with_DbUpdateException_carrying_the_Presto_error()
    {
        await using var context = new TpchContext(new DbContextOptionsBuilder<TpchContext>().UsePresto(ConnectionString).Options);
        context.Regions.Add(new Region { RegionKey = 99, Name = "ATLANTIS", Comment = "sunk" });

        var e = await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
        Assert.IsType<PrestoQueryException>(e.InnerException);
    }

    [Fact]
    public async Task Migrations_are_not_supported()
    {
        await using var context = CreateContext();

        var e = await Assert.ThrowsAsync<NotSupportedException>(() => context.Database.MigrateAsync());
        Assert.Contains("migrations", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Concurrency_tokens_are_not_supported()
    {
        await using var context = new VersionedContext(new DbContextOptionsBuilder<VersionedContext>().UsePresto(ConnectionString).Options);

        var e = Assert.Throws<NotSupportedException>(() => context.Model);
        Assert.Contains("concurrency token", e.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Store_generated_values_are_not_supported()
    {
        await using var context = new GeneratedContext(new DbContextOptionsBuilder<GeneratedContext>().UsePresto(ConnectionString).Options);
        await context.Database.EnsureCreatedAsync();
        context.Items.Add(new Item { Id = 1 });

        var e = await Assert.ThrowsAsync<NotSupportedException>(() => context.SaveChangesAsync());
        Assert.Contains("store-generated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Integer_keys_are_assigned_by_the_application()
    {
        await using var context = CreateContext();

        var key = context.Model.FindEntityType(typeof(Product))!.FindProperty(nameof(Product.Id))!;

        Assert.Equal(Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never, key.ValueGenerated);
        await Task.CompletedTask;
    }

    public sealed class Item
    {
        public long Id { get; set; }
        public long Sequence { get; set; }
    }

    private sealed class VersionedContext(DbContextOptions<VersionedContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Item>().ToTable("items", "default").HasCatalog("memory").Property(i => i.Sequence).IsConcurrencyToken();
    }

    private sealed class GeneratedContext(DbContextOptions<GeneratedContext> options) : DbContext(options)
    {
        public DbSet<Item> Items => Set<Item>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Item>().ToTable("items", "default").HasCatalog("memory").Property(i => i.Sequence).ValueGeneratedOnAdd();
    }
}
