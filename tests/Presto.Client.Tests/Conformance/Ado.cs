using System.Data;
using System.Data.Common;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Conformance;

/// <summary>
/// Runs one ADO.NET call synchronously or asynchronously, so each conformance check is a single body executed both ways
/// (the spirit of AdoNet.Specification.Tests, which is not available here). Everything goes through the base
/// <c>Db*</c> types, as generic data-access code sees the provider.
/// </summary>
internal static class Ado
{
    public static async Task Open(DbConnection connection, bool async)
    {
        if (async)
        {
            await connection.OpenAsync();
        }
        else
        {
            connection.Open();
        }
    }

    public static async Task Close(DbConnection connection, bool async)
    {
        if (async)
        {
            await connection.CloseAsync();
        }
        else
        {
            connection.Close();
        }
    }

    public static async Task Dispose(DbConnection connection, bool async)
    {
        if (async)
        {
            await connection.DisposeAsync();
        }
        else
        {
            connection.Dispose();
        }
    }

    public static async Task<DbDataReader> ExecuteReader(DbCommand command, bool async, CommandBehavior behavior = CommandBehavior.Default) =>
        async ? await command.ExecuteReaderAsync(behavior) : command.ExecuteReader(behavior);

    public static async Task<object?> ExecuteScalar(DbCommand command, bool async) =>
        async ? await command.ExecuteScalarAsync() : command.ExecuteScalar();

    public static async Task<int> ExecuteNonQuery(DbCommand command, bool async) =>
        async ? await command.ExecuteNonQueryAsync() : command.ExecuteNonQuery();

    public static async Task<bool> Read(DbDataReader reader, bool async) => async ? await reader.ReadAsync() : reader.Read();

    public static async Task<bool> NextResult(DbDataReader reader, bool async) => async ? await reader.NextResultAsync() : reader.NextResult();

    public static async Task<bool> IsDBNull(DbDataReader reader, int ordinal, bool async) =>
        async ? await reader.IsDBNullAsync(ordinal) : reader.IsDBNull(ordinal);

    public static async Task<T> GetFieldValue<T>(DbDataReader reader, int ordinal, bool async) =>
        async ? await reader.GetFieldValueAsync<T>(ordinal) : reader.GetFieldValue<T>(ordinal);

    public static async Task Close(DbDataReader reader, bool async)
    {
        if (async)
        {
            await reader.CloseAsync();
        }
        else
        {
            reader.Close();
        }
    }

    public static async Task Dispose(DbDataReader reader, bool async)
    {
        if (async)
        {
            await reader.DisposeAsync();
        }
        else
        {
            reader.Dispose();
        }
    }

    /// <summary>Every check runs once synchronously and once asynchronously.</summary>
    public static IEnumerable<object[]> SyncAndAsync => [[false], [true]];
}

/// <summary>One embedded Trino server per test class, with the scripted results the checks read.</summary>
public sealed class ConformanceServer : IAsyncLifetime
{
    /// <summary>Three rows: (1, 'one', 1.50, NULL), (2, NULL, NULL, 'x'), (3, 'three', -3.25, 'y').</summary>
    public const string ThreeRows = "SELECT conformance_rows";

    /// <summary>The same columns, no row.</summary>
    public const string NoRows = "SELECT conformance_empty";

    public static readonly ResultColumn[] Columns =
        [new("id", "bigint"), new("Name", "varchar"), new("amount", "decimal(10,2)"), new("note", "varchar(10)")];

    public PrestoTestServer Server { get; private set; } = null!;

    public string ConnectionString => TestServers.ConnectionString(Server);

    public async Task InitializeAsync()
    {
        Server = await TestServers.StartAsync(ServerDialect.Trino);
        Server.Script(ThreeRows, ScriptedResult.FromRows(Columns, [[1L, "one", 1.50m, null], [2L, null, null, "x"], [3L, "three", -3.25m, "y"]]));
        Server.Script(NoRows, ScriptedResult.FromRows(Columns, []));
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public async Task<DbConnection> OpenAsync(bool async)
    {
        DbConnection connection = new PrestoConnection(ConnectionString);
        await Ado.Open(connection, async);
        return connection;
    }
}
