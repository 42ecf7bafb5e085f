using System;
using System.Data.Common;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Presto;
using Presto.Protocol;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Presto.Client in a service collection: a <see cref="PrestoClient"/> (and, on .NET 8+, a
/// <c>PrestoDataSource</c> with its connections) as singletons, keyed or not, whose HTTP traffic goes through a
/// named <see cref="System.Net.Http.HttpClient"/> from <c>IHttpClientFactory</c> (name <c>Presto.Client</c>, or
/// <c>Presto.Client:{key}</c>) unless options supply one. Logging uses the container's <see cref="ILoggerFactory"/>.
/// </summary>
public static class PrestoServiceCollectionExtensions
{
    /// <summary>The name of the <c>IHttpClientFactory</c> client of an unkeyed registration.</summary>
    public const string HttpClientName = "Presto.Client";

    /// <summary>Registers a <see cref="PrestoClient"/> for <paramref name="connectionString"/>.</summary>
    public static IServiceCollection AddPrestoClient(this IServiceCollection services, string connectionString, Action<PrestoClientOptions>? configure = null) =>
        AddPrestoClient(services, null, (_, options) =>
        {
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });

    /// <summary>Registers a <see cref="PrestoClient"/> configured from a configuration section (see <see cref="PrestoClientOptions.Bind"/>).</summary>
    public static IServiceCollection AddPrestoClient(this IServiceCollection services, IConfiguration configuration) =>
        AddPrestoClient(services, null, (_, options) => options.Bind(configuration));

    /// <summary>Registers a <see cref="PrestoClient"/> configured with access to the container.</summary>
    public static IServiceCollection AddPrestoClient(this IServiceCollection services, Action<IServiceProvider, PrestoClientOptions> configure) =>
        AddPrestoClient(services, null, configure);

    /// <summary>Registers a keyed <see cref="PrestoClient"/> (one per cluster set, e.g. <c>"reporting"</c> and <c>"etl"</c>).</summary>
    public static IServiceCollection AddKeyedPrestoClient(this IServiceCollection services, object serviceKey, string connectionString, Action<PrestoClientOptions>? configure = null) =>
        AddPrestoClient(services, serviceKey ?? throw new ArgumentNullException(nameof(serviceKey)), (_, options) =>
        {
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });

    /// <summary>Registers a keyed <see cref="PrestoClient"/> configured from a configuration section.</summary>
    public static IServiceCollection AddKeyedPrestoClient(this IServiceCollection services, object serviceKey, IConfiguration configuration) =>
        AddPrestoClient(services, serviceKey ?? throw new ArgumentNullException(nameof(serviceKey)), (_, options) => options.Bind(configuration));

#if NET7_0_OR_GREATER
    /// <summary>
    /// Registers a <see cref="PrestoDataSource"/> (also as <see cref="DbDataSource"/>) and transient
    /// <see cref="PrestoConnection"/>s (also as <see cref="DbConnection"/>) created from it, for Dapper, EF and tools; and, unless
    /// a <see cref="PrestoClient"/> is already registered, a fluent client over the same engine (so authentication configured
    /// on the builder — OAuth2, external authentication, certificates, Kerberos — serves both faces).
    /// </summary>
    public static IServiceCollection AddPrestoDataSource(this IServiceCollection services, string connectionString, Action<PrestoDataSourceBuilder>? configure = null) =>
        AddPrestoDataSource(services, null, connectionString, configure);

    /// <summary>Registers a keyed <see cref="PrestoDataSource"/>, keyed connections and (unless one is registered under the key) a keyed <see cref="PrestoClient"/> over it.</summary>
    public static IServiceCollection AddKeyedPrestoDataSource(this IServiceCollection services, object serviceKey, string connectionString, Action<PrestoDataSourceBuilder>? configure = null) =>
        AddPrestoDataSource(services, serviceKey ?? throw new ArgumentNullException(nameof(serviceKey)), connectionString, configure);

    private static IServiceCollection AddPrestoDataSource(IServiceCollection services, object? key, string connectionString, Action<PrestoDataSourceBuilder>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var httpName = AddHttpClient(services, key);
        PrestoDataSource Create(IServiceProvider provider)
        {
            var builder = new PrestoDataSourceBuilder(connectionString);
            builder.UseLoggerFactory(provider.GetService<ILoggerFactory>());
            builder.UseHttpClient(provider.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient(httpName));
            configure?.Invoke(builder);
            return builder.Build();
        }

        if (key is null)
        {
            services.TryAddSingleton(Create);
            services.TryAddSingleton<DbDataSource>(p => p.GetRequiredService<PrestoDataSource>());
            services.TryAddTransient(p => p.GetRequiredService<PrestoDataSource>().CreateConnection());
            services.TryAddTransient<DbConnection>(p => p.GetRequiredService<PrestoConnection>());
            services.TryAddSingleton(ClientOverDataSource);
        }
        else
        {
            services.TryAddKeyedSingleton(key, (p, _) => Create(p));
            services.TryAddKeyedSingleton<DbDataSource>(key, (p, k) => p.GetRequiredKeyedService<PrestoDataSource>(k));
            services.TryAddKeyedTransient(key, (p, k) => p.GetRequiredKeyedService<PrestoDataSource>(k).CreateConnection());
            services.TryAddKeyedTransient<DbConnection>(key, (p, k) => p.GetRequiredKeyedService<PrestoConnection>(k));
            services.TryAddKeyedSingleton(key, KeyedClientOverDataSource);
        }

        return services;
    }

    private static PrestoClient ClientOverDataSource(IServiceProvider provider) => new(provider.GetRequiredService<PrestoDataSource>());

    private static PrestoClient KeyedClientOverDataSource(IServiceProvider provider, object? key) => new(provider.GetRequiredKeyedService<PrestoDataSource>(key));
#endif

    /// <summary>
    /// Drops the client <c>AddPrestoDataSource</c> registered over its data source (same key), so that an explicit
    /// <c>AddPrestoClient</c> wins whatever the order of the calls; a client registered by <c>AddPrestoClient</c> stays.
    /// </summary>
    private static void RemoveClientOverDataSource(IServiceCollection services, object? key)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(PrestoClient) || descriptor.IsKeyedService != (key is not null) || !Equals(descriptor.ServiceKey, key))
            {
                continue;
            }

            var factory = key is null ? descriptor.ImplementationFactory?.Method : descriptor.KeyedImplementationFactory?.Method;
            if (factory?.DeclaringType == typeof(PrestoServiceCollectionExtensions) && factory.Name is "ClientOverDataSource" or "KeyedClientOverDataSource")
            {
                services.RemoveAt(i);
            }
        }
    }

    private static IServiceCollection AddPrestoClient(IServiceCollection services, object? key, Action<IServiceProvider, PrestoClientOptions> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        var httpName = AddHttpClient(services, key);
        RemoveClientOverDataSource(services, key);
        PrestoClient Create(IServiceProvider provider)
        {
            var options = new PrestoClientOptions { LoggerFactory = provider.GetService<ILoggerFactory>() };
            configure(provider, options);
            options.HttpClient ??= provider.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient(httpName);
            return new PrestoClient(options);
        }

        if (key is null)
        {
            services.TryAddSingleton(Create);
        }
        else
        {
            services.TryAddKeyedSingleton(key, (p, _) => Create(p));
        }

        return services;
    }

    /// <summary>
    /// The named client: its primary handler is the one the protocol needs (no automatic redirects, decompression, DNS
    /// refresh) and it has no overall timeout (requests and commands have their own).
    /// </summary>
    private static string AddHttpClient(IServiceCollection services, object? key)
    {
        var name = key is null ? HttpClientName : HttpClientName + ":" + key;
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(HttpClientCache.CreateHandler);
        return name;
    }
}
