using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Fluent;

/// <summary>Registration in a service collection: options from code and configuration, keyed services, the named HttpClient, the container's logging.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddPrestoClient_sends_through_the_named_HttpClient_and_logs_through_the_container()
    {
        await using var server = await TestServers.StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR" });
        var logs = new CapturingLoggerFactory();
        var counter = new RequestCounter();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(logs);
        services.AddPrestoClient(TestServers.ConnectionString(server, "RetryDelayMs=0"));
        services.AddHttpClient(PrestoServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => new PassThrough(counter));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<PrestoClient>();
        Assert.Same(client, provider.GetRequiredService<PrestoClient>());
        Assert.Equal(3L, await client.Query("SELECT count(*) FROM tpch.tiny.region WHERE regionkey < 3").ScalarAsync<long>());

        Assert.True(counter.Count >= 3, $"{counter.Count} requests through the named client");
        Assert.Contains(logs.Entries, e => e.Category == "Presto.Client" && e.EventId.Id == 1101);
    }

    [Fact]
    public async Task Options_bind_from_configuration()
    {
        await using var a = await TestServers.StartAsync();
        await using var b = await TestServers.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Presto:ConnectionString"] = "Server=http://unused:1;User=test;Dialect=Trino;HealthCheckInterval=0",
            ["Presto:Retry:MaxRetryDuration"] = "00:00:20",
            ["Presto:Routing:Strategy"] = "RoundRobin",
            ["Presto:Routing:Clusters:0:Name"] = "blue",
            ["Presto:Routing:Clusters:0:Uri"] = a.BaseAddress.ToString(),
            ["Presto:Routing:Clusters:0:Groups:0"] = "adhoc",
            ["Presto:Routing:Clusters:1:Name"] = "green",
            ["Presto:Routing:Clusters:1:Uri"] = b.BaseAddress.ToString(),
            ["Presto:Routing:Clusters:1:Weight"] = "10",
        }).Build();
        var services = new ServiceCollection();
        services.AddPrestoClient(configuration.GetSection("Presto"));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<PrestoClient>();

        Assert.Equal(["blue", "green"], client.Router.Clusters.Select(c => c.Name));
        Assert.Equal(PrestoRoutingStrategy.RoundRobin, client.Router.Strategy);
        Assert.Equal(["adhoc"], client.Router["blue"].Groups);
        Assert.Equal(10, client.Router["green"].Weight);
        Assert.Equal(1, await client.Query("SELECT 1").WithRoutingGroup("adhoc").ScalarAsync<int>());
        Assert.Contains(a.Queries, q => q.Sql == "SELECT 1");
    }

    [Fact]
    public async Task Keyed_clients_and_data_sources_reach_their_own_clusters()
    {
        await using var reporting = await TestServers.StartAsync();
        await using var etl = await TestServers.StartAsync();
        var services = new ServiceCollection();
        services.AddKeyedPrestoClient("reporting", TestServers.ConnectionString(reporting));
        services.AddKeyedPrestoClient("etl", TestServers.ConnectionString(etl));
        services.AddPrestoDataSource(TestServers.ConnectionString(etl), builder => builder.ConfigureRetry(o => o.ReadAheadBytes = 1024));
        services.AddKeyedPrestoDataSource("reporting", TestServers.ConnectionString(reporting));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<PrestoClient>("reporting").Query("SELECT 11").ExecuteAsync();
        await provider.GetRequiredKeyedService<PrestoClient>("etl").Query("SELECT 22").ExecuteAsync();
        Assert.NotSame(provider.GetRequiredKeyedService<PrestoClient>("reporting"), provider.GetRequiredKeyedService<PrestoClient>("etl"));

        Assert.Same(provider.GetRequiredService<PrestoDataSource>(), provider.GetRequiredService<DbDataSource>());
        await using (var connection = provider.GetRequiredService<DbConnection>())
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 33";
            Assert.Equal(33, await command.ExecuteScalarAsync());
        }

        await using (var connection = provider.GetRequiredKeyedService<PrestoConnection>("reporting"))
        {
            await connection.OpenAsync();
            await using var command = new PrestoCommand("SELECT 44", connection);
            Assert.Equal(44, await command.ExecuteScalarAsync());
        }

        Assert.Equal(["SELECT 11", "SELECT 44"], reporting.Queries.Select(q => q.Sql));
        Assert.Equal(["SELECT 22", "SELECT 33"], etl.Queries.Select(q => q.Sql));
    }

    [Fact]
    public async Task AddPrestoDataSource_also_registers_a_fluent_client_over_the_same_engine()
    {
        await using var server = await TestServers.StartAsync();
        var services = new ServiceCollection();
        services.AddPrestoDataSource(TestServers.ConnectionString(server), builder => builder.ConfigureRouting(o => o.Clusters.Add(new PrestoClusterOptions("only", server.BaseAddress))));
        services.AddKeyedPrestoDataSource("k", TestServers.ConnectionString(server));
        await using (var provider = services.BuildServiceProvider())
        {
            var client = provider.GetRequiredService<PrestoClient>();
            Assert.Same(provider.GetRequiredService<PrestoDataSource>().Router, client.Router);
            Assert.Equal("only", Assert.Single(client.Router.Clusters).Name);
            Assert.Same(provider.GetRequiredKeyedService<PrestoDataSource>("k").Router, provider.GetRequiredKeyedService<PrestoClient>("k").Router);
            Assert.Equal(7L, await client.Query("SELECT 7").ScalarAsync<long>());
        }

        Assert.Contains(server.Queries, q => q.Sql == "SELECT 7");
    }

    [Fact]
    public async Task An_explicit_AddPrestoClient_wins_over_the_data_source_client_in_either_order()
    {
        await using var dataServer = await TestServers.StartAsync();
        await using var clientServer = await TestServers.StartAsync();
        foreach (var clientFirst in new[] { false, true })
        {
            var services = new ServiceCollection();
            if (clientFirst)
            {
                services.AddPrestoClient(TestServers.ConnectionString(clientServer));
            }

            services.AddPrestoDataSource(TestServers.ConnectionString(dataServer));
            services.AddKeyedPrestoDataSource("k", TestServers.ConnectionString(dataServer));
            if (!clientFirst)
            {
                services.AddPrestoClient(TestServers.ConnectionString(clientServer));
                services.AddKeyedPrestoClient("k", TestServers.ConnectionString(clientServer));
            }

            await using var provider = services.BuildServiceProvider();
            Assert.Single(services, d => d.ServiceType == typeof(PrestoClient) && !d.IsKeyedService);
            Assert.Equal(1L, await provider.GetRequiredService<PrestoClient>().Query($"SELECT 1 /* {clientFirst} */").ScalarAsync<long>());
            Assert.Contains(clientServer.Queries, q => q.Sql == $"SELECT 1 /* {clientFirst} */");
            if (!clientFirst)
            {
                Assert.Equal(2L, await provider.GetRequiredKeyedService<PrestoClient>("k").Query("SELECT 2 /* keyed */").ScalarAsync<long>());
                Assert.Contains(clientServer.Queries, q => q.Sql == "SELECT 2 /* keyed */");
            }
        }

        Assert.DoesNotContain(dataServer.Queries, q => q.Sql.StartsWith("SELECT", StringComparison.Ordinal));
    }

    private sealed class RequestCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Increment() => Interlocked.Increment(ref _count);
    }

    /// <summary>Counts the requests of the named client (the factory builds the handler chain, so this is the only hook).</summary>
    private sealed class PassThrough(RequestCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Increment();
            return base.SendAsync(request, cancellationToken);
        }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Increment();
            return base.Send(request, cancellationToken);
        }
    }
}
