using System.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Presto.EntityFrameworkCore.Tests.Support;
using Presto.Testing;

namespace Presto.EntityFrameworkCore.Tests;

/// <summary>UsePresto overloads, the execution strategy over Presto.Client's retry, and the type mappings.</summary>
public sealed class ProviderTests(TpchFixture fixture) : QueryTestBase(fixture)
{
    private static async Task<List<string>> RegionNamesAsync(TpchContext context) =>
        await context.Regions.OrderBy(r => r.RegionKey).Select(r => r.Name).ToListAsync();

    [Fact]
    public async Task UsePresto_with_an_open_connection_leaves_it_open_for_the_caller()
    {
        await using var connection = new PrestoConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using (var context = new TpchContext(new DbContextOptionsBuilder<TpchContext>().UsePresto(connection).Options))
        {
            Assert.Equal(["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"], await RegionNamesAsync(context));
            Assert.Same(connection, context.Database.GetDbConnection());
        }

        Assert.Equal(ConnectionState.Open, connection.State);
    }

    [Fact]
    public async Task UsePresto_with_a_data_source()
    {
        await using var dataSource = PrestoDataSource.Create(Fixture.ConnectionString);
        await using var context = new TpchContext(new DbContextOptionsBuilder<TpchContext>().UsePresto(dataSource).Options);

        Assert.Equal(["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"], await RegionNamesAsync(context));
        Assert.IsType<PrestoConnection>(context.Database.GetDbConnection());
    }

    [Fact]
    public void UsePresto_rejects_an_empty_connection_string() =>
        Assert.Throws<ArgumentException>(() => new DbContextOptionsBuilder<TpchContext>().UsePresto(string.Empty));

    [Fact]
    public async Task The_default_execution_strategy_does_not_retry_on_top_of_Presto_Client()
    {
        await using var context = Fixture.CreateContext();

        Assert.False(context.Database.CreateExecutionStrategy().RetriesOnFailure);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_once_by_Presto_Client_underneath_EF()
    {
        await using var server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { Dialect = ServerDialect.Trino });
        string connectionString = $"Server={server.BaseAddress};User=test;Dialect=Trino;RetryDelayMs=1";
        await using var context = new TpchContext(new DbContextOptionsBuilder<TpchContext>().UsePresto(connectionString).Options);
        server.Faults.FailRequests(RequestKind.Post, 503, times: 1);

        Assert.Equal(5, await context.Regions.CountAsync());

        Assert.Equal(2, server.Submissions.Count);
    }

    [Theory]
    [InlineData(typeof(long), "bigint")]
    [InlineData(typeof(int), "integer")]
    [InlineData(typeof(short), "smallint")]
    [InlineData(typeof(sbyte), "tinyint")]
    [InlineData(typeof(bool), "boolean")]
    [InlineData(typeof(double), "double")]
    [InlineData(typeof(float), "real")]
    [InlineData(typeof(decimal), "decimal(38,18)")]
    [InlineData(typeof(string), "varchar")]
    [InlineData(typeof(byte[]), "varbinary")]
    [InlineData(typeof(DateOnly), "date")]
    [InlineData(typeof(TimeOnly), "time(3)")]
    [InlineData(typeof(DateTime), "timestamp(3)")]
    [InlineData(typeof(DateTimeOffset), "timestamp(3) with time zone")]
    [InlineData(typeof(Guid), "uuid")]
    [InlineData(typeof(TimeSpan), "interval day to second")]
    public void Clr_types_map_to_presto_types(Type clrType, string storeType)
    {
        using var context = Fixture.CreateContext();
        var mappings = context.GetService<IRelationalTypeMappingSource>();

        var mapping = mappings.FindMapping(clrType);

        Assert.NotNull(mapping);
        Assert.Equal(storeType, mapping.StoreType);
        Assert.Equal(clrType, mappings.FindMapping(storeType)!.ClrType);
    }

    [Theory]
    [InlineData("decimal(12,4)", typeof(decimal), 12, 4)]
    [InlineData("timestamp(6)", typeof(DateTime), 6, null)]
    [InlineData("timestamp(9) with time zone", typeof(DateTimeOffset), 9, null)]
    [InlineData("time(6)", typeof(TimeOnly), 6, null)]
    [InlineData("varchar(25)", typeof(string), null, null)]
    [InlineData("char(3)", typeof(string), null, null)]
    [InlineData("json", typeof(string), null, null)]
    public void Store_types_with_arguments_keep_them(string storeType, Type clrType, int? precision, int? scale)
    {
        using var context = Fixture.CreateContext();

        var mapping = context.GetService<IRelationalTypeMappingSource>().FindMapping(storeType);

        Assert.NotNull(mapping);
        Assert.Equal(clrType, mapping.ClrType);
        Assert.Equal(storeType, mapping.StoreType);
        Assert.Equal(precision, mapping.Precision);
        Assert.Equal(scale, mapping.Scale);
    }

    public static IEnumerable<object[]> LiteralValues =>
    [
        [long.MinValue], [int.MaxValue], [(short)-7], [(sbyte)12], [true], [false], [0.1], [-1.5e300], [1.25f], [123.4500m],
        ["it's \"x\" % _ \\ ü"], [new byte[] { 0, 10, 255 }], [new DateOnly(1995, 3, 15)], [new DateTime(2024, 2, 29, 23, 59, 58, 999)],
    ];

    [Theory]
    [MemberData(nameof(LiteralValues))]
    public async Task Literals_read_back_as_the_same_value(object value)
    {
        using var context = Fixture.CreateContext();
        string literal = context.GetService<IRelationalTypeMappingSource>().FindMapping(value.GetType())!.GenerateSqlLiteral(value);

        var row = Assert.Single(await Fixture.QueryAsync("SELECT " + literal));

        Assert.Equal(value, row[0] is decimal d ? d : row[0]);
    }

    [Theory]
    [InlineData("uuid", "UUID '0f8fad5b-d9cb-469f-a165-70867728950e'")]
    [InlineData("time(3)", "TIME '10:15:30.123'")]
    [InlineData("timestamp(3) with time zone", "TIMESTAMP '2024-01-02 03:04:05.123 +02:00'")]
    [InlineData("interval day to second", "INTERVAL '1 02:03:04.005' DAY TO SECOND")]
    [InlineData("json", "JSON '{\"a\":1}'")]
    public void Literals_of_types_the_embedded_engine_cannot_evaluate(string storeType, string expected)
    {
        using var context = Fixture.CreateContext();
        var mapping = context.GetService<IRelationalTypeMappingSource>().FindMapping(storeType)!;
        object value = storeType switch
        {
            "uuid" => Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            "time(3)" => new TimeOnly(10, 15, 30, 123),
            "interval day to second" => new TimeSpan(1, 2, 3, 4, 5),
            "json" => "{\"a\":1}",
            _ => new DateTimeOffset(2024, 1, 2, 3, 4, 5, 123, TimeSpan.FromHours(2)),
        };

        Assert.Equal(expected, mapping.GenerateSqlLiteral(value));
    }
}
