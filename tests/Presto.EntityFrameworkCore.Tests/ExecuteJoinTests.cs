using Presto.EntityFrameworkCore.Tests.Support;

namespace Presto.EntityFrameworkCore.Tests;

/// <summary>ExecuteUpdate/ExecuteDelete whose filter goes through a navigation or a join: key IN (subquery).</summary>
public sealed class ExecuteJoinTests : MemoryServerTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync();
        var tools = new Category { Id = 1, Title = "tools" };
        var toys = new Category { Id = 2, Title = "toys" };
        context.Categories.AddRange(tools, toys, new Category { Id = 3, Title = "books" });
        for (int i = 1; i <= 6; i++)
        {
            context.Products.Add(new Product
            {
                Id = i, Name = "p" + i, Price = i * 10m, Quantity = i, Active = true, UpdatedAt = new DateTime(2024, 1, 1),
                Category = i <= 3 ? tools : i <= 5 ? toys : null,
            });
        }

        await context.SaveChangesAsync();
        Server.ClearRequests();
    }

    private ShopContext CreateContext() => new(Options<ShopContext>());

    [Fact]
    public async Task ExecuteDelete_through_a_navigation_deletes_by_key_in_a_join_subquery()
    {
        await using var context = CreateContext();
        var expected = await RowsAsync(
            "SELECT p.id FROM memory.default.products p WHERE p.id NOT IN (SELECT p2.id FROM memory.default.products p2 JOIN memory.default.categories c ON p2.category_id = c.id WHERE c.title = 'tools') ORDER BY p.id");

        int deleted = await context.Products.Where(p => p.Category!.Title == "tools").ExecuteDeleteAsync();

        Assert.Equal(3, deleted);
        string sql = Submitted("DELETE");
        Assert.Equal(
            """
            DELETE FROM "memory"."default"."products"
            WHERE "id" IN (
                SELECT "p0"."id"
                FROM "memory"."default"."products" AS "p0"
                LEFT JOIN "memory"."default"."categories" AS "c" ON "p0"."category_id" = "c"."id"
                WHERE "c"."title" = 'tools'
            )
            """,
            sql);
        Assert.Equal(["4", "5", "6"], expected);
        Assert.Equal(expected, await RowsAsync("SELECT id FROM memory.default.products ORDER BY id"));
    }

    [Fact]
    public async Task ExecuteUpdate_through_a_navigation_updates_by_key_in_a_join_subquery()
    {
        await using var context = CreateContext();

        int updated = await context.Products.Where(p => p.Category!.Title.StartsWith("to") && p.Price > 15m)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Quantity, p => p.Quantity * 100).SetProperty(p => p.Active, p => !p.Active));

        Assert.Equal(4, updated);
        string sql = Submitted("UPDATE");
        Assert.StartsWith("UPDATE \"memory\".\"default\".\"products\"\nSET \"quantity\" = \"quantity\" * 100, \"active\" = ", sql, StringComparison.Ordinal);
        Assert.Matches("\nWHERE \"id\" IN \\(\n    SELECT \"p\\d*\"\\.\"id\"\n", sql);
        Assert.Contains("JOIN \"memory\".\"default\".\"categories\" AS \"c\"", sql, StringComparison.Ordinal);
        Assert.Equal(
            ["1 | 1 | true", "2 | 200 | false", "3 | 300 | false", "4 | 400 | false", "5 | 500 | false", "6 | 6 | true"],
            await RowsAsync("SELECT id, quantity, active FROM memory.default.products ORDER BY id"));
    }

    [Fact]
    public async Task ExecuteDelete_over_an_explicit_join_and_an_untouched_table()
    {
        await using var context = CreateContext();

        int deleted = await context.Products
            .Join(context.Categories.Where(c => c.Title == "toys"), p => p.CategoryId, c => (long?)c.Id, (p, c) => p)
            .ExecuteDeleteAsync();

        Assert.Equal(2, deleted);
        Assert.Equal(["1", "2", "3", "6"], await RowsAsync("SELECT id FROM memory.default.products ORDER BY id"));
        Assert.Equal(["1 | tools", "2 | toys", "3 | books"], await RowsAsync("SELECT id, title FROM memory.default.categories ORDER BY id"));
    }

    [Fact]
    public async Task A_setter_reading_another_table_is_not_supported()
    {
        await using var context = CreateContext();

        var e = await Assert.ThrowsAsync<NotSupportedException>(() =>
            context.Products.Join(context.Categories, p => p.CategoryId, c => (long?)c.Id, (p, c) => new { p, c })
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.p.Name, x => x.c.Title)));

        Assert.Contains("ExecuteUpdate", e.Message, StringComparison.Ordinal);
        Assert.Equal(["p1", "p2", "p3"], await RowsAsync("SELECT name FROM memory.default.products WHERE category_id = 1 ORDER BY id"));
    }
}
