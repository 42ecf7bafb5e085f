using System.Data;
using Presto.Testing;

namespace Presto.Samples;

/// <summary>Transactions: START TRANSACTION, COMMIT and ROLLBACK through <see cref="PrestoTransaction"/>.</summary>
internal static class TransactionsSample
{
    public static async Task RunAsync()
    {
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        await using var connection = new PrestoConnection($"Server={server.BaseAddress};User=samples;Catalog=memory;Schema=default");
        await connection.OpenAsync();
        await using (var create = new PrestoCommand("CREATE TABLE items (id bigint, name varchar)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        // <snippet:transactions-commit>
        await using (var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted))
        {
            await using var insert = new PrestoCommand("INSERT INTO items VALUES (1, 'a'), (2, 'b')", connection);
            insert.Transaction = (PrestoTransaction)transaction;   // optional: the whole connection is in the transaction
            var inserted = await insert.ExecuteNonQueryAsync();
            Console.WriteLine($"{inserted} rows inserted in transaction {((PrestoTransaction)transaction).TransactionId}");
            await transaction.CommitAsync();                       // disposing without a commit rolls back
        }
        // </snippet:transactions-commit>

        // <snippet:transactions-rollback>
        var rollback = await connection.BeginTransactionAsync();
        try
        {
            await using var failing = new PrestoCommand("INSERT INTO items SELECT 1 / 0, 'never'", connection);
            await failing.ExecuteNonQueryAsync();
            await rollback.CommitAsync();
        }
        catch (PrestoQueryException ex)
        {
            Console.WriteLine($"{ex.ErrorName} ({ex.ErrorType}, rule {ex.Classification?.RuleId}): rolled back");
            await rollback.RollbackAsync();
        }
        finally
        {
            await rollback.DisposeAsync();
        }
        // </snippet:transactions-rollback>

        await using var count = new PrestoCommand("SELECT count(*) FROM items", connection);
        var rows = (long)(await count.ExecuteScalarAsync())!;
        Console.WriteLine($"items holds {rows} rows");
        SampleCheck.Expect(rows == 2, $"items holds the two committed rows, not {rows}");
    }
}
