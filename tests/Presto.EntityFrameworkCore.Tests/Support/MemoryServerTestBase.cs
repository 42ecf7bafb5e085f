using Presto.Testing;

namespace Presto.EntityFrameworkCore.Tests.Support;

/// <summary>Base of the write tests: a fresh embedded Trino server per test (requests recorded), its memory catalog empty.</summary>
public abstract class MemoryServerTestBase : IAsyncLifetime
{
    protected PrestoTestServer Server { get; private set; } = null!;

    protected string ConnectionString => $"Server={Server.BaseAddress};User=test;Dialect={Server.Dialect}";

    public virtual async Task InitializeAsync() =>
        Server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { Dialect = ServerDialect.Trino, RecordRequests = true });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Options for a context of type <typeparamref name="TContext"/> on this server.</summary>
    protected DbContextOptions<TContext> Options<TContext>()
        where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>().UsePresto(ConnectionString).Options;

    /// <summary>The rows of <paramref name="sql"/> through ADO.NET, formatted by <see cref="TpchFixture.Format"/>.</summary>
    protected async Task<List<string>> RowsAsync(string sql) =>
        (await TpchFixture.QueryAsync(ConnectionString, sql)).Select(TpchFixture.Format).ToList();

    /// <summary>The one submitted statement that starts with <paramref name="start"/>, with \n line ends.</summary>
    protected string Submitted(string start) =>
        Server.Submissions.Select(r => r.Body.ReplaceLineEndings("\n")).Single(b => b.StartsWith(start, StringComparison.Ordinal));
}
