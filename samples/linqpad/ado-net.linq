<Query Kind="Program">
  <NuGetReference>Presto.Client</NuGetReference>
  <NuGetReference>Presto.Client.Testing</NuGetReference>
  <Namespace>Presto</Namespace>
  <Namespace>Presto.Testing</Namespace>
</Query>

// The ADO.NET provider: a parameterized query, its rows and its statistics.
// Set ConnectionString to your cluster (e.g. "Server=https://trino.example.com;User=me;Catalog=tpch;Schema=tiny");
// left empty, the script starts the embedded coordinator of Presto.Client.Testing.
const string ConnectionString = "";

async Task Main()
{
    await using var server = ConnectionString.Length == 0 ? await PrestoTestServer.StartAsync(ServerDialect.Trino) : null;
    var connectionString = server is null ? ConnectionString : $"Server={server.BaseAddress};User=linqpad;Catalog=tpch;Schema=tiny";

    // <snippet:linqpad-ado-net>
    await using var connection = new PrestoConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new PrestoCommand(
        "SELECT n.name AS nation, r.name AS region FROM nation n JOIN region r ON n.regionkey = r.regionkey WHERE r.name = @region ORDER BY n.name",
        connection);
    command.Parameters.AddWithValue("region", "EUROPE");
    await using var reader = await command.ExecuteReaderAsync();
    var rows = new List<(string Nation, string Region)>();
    while (await reader.ReadAsync())
    {
        rows.Add((reader.GetString(0), reader.GetString(1)));
    }
    // </snippet:linqpad-ado-net>

    rows.Dump($"query {reader.QueryId}");
    reader.Stats.Dump("statistics");
    if (server is not null && rows.Count != 5)
    {
        throw new InvalidOperationException($"Europe has 5 nations in tpch.tiny, not {rows.Count}.");
    }
}
