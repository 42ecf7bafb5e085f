using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

public sealed class SmokeTests
{
    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Reads_nation(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect);
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "Catalog=tpch;Schema=tiny"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT nationkey, name FROM nation ORDER BY nationkey";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(1));
        }

        Assert.Equal(25, names.Count);
        Assert.Equal("ALGERIA", names[0]);
    }
}
