using System.Data;
using System.Data.Common;

namespace Presto.Tests.Conformance;

/// <summary>The parameter collection contract and binding at execution.</summary>
public sealed class ParameterConformanceTests(ConformanceServer fixture) : IClassFixture<ConformanceServer>
{
    public static IEnumerable<object[]> SyncAndAsync => Ado.SyncAndAsync;

    [Fact]
    public void Lookup_by_name_ignores_the_prefix_and_case()
    {
        using DbCommand command = new PrestoCommand();
        var a = new PrestoParameter("@id", 1L);
        var b = new PrestoParameter("name", "x");
        var c = new PrestoParameter(":Flag", true);
        Assert.Equal(0, command.Parameters.Add(a));
        Assert.Equal(1, command.Parameters.Add(b));
        Assert.Equal(2, command.Parameters.Add(c));

        foreach (var name in new[] { "@id", "id", ":id", "$id", "ID" })
        {
            Assert.Equal(0, command.Parameters.IndexOf(name));
            Assert.True(command.Parameters.Contains(name));
            Assert.Same(a, command.Parameters[name]);
        }

        Assert.Equal(1, command.Parameters.IndexOf("@name"));
        Assert.Equal(2, command.Parameters.IndexOf("flag"));
        Assert.Equal(-1, command.Parameters.IndexOf("missing"));
        Assert.False(command.Parameters.Contains("missing"));
        Assert.Equal(1, command.Parameters.IndexOf(b));
        Assert.True(command.Parameters.Contains(b));
        Assert.False(command.Parameters.Contains(new PrestoParameter("id", 1L)));
        Assert.False(command.Parameters.Contains((object)"id"));
    }

    [Fact]
    public void Add_Insert_Remove_AddRange_Clear_and_indexers()
    {
        using DbCommand command = new PrestoCommand();
        var parameters = command.Parameters;
        parameters.AddRange(new[] { new PrestoParameter("a", 1), new PrestoParameter("b", 2), new PrestoParameter("c", 3) });
        Assert.Equal(3, parameters.Count);

        var inserted = new PrestoParameter("z", 0);
        parameters.Insert(0, inserted);
        Assert.Equal(0, parameters.IndexOf("z"));
        Assert.Same(inserted, parameters[0]);

        parameters.Remove(inserted);
        Assert.Equal(3, parameters.Count);
        parameters.RemoveAt("@b");
        Assert.Equal(["a", "c"], parameters.Cast<DbParameter>().Select(p => p.ParameterName));
        parameters.RemoveAt(0);
        Assert.Equal("c", parameters[0].ParameterName);

        var replacement = new PrestoParameter("c", 30);
        parameters["c"] = replacement;
        Assert.Same(replacement, parameters[0]);
        parameters[0] = new PrestoParameter("d", 4);
        Assert.Equal("d", parameters[0].ParameterName);

        var copy = new DbParameter[1];
        parameters.CopyTo(copy, 0);
        Assert.Equal("d", copy[0].ParameterName);

        parameters.Clear();
        Assert.Empty(parameters);
    }

    [Fact]
    public void Misuse_throws_the_expected_exceptions()
    {
        using DbCommand command = new PrestoCommand();
        var parameters = command.Parameters;
        Assert.Throws<InvalidCastException>(() => parameters.Add("not a parameter"));
        Assert.Throws<InvalidCastException>(() => parameters.Add(null!));
        Assert.Throws<InvalidCastException>(() => parameters.AddRange(new object[] { new PrestoParameter("a", 1), 42 }));
        Assert.Throws<InvalidCastException>(() => parameters.Insert(0, new object()));
        Assert.Throws<ArgumentNullException>(() => ((PrestoParameterCollection)parameters).Add((PrestoParameter)null!));

        // Lookup of a missing name names it; by index it is out of range.
        var ex = Assert.ThrowsAny<ArgumentException>(() => parameters["missing"]);
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => parameters.RemoveAt("missing"));
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => parameters[5]);

        var parameter = command.CreateParameter();
        Assert.Throws<NotSupportedException>(() => parameter.Direction = ParameterDirection.Output);
        Assert.Throws<NotSupportedException>(() => parameter.Direction = ParameterDirection.ReturnValue);
        parameter.Direction = ParameterDirection.Input;
        parameter.ParameterName = null;
        Assert.Equal(string.Empty, parameter.ParameterName);
    }

    [Fact]
    public void DbType_is_inferred_until_set_and_reset()
    {
        DbParameter parameter = new PrestoParameter("p", 42L);
        Assert.Equal(DbType.Int64, parameter.DbType);
        parameter.Value = "text";
        Assert.Equal(DbType.String, parameter.DbType);
        parameter.Value = null;
        Assert.Equal(DbType.Object, parameter.DbType);
        parameter.DbType = DbType.Int32;
        parameter.Value = "text";
        Assert.Equal(DbType.Int32, parameter.DbType);
        parameter.ResetDbType();
        Assert.Equal(DbType.String, parameter.DbType);
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Parameters_bind_by_name_with_any_prefix_and_by_position(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM tpch.tiny.nation WHERE regionkey = @region AND name LIKE :pattern ORDER BY name";
        var region = command.CreateParameter();
        region.ParameterName = "region";
        region.Value = 3L;
        command.Parameters.Add(region);
        command.Parameters.Add(new PrestoParameter("@pattern", "%A%"));
        Assert.Equal("FRANCE", await Ado.ExecuteScalar(command, async));

        // The same command runs again with a new value.
        region.Value = 1L;
        Assert.Equal("ARGENTINA", await Ado.ExecuteScalar(command, async));

        command.CommandText = "SELECT name FROM tpch.tiny.nation WHERE nationkey = ?";
        command.Parameters.Clear();
        command.Parameters.Add(new PrestoParameter { Value = 7 });
        Assert.Equal("GERMANY", await Ado.ExecuteScalar(command, async));

        command.CommandText = "SELECT ?";
        command.Parameters[0].Value = DBNull.Value;
        Assert.Equal(DBNull.Value, await Ado.ExecuteScalar(command, async));
    }

    [Theory]
    [MemberData(nameof(SyncAndAsync))]
    public async Task Binding_errors_are_raised_before_anything_is_sent(bool async)
    {
        await using var connection = await fixture.OpenAsync(async);
        await using var command = connection.CreateCommand();
        var before = fixture.Server.Submissions.Count;

        // With no parameter at all the text is sent unchanged (deliberate: a hand-written PREPARE … FROM … ? must reach
        // the server as written), so a missing parameter is only detected once the command has parameters.
        command.CommandText = "SELECT @missing, @other";
        command.Parameters.Add(new PrestoParameter("other", 1));
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteScalar(command, async));
        Assert.Contains("'missing'", missing.Message, StringComparison.Ordinal);
        command.Parameters.Clear();

        command.Parameters.Add(new PrestoParameter("x", 1));
        command.Parameters.Add(new PrestoParameter("@X", 2));
        command.CommandText = "SELECT @x";
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteScalar(command, async));

        command.Parameters.Clear();
        command.Parameters.Add(new PrestoParameter("x", new object()));
        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => Ado.ExecuteScalar(command, async));
        Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);

        command.CommandText = "SELECT ?, ?";
        command.Parameters[0].Value = 1;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ado.ExecuteScalar(command, async));

        Assert.Equal(before, fixture.Server.Submissions.Count);
        Assert.Equal(ConnectionState.Open, connection.State);
    }
}
