using System.Data;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

public sealed class GetSchemaTests
{
    [Fact]
    public async Task MetaDataCollections_lists_every_collection()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();

        var table = connection.GetSchema();

        Assert.Equal(
            ["MetaDataCollections", "DataSourceInformation", "DataTypes", "Restrictions", "Catalogs", "Schemas", "Tables", "Columns"],
            table.Rows.Cast<DataRow>().Select(r => (string)r["CollectionName"]));
        foreach (DataRow row in table.Rows)
        {
            Assert.NotNull(connection.GetSchema((string)row["CollectionName"]));
        }
    }

    [Fact]
    public async Task DataSourceInformation_names_the_product_and_version()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();

        var row = Assert.Single(connection.GetSchema("DataSourceInformation").Rows.Cast<DataRow>());

        Assert.Equal("Trino", row["DataSourceProductName"]);
        Assert.Equal("480", row["DataSourceProductVersion"]);
        Assert.Equal("@{0}", row["ParameterMarkerFormat"]);
    }

    [Fact]
    public async Task DataTypes_match_the_reader_types()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();

        var rows = connection.GetSchema("DataTypes").Rows.Cast<DataRow>().ToDictionary(r => (string)r["TypeName"]);

        Assert.Equal("System.Int64", rows["bigint"]["DataType"]);
        Assert.Equal("System.Decimal", rows["decimal"]["DataType"]);
        Assert.Equal("System.String", rows["varchar"]["DataType"]);
        Assert.Equal("System.DateOnly", rows["date"]["DataType"]);
        Assert.Equal("System.DateTimeOffset", rows["timestamp with time zone"]["DataType"]);
        Assert.Equal("System.Guid", rows["uuid"]["DataType"]);
        Assert.Equal("decimal({0},{1})", rows["decimal"]["CreateFormat"]);
        Assert.Equal((int)DbType.Int64, rows["bigint"]["ProviderDbType"]);
    }

    [Fact]
    public async Task Restrictions_describe_the_server_collections()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();

        var columns = connection.GetSchema("Restrictions").Rows.Cast<DataRow>()
            .Where(r => (string)r["CollectionName"] == "Columns")
            .Select(r => ((string)r["RestrictionName"], (int)r["RestrictionNumber"]));

        Assert.Equal([("Catalog", 1), ("Schema", 2), ("Table", 3), ("Column", 4)], columns);
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Catalogs_schemas_tables_and_columns_come_from_the_server(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();

        var catalogs = connection.GetSchema("Catalogs").Rows.Cast<DataRow>().Select(r => (string)r["CATALOG_NAME"]).ToList();
        Assert.Contains("tpch", catalogs);
        Assert.Contains("memory", catalogs);

        var schemas = connection.GetSchema("Schemas", ["tpch"]).Rows.Cast<DataRow>().Select(r => (string)r["SCHEMA_NAME"]).ToList();
        Assert.Contains("tiny", schemas);

        var tables = connection.GetSchema("Tables", ["tpch", "tiny"]).Rows.Cast<DataRow>().Select(r => (string)r["TABLE_NAME"]).ToList();
        Assert.Contains("nation", tables);
        Assert.Contains("lineitem", tables);

        var columns = connection.GetSchema("Columns", ["tpch", "tiny", "nation"]).Rows.Cast<DataRow>().ToList();
        Assert.Equal(["nationkey", "name", "regionkey", "comment"], columns.Select(r => (string)r["COLUMN_NAME"]));
        Assert.Equal("bigint", columns[0]["DATA_TYPE"]);
        Assert.Equal(1L, columns[0]["ORDINAL_POSITION"]);
    }

    [Fact]
    public async Task Restrictions_narrow_the_rows()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();

        var table = Assert.Single(connection.GetSchema("Tables", [null, "tiny", "nation"]).Rows.Cast<DataRow>());
        Assert.Equal("tpch", table["TABLE_CATALOG"]);

        var column = Assert.Single(connection.GetSchema("Columns", ["TPCH", "tiny", "nation", "regionkey"]).Rows.Cast<DataRow>());
        Assert.Equal("bigint", column["DATA_TYPE"]);

        Assert.Single(connection.GetSchema("Catalogs", ["memory"]).Rows);
        Assert.Empty(connection.GetSchema("Catalogs", ["nope"]).Rows);
        Assert.Empty(connection.GetSchema("Tables", ["tpch", "tiny", "no_such_table"]).Rows);
    }

    [Fact]
    public async Task Injection_in_restriction_values_is_data()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();

        Assert.Empty(connection.GetSchema("Tables", ["tpch", "tiny", "x' OR '1'='1"]).Rows);
        Assert.Empty(connection.GetSchema("Columns", ["tpch", "tiny' --", "nation"]).Rows);
        Assert.Empty(connection.GetSchema("Schemas", ["tpch\".information_schema.tables --"]).Rows);
        Assert.Empty(connection.GetSchema("Tables", ["tpch", "tiny", "nation'; DROP TABLE nation; --"]).Rows);
        Assert.Single(connection.GetSchema("Tables", ["tpch", "tiny", "nation"]).Rows);
    }

    [Fact]
    public async Task Async_overloads_and_errors()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        Assert.Throws<InvalidOperationException>(() => connection.GetSchema("Tables"));
        await connection.OpenAsync();

        var tables = await connection.GetSchemaAsync("Tables", ["tpch", "tiny"]);
        Assert.Equal(8, tables.Rows.Count);
        Assert.Throws<ArgumentException>(() => connection.GetSchema("Procedures"));
        Assert.Throws<ArgumentException>(() => connection.GetSchema("Catalogs", ["a", "b"]));
    }
}
