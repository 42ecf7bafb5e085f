using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Presto.Testing;

namespace Presto.Samples;

/// <summary>The ADO.NET provider (docs/ado-net.md, README.md): a reader, a data source, the provider factory, schema, transactions, batches.</summary>
internal static class AdoNetSample
{
    public static async Task RunAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        var connectionString = $"Server={server.BaseAddress};User=alice;Catalog=tpch;Schema=tiny";
        await ReadAsync(connectionString);
        await ParametersAsync(connectionString);
        await DataSourceAsync($"Server={server.BaseAddress};User=etl;Catalog=tpch;Schema=tiny", NullLoggerFactory.Instance);
        await ProviderFactoryAndSchemaAsync(connectionString);
        await ConnectionStringBuilderAsync(server);
        await TransactionAndBatchAsync($"Server={server.BaseAddress};User=alice;Catalog=memory;Schema=default");
    }

    private static async Task ReadAsync(string connectionString)
    {
        // <snippet:readme-ado-net>
        await using var connection = new PrestoConnection(connectionString);   // "Server=https://trino.example.com;User=alice;Catalog=tpch;Schema=tiny"
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT nationkey, name FROM nation", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            long key = reader.GetInt64(0);          // no boxing: rows are decoded into typed storage
            string name = reader.GetString(1);
            Console.WriteLine($"{key} {name}");
        }
        // </snippet:readme-ado-net>
        SampleCheck.Expect(reader.RecordsAffected == -1, "a query reports no update count");
    }

    private static async Task ParametersAsync(string connectionString)
    {
        await using var connection = new PrestoConnection(connectionString);
        await connection.OpenAsync();

        // <snippet:ado-net-parameters>
        await using var command = new PrestoCommand(
            "SELECT name FROM nation WHERE regionkey = @region AND name LIKE :pattern", connection);
        command.Parameters.AddWithValue("@region", 1L);
        command.Parameters.AddWithValue("pattern", "A%");
        // </snippet:ado-net-parameters>
        var name = (string?)await command.ExecuteScalarAsync();
        Console.WriteLine($"@region and :pattern: {name}");
        SampleCheck.Expect(name == "ARGENTINA", "ARGENTINA is the one American nation starting with A");
    }

    private static async Task DataSourceAsync(string connectionString, ILoggerFactory loggerFactory)
    {
        // <snippet:ado-net-data-source>
        var builder = new PrestoDataSourceBuilder(connectionString);  // e.g. "Server=https://trino.example.com;User=etl;Catalog=hive;Schema=web"
        builder.ConnectionStringBuilder.RequestTimeout = 30;
        builder.UseLoggerFactory(loggerFactory);                       // category "Presto.Client"
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        builder.UseHttpMessageHandler(handler, disposeHandler: true);  // or UseHttpClient(httpClientFromFactory)
        await using var dataSource = builder.Build();

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM orders"); // opens its own connection
        var orders = (long)(await command.ExecuteScalarAsync())!;
        // </snippet:ado-net-data-source>
        Console.WriteLine($"{orders} orders through a data source ({dataSource.ConnectionString})");
        SampleCheck.Expect(orders == 15_000 && connection.State == ConnectionState.Open, "tpch.tiny has 15,000 orders");
    }

    private static async Task ProviderFactoryAndSchemaAsync(string connectionString)
    {
        // <snippet:ado-net-provider-factory>
        DbProviderFactories.RegisterFactory(PrestoProviderFactory.InvariantName, PrestoProviderFactory.Instance); // "Presto.Client"
        var factory = DbProviderFactories.GetFactory("Presto.Client");
        // </snippet:ado-net-provider-factory>
        await using var connection = factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync();

        // <snippet:ado-net-get-schema>
        DataTable columns = connection.GetSchema("Columns", ["tpch", "tiny", "nation"]);
        // </snippet:ado-net-get-schema>
        var names = columns.Rows.Cast<DataRow>().Select(r => (string)r["COLUMN_NAME"]).ToList();
        Console.WriteLine($"tpch.tiny.nation: {string.Join(", ", names)}");
        SampleCheck.Expect(names.SequenceEqual(["nationkey", "name", "regionkey", "comment"]), "GetSchema lists nation's columns in order");
    }

    private static async Task ConnectionStringBuilderAsync(PrestoTestServer server)
    {
        var serverUrl = server.BaseAddress.ToString();
        // <snippet:connection-string-builder>
        var builder = new PrestoConnectionStringBuilder
        {
            Server = serverUrl,                     // "https://trino.example.com"
            User = "etl",
            Catalog = "tpch",
            Schema = "tiny",
            AccessToken = Environment.GetEnvironmentVariable("PRESTO_TOKEN"),
            MaxQueryAttempts = 4,
        };
        builder["Session"] = "query_max_run_time=1h";     // any alias works as an indexer key
        await using var connection = new PrestoConnection(builder.ConnectionString);
        // </snippet:connection-string-builder>
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT count(*) FROM region", connection);
        await command.ExecuteScalarAsync();
        var session = server.Submissions[^1].Header("X-Trino-Session");
        Console.WriteLine($"builder: {builder.SessionProperties} sent as X-Trino-Session: {session}");
        SampleCheck.Expect(session == "query_max_run_time=1h", "the alias 'Session' sets SessionProperties");
    }

    private static async Task TransactionAndBatchAsync(string connectionString)
    {
        await using var connection = new PrestoConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new PrestoCommand("CREATE TABLE memory.default.items (id bigint, name varchar)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        // <snippet:ado-net-transaction>
        await using (var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted))
        {
            await using var command = new PrestoCommand("INSERT INTO memory.default.items VALUES (1, 'a')", connection);
            command.Transaction = (PrestoTransaction)transaction;   // optional: every command on the connection runs inside it
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();                          // disposing without Commit rolls back
        }
        // </snippet:ado-net-transaction>

        // <snippet:ado-net-batch>
        await using var batch = connection.CreateBatch();
        batch.BatchCommands.Add("INSERT INTO memory.default.items VALUES (2, 'b')");
        batch.BatchCommands.Add("INSERT INTO memory.default.items VALUES (3, 'c'), (4, 'd')");
        int rows = await batch.ExecuteNonQueryAsync();   // 3; BatchCommands[1].RecordsAffected == 2
        // </snippet:ado-net-batch>
        Console.WriteLine($"{rows} rows inserted by a batch of {batch.BatchCommands.Count}");
        SampleCheck.Expect(rows == 3 && batch.BatchCommands[1].RecordsAffected == 2, "a batch sums its commands' update counts");

        await using var count = new PrestoCommand("SELECT count(*) FROM memory.default.items", connection);
        SampleCheck.Expect((long)(await count.ExecuteScalarAsync())! == 4, "the committed row and the batch's rows are there");
    }
}
