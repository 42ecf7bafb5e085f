using Presto.EntityFrameworkCore.Tests.Support;

namespace Presto.EntityFrameworkCore.Tests;

/// <summary>Primitive collections as Presto arrays: created, inserted, read back and queried with array functions.</summary>
public sealed class PrimitiveCollectionTests : MemoryServerTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync();
        context.Posts.AddRange(
            new Post { Id = 1, Title = "one", Tags = ["red", "it's"], Scores = [10, 20, 30], Ratings = [5, null] },
            new Post { Id = 2, Title = "two", Tags = ["blue"], Scores = [7], Ratings = null },
            new Post { Id = 3, Title = "three", Tags = [], Scores = [], Ratings = [] },
            new Post { Id = 4, Title = "four", Tags = ["red", "blue", "green"], Scores = [1, 2], Ratings = [1] });
        await context.SaveChangesAsync();
    }

    private PostContext CreateContext() => new(Options<PostContext>());

    /// <summary>The rows of <paramref name="sql"/> through ADO.NET, arrays written as [a,b].</summary>
    private async Task<List<string>> ArrayRowsAsync(string sql) =>
        (await TpchFixture.QueryAsync(ConnectionString, sql)).Select(Format).ToList();

    private static string Format(object?[] row) => string.Join(" | ", row.Select(v => v is Array a ? "[" + string.Join(",", a.Cast<object?>().Select(e => e ?? "NULL")) + "]" : v ?? "NULL"));

    private string LastQuery() => Server.Submissions.Last(r => r.Body.StartsWith("SELECT", StringComparison.Ordinal)).Body.ReplaceLineEndings("\n");

    [Fact]
    public async Task Collections_are_array_columns_written_as_ARRAY_literals_and_read_back()
    {
        Assert.Equal(
            ["id | bigint", "title | varchar", "tags | array(varchar)", "scores | array(bigint)", "ratings | array(integer)"],
            await ArrayRowsAsync("SELECT column_name, data_type FROM memory.information_schema.columns WHERE table_name = 'posts' ORDER BY ordinal_position"));
        var insert = Submitted("INSERT INTO");
        Assert.Contains("ARRAY['red', 'it''s']", insert, StringComparison.Ordinal);
        Assert.Contains("ARRAY[10, 20, 30]", insert, StringComparison.Ordinal);
        Assert.Contains("ARRAY[5, NULL]", insert, StringComparison.Ordinal);
        Assert.Contains("CAST(ARRAY[] AS array(varchar))", insert, StringComparison.Ordinal);
        Assert.Equal(
            ["1 | [red,it's] | [10,20,30] | [5,NULL]", "2 | [blue] | [7] | NULL", "3 | [] | [] | []", "4 | [red,blue,green] | [1,2] | [1]"],
            await ArrayRowsAsync("SELECT id, tags, scores, ratings FROM memory.default.posts ORDER BY id"));

        await using var context = CreateContext();
        var posts = await context.Posts.OrderBy(p => p.Id).ToListAsync();

        Assert.Equal(["red", "it's"], posts[0].Tags);
        Assert.Equal([10L, 20L, 30L], posts[0].Scores);
        Assert.Equal([5, null], posts[0].Ratings!);
        Assert.Null(posts[1].Ratings);
        Assert.Empty(posts[2].Tags);
        Assert.Empty(posts[2].Scores);
    }

    [Fact]
    public async Task A_NULL_element_in_a_collection_of_a_non_nullable_type_is_a_clear_error()
    {
        await ArrayRowsAsync("INSERT INTO memory.default.posts VALUES (5, 'five', ARRAY['x'], ARRAY[1, NULL], NULL)");
        await using var context = CreateContext();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => context.Posts.Where(p => p.Id == 5).ToListAsync());

        var cause = e as InvalidCastException ?? Assert.IsType<InvalidCastException>(e.InnerException);
        Assert.Contains("NULL element", cause.Message, StringComparison.Ordinal);
        Assert.Contains("Int64?", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contains_on_a_column_is_contains_and_matches_ado_net()
    {
        await using var context = CreateContext();

        var ids = await context.Posts.Where(p => p.Tags.Contains("red")).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();

        Assert.Contains("WHERE contains(\"p\".\"tags\", 'red')", LastQuery(), StringComparison.Ordinal);
        Assert.Equal(await ArrayRowsAsync("SELECT id FROM memory.default.posts WHERE contains(tags, 'red') ORDER BY id"), ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([1L, 4L], ids);

        long score = 7;
        Assert.Equal([2L], await context.Posts.Where(p => p.Scores.Contains(score)).Select(p => p.Id).ToListAsync());
    }

    [Fact]
    public async Task Count_Length_and_Any_are_cardinality()
    {
        await using var context = CreateContext();

        var counts = await context.Posts.OrderBy(p => p.Id).Select(p => new { p.Id, Tags = p.Tags.Count, Scores = p.Scores.Length }).ToListAsync();
        string countSql = LastQuery();
        var many = await context.Posts.Where(p => p.Tags.Count() > 1).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
        var nonEmpty = await context.Posts.Where(p => p.Scores.Any()).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
        string anySql = LastQuery();

        Assert.Contains("cardinality(\"p\".\"tags\") AS \"Tags\", cardinality(\"p\".\"scores\") AS \"Scores\"", countSql, StringComparison.Ordinal);
        Assert.Contains("WHERE cardinality(\"p\".\"scores\") > 0", anySql, StringComparison.Ordinal);
        Assert.Equal(
            await ArrayRowsAsync("SELECT id, cardinality(tags), cardinality(scores) FROM memory.default.posts ORDER BY id"),
            counts.Select(c => $"{c.Id} | {c.Tags} | {c.Scores}"));
        Assert.Equal([1L, 4L], many);
        Assert.Equal([1L, 2L, 4L], nonEmpty);
    }

    [Fact]
    public async Task Element_access_is_element_at_with_a_one_based_index()
    {
        await using var context = CreateContext();

        var first = await context.Posts.OrderBy(p => p.Id).Select(p => new { p.Id, Tag = p.Tags[0], Score = (long?)p.Scores[1] }).ToListAsync();
        string sql = LastQuery();
        int i = 0;
        var filtered = await context.Posts.Where(p => p.Tags[i] == "red").OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();

        Assert.Contains("element_at(\"p\".\"tags\", 1) AS \"Tag\", element_at(\"p\".\"scores\", 2) AS \"Score\"", sql, StringComparison.Ordinal);
        Assert.Matches("WHERE element_at\\(\"p\"\\.\"tags\", .*@\\w+.* \\+ 1\\) = 'red'", context.Posts.Where(p => p.Tags[i] == "red").ToQueryString());
        Assert.Equal(
            await ArrayRowsAsync("SELECT id, element_at(tags, 1), element_at(scores, 2) FROM memory.default.posts ORDER BY id"),
            first.Select(r => $"{r.Id} | {r.Tag ?? "NULL"} | {r.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "NULL"}"));
        Assert.Equal([1L, 4L], filtered);
    }

    [Fact]
    public void Other_operators_over_a_collection_unnest_it_with_ordinality()
    {
        using var context = CreateContext();

        string sql = context.Posts.Where(p => p.Tags.Count(t => t != "red") > 1).Select(p => p.Id).ToQueryString();

        Assert.Matches("FROM UNNEST\\(\"p\"\\.\"tags\"\\) WITH ORDINALITY AS \"(\\w+)\"\\(\"value\", \"ordinality\"\\)\n\\s*WHERE \"\\1\"\\.\"value\" <> 'red'", sql);
    }

    [Fact]
    public async Task A_captured_list_stays_IN_with_one_parameter_per_element()
    {
        await using var context = CreateContext();
        var ids = new List<long> { 2, 4, 9 };

        var titles = await context.Posts.Where(p => ids.Contains(p.Id)).OrderBy(p => p.Id).Select(p => p.Title).ToListAsync();

        Assert.Equal(["two", "four"], titles);
        Assert.Matches("WHERE \"p\".\"id\" IN \\(@\\w+, @\\w+, @\\w+\\)", context.Posts.Where(p => ids.Contains(p.Id)).ToQueryString());
    }

    [Fact]
    public async Task ExecuteUpdate_and_tracked_updates_write_whole_arrays()
    {
        await using (var context = CreateContext())
        {
            var post = await context.Posts.SingleAsync(p => p.Id == 2);
            post.Tags = ["blue", "new"];
            post.Scores[0] = 8;
            await context.SaveChangesAsync();

            var replacement = new List<string> { "x" };
            Assert.Equal(1, await context.Posts.Where(p => p.Id == 3).ExecuteUpdateAsync(s => s.SetProperty(p => p.Tags, replacement)));
        }

        Assert.Equal(["2 | [blue,new] | [8]", "3 | [x] | []"], await ArrayRowsAsync("SELECT id, tags, scores FROM memory.default.posts WHERE id IN (2, 3) ORDER BY id"));
    }
}
