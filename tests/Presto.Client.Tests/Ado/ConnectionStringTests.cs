using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Keywords_are_case_insensitive_and_aliases_map_to_one_canonical_keyword()
    {
        var builder = new PrestoConnectionStringBuilder("SERVER=https://a:8443, https://b:8443;user id=alice;Application Name=etl;initial catalog=hive;SCHEMA=web;dialect=presto;commandtimeout=30");

        Assert.Equal("https://a:8443, https://b:8443", builder.Server);
        Assert.Equal("alice", builder.User);
        Assert.Equal("etl", builder.Source);
        Assert.Equal("hive", builder.Catalog);
        Assert.Equal("web", builder.Schema);
        Assert.Equal(PrestoDialect.Presto, builder.Dialect);
        Assert.Equal(30, builder.CommandTimeout);
        Assert.Equal(120, builder.RequestTimeout);
        Assert.Contains("User=alice", builder.ConnectionString, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => builder["NoSuchKeyword"] = "x");
    }

    [Theory]
    [InlineData("User=a", "Server")]
    [InlineData("Server=ftp://host", "http")]
    [InlineData("Server=http://bob:secret@host:8080", "user name or password")]
    [InlineData("Server=http://host:8080?x=1", "query string")]
    [InlineData("Server=http://host;Schema=tiny", "Catalog")]
    [InlineData("Server=https://host;Password=p", "User")]
    [InlineData("Server=http://host;User=u;Password=p", "http://")]
    [InlineData("Server=http://host;AccessToken=t", "http://")]
    [InlineData("Server=http://host;Dialect=Oracle", "Dialect")]
    [InlineData("Server=http://host;RequestTimeout=0", "RequestTimeout")]
    [InlineData("Server=http://host;CommandTimeout=-1", "CommandTimeout")]
    [InlineData("Server=http://host;SessionProperties=novalue", "SessionProperties")]
    [InlineData("Server=http://host;AllowInsecureCredentials=maybe", "AllowInsecureCredentials")]
    public void Bad_connection_strings_fail_on_open_with_the_keyword_named(string connectionString, string mentioned)
    {
        using var connection = new PrestoConnection(connectionString);

        var error = Assert.Throws<ArgumentException>(connection.Open);

        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
    }

    [Fact]
    public async Task Secrets_disappear_from_the_connection_string_once_open()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "Password=hunter2;AllowInsecureCredentials=true"));

        await connection.OpenAsync();

        Assert.DoesNotContain("hunter2", connection.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("User=test", connection.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_go_to_the_configured_server_and_never_to_another_origin()
    {
        await using var configured = await TestServers.StartAsync();
        await using var other = await TestServers.StartAsync();
        var elsewhere = new Uri(other.BaseAddress, "/v1/statement/queued/20261121_000000_00000_abcde/y0/1");
        configured.Faults.Http(new HttpFault
        {
            On = RequestKind.Post,
            StatusCode = 200,
            Body = $$$"""{"id":"20261121_000000_00000_abcde","infoUri":"{{{configured.BaseAddress}}}ui","nextUri":"{{{elsewhere}}}","stats":{"state":"QUEUED"}}""",
        });
        await using var connection = new PrestoConnection(TestServers.ConnectionString(configured, "Password=hunter2;AllowInsecureCredentials=true;MaxQueryAttempts=1"));
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT 1", connection);

        await Assert.ThrowsAnyAsync<PrestoException>(() => command.ExecuteReaderAsync());

        Assert.StartsWith("Basic ", configured.Submissions.Single().Header("Authorization"), StringComparison.Ordinal);
        var leaked = other.Requests.Where(r => r.Method == "GET").ToList();
        Assert.NotEmpty(leaked);
        Assert.All(leaked, r => Assert.Null(r.Header("Authorization")));
    }

    [Fact]
    public async Task Change_database_sets_the_catalog_for_later_statements()
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();

        connection.ChangeDatabase("tpch");
        await using var command = new PrestoCommand("SELECT count(*) FROM tiny.nation", connection);
        await command.ExecuteScalarAsync();

        Assert.Equal("tpch", connection.Database);
        Assert.Equal("tpch", server.Submissions.Single().Header("X-Trino-Catalog"));
    }

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Auto_dialect_learns_the_dialect_and_version_from_the_server(ServerDialect dialect)
    {
        await using var server = await TestServers.StartAsync(dialect, o => o.NodeVersion = dialect == ServerDialect.Trino ? "480" : "0.300");
        await using var connection = new PrestoConnection($"Server={server.BaseAddress};User=test");

        await connection.OpenAsync();

        Assert.Equal(dialect == ServerDialect.Trino ? PrestoDialect.Trino : PrestoDialect.Presto, connection.Dialect);
        Assert.Equal(dialect == ServerDialect.Trino ? "480" : "0.300", connection.ServerVersion);
        await using var command = new PrestoCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync();
        Assert.NotNull(server.Submissions.Single().Header(dialect == ServerDialect.Trino ? "X-Trino-User" : "X-Presto-User"));
    }
}
