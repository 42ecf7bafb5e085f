using System.Collections;
using System.Data;
using System.Data.Common;
using System.Text;
using Presto.Testing;

namespace Presto.Tests.Conformance;

/// <summary>The data reader contract: positioning, getters, metadata, closing and misuse.</summary>
public sealed class DataReaderConformanceTests(ConformanceServer fixture) : IClassFixture<ConformanceServer>
{
    public static IEnumerable<object[]> SyncAndAsync => Ado.SyncAndAsync;

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Before_the_first_Read_metadata_is_available_but_values_are_not(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        Assert.Equal(4, reader.FieldCount);
        Assert.Equal(4, reader.VisibleFieldCount);
        Assert.Equal("id", reader.GetName(0));
        Assert.True(reader.HasRows);
        Assert.Equal(0, reader.Depth);
        Assert.Throws<InvalidOperationException>(() => reader.GetValue(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetInt64(0));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.IsDBNull(reader, 0, async));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.GetFieldValue<long>(reader, 0, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Read_walks_the_rows_then_getters_throw_InvalidOperationException(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        var ids = new List<long>();
        while (await Ado.Read(reader, async))
        {
            ids.Add(reader.GetInt64(0));
            Assert.True(reader.HasRows);
        }

        Assert.Equal([1L, 2L, 3L], ids);
        Assert.False(await Ado.Read(reader, async));
        Assert.False(await Ado.Read(reader, async));
        Assert.Throws<InvalidOperationException>(() => reader.GetValue(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetString(1));
        Assert.Throws<InvalidOperationException>(() => reader.IsDBNull(0));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.GetFieldValue<long>(reader, 0, async));
        Assert.True(reader.HasRows);
        Assert.False(reader.IsClosed);
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task An_ordinal_out_of_range_throws_IndexOutOfRangeException(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetName(4));
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetFieldType(-1));
        Assert.True(await Ado.Read(reader, async));
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetValue(4));
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetValue(-1));
        Assert.Throws<IndexOutOfRangeException>(() => reader[4]);
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetDataTypeName(4));
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetInt64(99));
        await Assert.ThrowsAsync<IndexOutOfRangeException>(() => Ado.IsDBNull(reader, 4, async));
        await Assert.ThrowsAsync<IndexOutOfRangeException>(() => Ado.GetFieldValue<object>(reader, 4, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Nulls_are_DBNull_and_typed_getters_refuse_them(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        Assert.True(await Ado.Read(reader, async));
        Assert.False(await Ado.IsDBNull(reader, 0, async));
        Assert.True(await Ado.IsDBNull(reader, 3, async));
        Assert.Equal(DBNull.Value, reader.GetValue(3));
        Assert.Equal(DBNull.Value, reader[3]);
        Assert.Equal(DBNull.Value, reader.GetProviderSpecificValue(3));
        Assert.Equal(DBNull.Value, await Ado.GetFieldValue<object>(reader, 3, async));
        Assert.Null(await Ado.GetFieldValue<string?>(reader, 3, async));

        Assert.True(await Ado.Read(reader, async));
        Assert.True(reader.IsDBNull(1));
        Assert.True(reader.IsDBNull(2));
        Assert.Throws<InvalidCastException>(() => reader.GetString(1));
        Assert.Throws<InvalidCastException>(() => reader.GetDecimal(2));
        Assert.Throws<InvalidCastException>(() => reader.GetChars(1, 0, null, 0, 0));
        await Assert.ThrowsAsync<InvalidCastException>(() => Ado.GetFieldValue<decimal>(reader, 2, async));
        Assert.Null(await Ado.GetFieldValue<decimal?>(reader, 2, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task A_getter_of_the_wrong_type_throws_InvalidCastException(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        Assert.True(await Ado.Read(reader, async));
        Assert.Throws<InvalidCastException>(() => reader.GetGuid(0));
        Assert.Throws<InvalidCastException>(() => reader.GetDateTime(0));
        Assert.Throws<InvalidCastException>(() => reader.GetBoolean(1));
        await Assert.ThrowsAsync<InvalidCastException>(() => Ado.GetFieldValue<DateTimeOffset>(reader, 0, async));

        // Widening and checked narrowing conversions are allowed.
        Assert.Equal(1, reader.GetInt32(0));
        Assert.Equal(1.5, reader.GetDouble(2));
        Assert.Equal(1.50m, await Ado.GetFieldValue<decimal>(reader, 2, async));
        Assert.Equal("one", await Ado.GetFieldValue<string>(reader, 1, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task GetOrdinal_is_exact_first_then_case_insensitive(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        Assert.Equal(1, reader.GetOrdinal("Name"));
        Assert.Equal(1, reader.GetOrdinal("NAME"));
        Assert.Equal(0, reader.GetOrdinal("ID"));
        var ex = Assert.Throws<IndexOutOfRangeException>(() => reader.GetOrdinal("missing"));
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
        Assert.True(await Ado.Read(reader, async));
        Assert.Equal("one", reader["name"]);
        Assert.Throws<IndexOutOfRangeException>(() => reader["missing"]);
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Field_types_and_type_names_describe_the_columns(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        Assert.Equal([typeof(long), typeof(string), typeof(decimal), typeof(string)], Enumerable.Range(0, 4).Select(reader.GetFieldType));
        Assert.Equal("bigint", reader.GetDataTypeName(0));
        Assert.Equal("varchar", reader.GetDataTypeName(1));
        Assert.Equal("decimal(10,2)", reader.GetDataTypeName(2).Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal("varchar(10)", reader.GetDataTypeName(3));
        Assert.True(await Ado.Read(reader, async));
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (!reader.IsDBNull(i))
            {
                Assert.IsType(reader.GetFieldType(i), reader.GetValue(i));
            }
        }
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task GetValues_fills_a_smaller_or_larger_array(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        Assert.True(await Ado.Read(reader, async));

        var small = new object[2];
        Assert.Equal(2, reader.GetValues(small));
        Assert.Equal([1L, "one"], small);

        var large = new object[6];
        large[5] = "untouched";
        Assert.Equal(4, reader.GetValues(large));
        Assert.Equal(DBNull.Value, large[3]);
        Assert.Null(large[4]);
        Assert.Equal("untouched", large[5]);

        Assert.Throws<ArgumentNullException>(() => reader.GetValues(null!));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task GetSchemaTable_has_the_standard_columns(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        var table = async ? await reader.GetSchemaTableAsync() : reader.GetSchemaTable();
        Assert.NotNull(table);
        foreach (var column in new[]
        {
            SchemaTableColumn.ColumnName, SchemaTableColumn.ColumnOrdinal, SchemaTableColumn.ColumnSize, SchemaTableColumn.NumericPrecision,
            SchemaTableColumn.NumericScale, SchemaTableColumn.DataType, SchemaTableColumn.AllowDBNull, SchemaTableColumn.ProviderType,
            SchemaTableColumn.IsLong, SchemaTableColumn.IsKey, SchemaTableColumn.IsUnique, SchemaTableColumn.BaseColumnName,
        })
        {
            Assert.True(table.Columns.Contains(column), column);
        }

        Assert.Equal(4, table.Rows.Count);
        Assert.Equal("amount", table.Rows[2][SchemaTableColumn.ColumnName]);
        Assert.Equal(2, table.Rows[2][SchemaTableColumn.ColumnOrdinal]);
        Assert.Equal(typeof(decimal), table.Rows[2][SchemaTableColumn.DataType]);
        Assert.Equal(10, table.Rows[2][SchemaTableColumn.NumericPrecision]);
        Assert.Equal(2, table.Rows[2][SchemaTableColumn.NumericScale]);
        Assert.Equal(10, table.Rows[3][SchemaTableColumn.ColumnSize]);
        Assert.Equal(true, table.Rows[0][SchemaTableColumn.AllowDBNull]);

        var schema = async ? await reader.GetColumnSchemaAsync() : reader.GetColumnSchema();
        Assert.Equal(["id", "Name", "amount", "note"], schema.Select(c => c.ColumnName));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task RecordsAffected_is_minus_one_for_a_query_and_the_count_for_DML(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        Assert.Equal(-1, reader.RecordsAffected);
        await Ado.Close(reader, async);
        Assert.Equal(-1, reader.RecordsAffected);

        var table = "memory.default.affected_" + (async ? "async" : "sync");
        await (await ExecuteAsync(connection, $"CREATE TABLE {table} (id bigint)", async)).DisposeAsync();
        reader = await ExecuteAsync(connection, $"INSERT INTO {table} VALUES (1), (2)", async);
        while (await Ado.Read(reader, async))
        {
        }

        await Ado.Close(reader, async);
        Assert.Equal(2, reader.RecordsAffected); // valid after Close, as ADO.NET specifies
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task A_closed_reader_refuses_everything_but_Close_and_RecordsAffected(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        Assert.True(await Ado.Read(reader, async));
        await Ado.Close(reader, async);
        Assert.True(reader.IsClosed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.Read(reader, async));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.NextResult(reader, async));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.IsDBNull(reader, 0, async));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.GetFieldValue<long>(reader, 0, async));
        Assert.Throws<InvalidOperationException>(() => reader.GetValue(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetInt64(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetName(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetOrdinal("id"));
        Assert.Throws<InvalidOperationException>(() => reader.FieldCount);
        Assert.Throws<InvalidOperationException>(() => reader.HasRows);
        Assert.Throws<InvalidOperationException>(() => reader.GetSchemaTable());

        // Close and Dispose again are no-ops; the connection is free for the next command.
        await Ado.Close(reader, async);
        await Ado.Dispose(reader, async);
        await using var next = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        Assert.True(await Ado.Read(next, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task NextResult_is_false_and_HasRows_is_false_for_an_empty_result(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using (var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async))
        {
            Assert.False(await Ado.NextResult(reader, async));
        }

        await using var empty = await ExecuteAsync(connection, ConformanceServer.NoRows, async);
        Assert.Equal(4, empty.FieldCount);
        Assert.False(empty.HasRows);
        Assert.False(await Ado.Read(empty, async));
        Assert.False(await Ado.NextResult(empty, async));
        Assert.Throws<InvalidOperationException>(() => empty.GetValue(0));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Foreach_enumerates_the_rows_as_data_records(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var reader = await ExecuteAsync(connection, ConformanceServer.ThreeRows, async);
        var names = new List<object>();
        foreach (IDataRecord record in (IEnumerable)reader)
        {
            names.Add(record["Name"]);
            Assert.Equal(4, record.FieldCount);
        }

        Assert.Equal(["one", DBNull.Value, "three"], names);
        Assert.False(await Ado.Read(reader, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Command_behaviors_CloseConnection_SchemaOnly_SingleRow(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var command = connection.CreateCommand();
        command.CommandText = ConformanceServer.ThreeRows;

        await using (var schemaOnly = await Ado.ExecuteReader(command, async, CommandBehavior.SchemaOnly))
        {
            Assert.Equal(4, schemaOnly.FieldCount);
            Assert.Equal(typeof(long), schemaOnly.GetFieldType(0));
            Assert.False(await Ado.Read(schemaOnly, async));
        }

        await using (var singleRow = await Ado.ExecuteReader(command, async, CommandBehavior.SingleRow))
        {
            Assert.True(await Ado.Read(singleRow, async));
            Assert.False(await Ado.Read(singleRow, async));
        }

        var reader = await Ado.ExecuteReader(command, async, CommandBehavior.CloseConnection);
        Assert.True(await Ado.Read(reader, async));
        await Ado.Close(reader, async);
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Fact]
    public async Task Reading_a_long_text_in_chunks_with_GetChars_makes_its_string_once()
    {
        await using var connection = await fixture.OpenAsync(async: false);
        var text = string.Concat(Enumerable.Range(0, 10_000).Select(i => (char)('a' + (i % 26)) + "123456789"));
        fixture.Server.Script("SELECT long_text", ScriptedResult.FromRows([new ResultColumn("s", "varchar")], [[text]]));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT long_text";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());

        var chunk = new char[1_000];
        var copy = new StringBuilder();
        var before = GC.GetAllocatedBytesForCurrentThread();
        long offset = 0, read;
        while ((read = reader.GetChars(0, offset, chunk, 0, chunk.Length)) > 0)
        {
            copy.Append(chunk, 0, (int)read);
            offset += read;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before - (copy.Capacity * sizeof(char));
        Assert.Equal(text, copy.ToString());

        // One string of 100,000 characters is ≈ 200 KB; a string (and a character array) per chunk would be ≈ 40 MB.
        Assert.True(allocated < 3 * text.Length * sizeof(char), $"100 chunks allocated {allocated:N0} bytes");
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task GetBytes_and_GetChars_follow_the_streaming_contract(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        fixture.Server.Script("SELECT streams", ScriptedResult.FromRows([new ResultColumn("s", "varchar"), new ResultColumn("b", "varbinary")], [["hello", new byte[] { 1, 2, 0xFF }]]));
        await using var reader = await ExecuteAsync(connection, "SELECT streams", async);
        Assert.True(await Ado.Read(reader, async));
        Assert.Equal(5, reader.GetChars(0, 0, null, 0, 0));
        var chars = new char[4];
        Assert.Equal(3, reader.GetChars(0, 2, chars, 1, 3));
        Assert.Equal("\0llo", new string(chars));
        Assert.Equal(3, reader.GetBytes(1, 0, null, 0, 0));
        var bytes = new byte[2];
        Assert.Equal(2, reader.GetBytes(1, 1, bytes, 0, 5));
        Assert.Equal(new byte[] { 2, 0xFF }, bytes);
        Assert.Equal(0, reader.GetBytes(1, 3, bytes, 0, 2));
    }

    private static async Task<DbDataReader> ExecuteAsync(DbConnection connection, string sql, bool async)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await Ado.ExecuteReader(command, async);
    }
}
