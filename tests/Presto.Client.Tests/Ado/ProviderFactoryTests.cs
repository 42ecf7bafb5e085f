using System.ComponentModel;
using System.Data;
using System.Data.Common;
using System.Reflection;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

[Collection(nameof(HandlerCountingCollection))]
public sealed class ProviderFactoryTests
{
    [Fact]
    public void The_factory_creates_every_object()
    {
        var factory = PrestoProviderFactory.Instance;

        Assert.IsType<PrestoConnection>(factory.CreateConnection());
        Assert.IsType<PrestoCommand>(factory.CreateCommand());
        Assert.IsType<PrestoParameter>(factory.CreateParameter());
        Assert.IsType<PrestoConnectionStringBuilder>(factory.CreateConnectionStringBuilder());
        Assert.False(factory.CanCreateDataSourceEnumerator);
        Assert.True(factory.CanCreateBatch);
        Assert.IsType<PrestoBatch>(factory.CreateBatch());
        Assert.IsType<PrestoBatchCommand>(factory.CreateBatchCommand());
        Assert.False(factory.CanCreateCommandBuilder);
        Assert.False(factory.CanCreateDataAdapter);
        using var dataSource = factory.CreateDataSource("Server=http://localhost:1;User=x");
        Assert.IsType<PrestoDataSource>(dataSource);
    }

    [Fact]
    public async Task DbProviderFactories_finds_it_and_provider_agnostic_code_runs()
    {
        DbProviderFactories.RegisterFactory(PrestoProviderFactory.InvariantName, PrestoProviderFactory.Instance);
        await using var server = await TestServers.StartAsync();
        var factory = DbProviderFactories.GetFactory("Presto.Client");
        Assert.Same(PrestoProviderFactory.Instance, factory);

        var builder = factory.CreateConnectionStringBuilder()!;
        builder.ConnectionString = TestServers.ConnectionString(server);
        builder["Catalog"] = "tpch";
        builder["Schema"] = "tiny";
        await using var connection = factory.CreateConnection()!;
        connection.ConnectionString = builder.ConnectionString;
        await connection.OpenAsync();
        await using var command = factory.CreateCommand()!;
        command.Connection = connection;
        command.CommandText = "SELECT name FROM nation WHERE nationkey = @key";
        var parameter = factory.CreateParameter()!;
        parameter.ParameterName = "@key";
        parameter.Value = 7L;
        command.Parameters.Add(parameter);

        Assert.Equal("GERMANY", await command.ExecuteScalarAsync());

        await using var dataSource = factory.CreateDataSource(builder.ConnectionString);
        await using var fromSource = await dataSource.OpenConnectionAsync();
        Assert.Equal(ConnectionState.Open, fromSource.State);
    }

    [Fact]
    public void Every_keyword_has_category_description_and_the_default_the_builder_returns()
    {
        var empty = new PrestoConnectionStringBuilder();
        var properties = typeof(PrestoConnectionStringBuilder)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.GetCustomAttribute<DisplayNameAttribute>() is not null)
            .ToList();

        Assert.Equal(32, properties.Count);
        foreach (var property in properties)
        {
            Assert.False(string.IsNullOrEmpty(property.GetCustomAttribute<CategoryAttribute>()?.Category), property.Name);
            Assert.False(string.IsNullOrEmpty(property.GetCustomAttribute<DescriptionAttribute>()?.Description), property.Name);
            var defaultValue = property.GetCustomAttribute<DefaultValueAttribute>();
            Assert.NotNull(defaultValue);
            Assert.Equal(defaultValue.Value, property.GetValue(empty));
        }

        Assert.Equal("Presto.Client", empty.Source);
        Assert.Equal(string.Empty, empty.ConnectionString);
    }
}
