using System.Globalization;
using Presto.EntityFrameworkCore.Tests.Model;
using Presto.Testing;

namespace Presto.EntityFrameworkCore.Tests.Support;

/// <summary>One embedded Trino server shared by the read-only query tests.</summary>
public sealed class TpchFixture : IAsyncLifetime
{
    private PrestoTestServer? _server;

    public PrestoTestServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public string ConnectionString => $"Server={Server.BaseAddress};User=test;Dialect={Server.Dialect}";

    public async Task InitializeAsync() => _server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { Dialect = ServerDialect.Trino });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public TpchContext CreateContext() =>
        new(new DbContextOptionsBuilder<TpchContext>().UsePresto(ConnectionString).Options);

    /// <summary>Runs <paramref name="sql"/> through ADO.NET (PrestoCommand) and returns the rows.</summary>
    public Task<List<object?[]>> QueryAsync(string sql) => QueryAsync(ConnectionString, sql);

    /// <summary>Runs <paramref name="sql"/> through ADO.NET (PrestoCommand) on <paramref name="connectionString"/>.</summary>
    public static async Task<List<object?[]>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new PrestoConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new PrestoCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Culture-invariant text of a row, numbers of every width alike (int 5 and long 5 are both "5").</summary>
    public static string Format(object?[] row) => string.Join(" | ", row.Select(FormatValue));

    private static string FormatValue(object? value) => value switch
    {
        null => "NULL",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

[CollectionDefinition(Name)]
public sealed class TpchCollection : ICollectionFixture<TpchFixture>
{
    public const string Name = "tpch";
}

/// <summary>Base of the query tests: runs a LINQ query and the same query in hand-written SQL and compares the rows.</summary>
[Collection(TpchCollection.Name)]
public abstract class QueryTestBase(TpchFixture fixture)
{
    protected TpchFixture Fixture { get; } = fixture;

    /// <summary>
    /// Asserts that the EF query returns the same rows as <paramref name="sql"/> through ADO.NET (in order when
    /// <paramref name="ordered"/>), and that there is at least one row, so the comparison proves something.
    /// </summary>
    protected async Task AssertQueryAsync<T>(Func<TpchContext, IQueryable<T>> query, string sql, Func<T, object?[]> row, bool ordered = true)
    {
        await using var context = Fixture.CreateContext();
        var ef = (await query(context).ToListAsync()).Select(r => TpchFixture.Format(row(r))).ToList();
        var ado = (await Fixture.QueryAsync(sql)).Select(TpchFixture.Format).ToList();
        Assert.NotEmpty(ado);
        if (!ordered)
        {
            ef.Sort(StringComparer.Ordinal);
            ado.Sort(StringComparer.Ordinal);
        }

        Assert.Equal(ado, ef);
    }

    /// <summary>Asserts a scalar EF result equals the single value of <paramref name="sql"/>.</summary>
    protected async Task AssertScalarAsync<T>(Func<TpchContext, Task<T>> query, string sql)
    {
        await using var context = Fixture.CreateContext();
        var ef = await query(context);
        var ado = await Fixture.QueryAsync(sql);
        Assert.Equal(TpchFixture.Format(ado.Single()), TpchFixture.Format([ef]));
    }
}
