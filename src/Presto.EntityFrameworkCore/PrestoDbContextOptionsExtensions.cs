using System;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Presto;
using Presto.EntityFrameworkCore.Infrastructure;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Presto/Trino-specific extension methods for <see cref="DbContextOptionsBuilder"/>.</summary>
public static class PrestoDbContextOptionsExtensions
{
    /// <summary>Configures the context to connect to a Presto or Trino coordinator with a connection string.</summary>
    /// <param name="optionsBuilder">The builder being used to configure the context.</param>
    /// <param name="connectionString">A Presto.Client connection string (<c>Server=…;User=…;Catalog=…;Schema=…</c>).</param>
    /// <param name="prestoOptionsAction">An optional action to configure Presto-specific options.</param>
    /// <returns>The options builder so that further configuration can be chained.</returns>
    public static DbContextOptionsBuilder UsePresto(
        this DbContextOptionsBuilder optionsBuilder,
        string connectionString,
        Action<PrestoDbContextOptionsBuilder>? prestoOptionsAction = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var extension = (PrestoOptionsExtension)GetOrCreateExtension(optionsBuilder).WithConnectionString(connectionString);
        return Apply(optionsBuilder, extension, prestoOptionsAction);
    }

    /// <summary>Configures the context to use an existing <see cref="DbConnection"/> (normally a <see cref="PrestoConnection"/>).</summary>
    /// <param name="optionsBuilder">The builder being used to configure the context.</param>
    /// <param name="connection">The connection; the caller keeps ownership unless <paramref name="contextOwnsConnection"/> is true.</param>
    /// <param name="contextOwnsConnection">True to dispose the connection with the context.</param>
    /// <param name="prestoOptionsAction">An optional action to configure Presto-specific options.</param>
    /// <returns>The options builder so that further configuration can be chained.</returns>
    public static DbContextOptionsBuilder UsePresto(
        this DbContextOptionsBuilder optionsBuilder,
        DbConnection connection,
        bool contextOwnsConnection = false,
        Action<PrestoDbContextOptionsBuilder>? prestoOptionsAction = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(connection);
        var extension = (PrestoOptionsExtension)GetOrCreateExtension(optionsBuilder).WithConnection(connection, contextOwnsConnection);
        return Apply(optionsBuilder, extension, prestoOptionsAction);
    }

    /// <summary>
    /// Configures the context to open its connections from a <see cref="PrestoDataSource"/>, sharing the data source's
    /// HTTP handler, retry policy and router.
    /// </summary>
    /// <param name="optionsBuilder">The builder being used to configure the context.</param>
    /// <param name="dataSource">The data source; the caller keeps ownership.</param>
    /// <param name="prestoOptionsAction">An optional action to configure Presto-specific options.</param>
    /// <returns>The options builder so that further configuration can be chained.</returns>
    public static DbContextOptionsBuilder UsePresto(
        this DbContextOptionsBuilder optionsBuilder,
        PrestoDataSource dataSource,
        Action<PrestoDbContextOptionsBuilder>? prestoOptionsAction = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(dataSource);
        var extension = GetOrCreateExtension(optionsBuilder).WithDataSource(dataSource);
        return Apply(optionsBuilder, extension, prestoOptionsAction);
    }

    /// <summary>Configures the context to connect to a Presto or Trino coordinator with a connection string.</summary>
    /// <typeparam name="TContext">The type of context being configured.</typeparam>
    /// <param name="optionsBuilder">The builder being used to configure the context.</param>
    /// <param name="connectionString">A Presto.Client connection string.</param>
    /// <param name="prestoOptionsAction">An optional action to configure Presto-specific options.</param>
    /// <returns>The options builder so that further configuration can be chained.</returns>
    public static DbContextOptionsBuilder<TContext> UsePresto<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder,
        string connectionString,
        Action<PrestoDbContextOptionsBuilder>? prestoOptionsAction = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UsePresto((DbContextOptionsBuilder)optionsBuilder, connectionString, prestoOptionsAction);

    /// <summary>Configures the context to use an existing <see cref="DbConnection"/>.</summary>
    /// <typeparam name="TContext">The type of context being configured.</typeparam>
    /// <param name="optionsBuilder">The builder being used to configure the context.</param>
    /// <param name="connection">The connection.</param>
    /// <param name="contextOwnsConnection">True to dispose the connection with the context.</param>
    /// <param name="prestoOptionsAction">An optional action to configure Presto-specific options.</param>
    /// <returns>The options builder so that further configuration can be chained.</returns>
    public static DbContextOptionsBuilder<TContext> UsePresto<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder,
        DbConnection connection,
        bool contextOwnsConnection = false,
        Action<PrestoDbContextOptionsBuilder>? prestoOptionsAction = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UsePresto((DbContextOptionsBuilder)optionsBuilder, connection, contextOwnsConnection, prestoOptionsAction);

    /// <summary>Configures the context to open its connections from a <see cref="PrestoDataSource"/>.</summary>
    /// <typeparam name="TContext">The type of context being configured.</typeparam>
    /// <param name="optionsBuilder">The builder being used to configure the context.</param>
    /// <param name="dataSource">The data source; the caller keeps ownership.</param>
    /// <param name="prestoOptionsAction">An optional action to configure Presto-specific options.</param>
    /// <returns>The options builder so that further configuration can be chained.</returns>
    public static DbContextOptionsBuilder<TContext> UsePresto<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder,
        PrestoDataSource dataSource,
        Action<PrestoDbContextOptionsBuilder>? prestoOptionsAction = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UsePresto((DbContextOptionsBuilder)optionsBuilder, dataSource, prestoOptionsAction);

    private static PrestoOptionsExtension GetOrCreateExtension(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.Options.FindExtension<PrestoOptionsExtension>() ?? new PrestoOptionsExtension();

    private static DbContextOptionsBuilder Apply(
        DbContextOptionsBuilder optionsBuilder,
        PrestoOptionsExtension extension,
        Action<PrestoDbContextOptionsBuilder>? prestoOptionsAction)
    {
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(extension);
        ConfigureWarnings(optionsBuilder);
        prestoOptionsAction?.Invoke(new PrestoDbContextOptionsBuilder(optionsBuilder));
        return optionsBuilder;
    }

    private static void ConfigureWarnings(DbContextOptionsBuilder optionsBuilder)
    {
        var coreOptions = optionsBuilder.Options.FindExtension<CoreOptionsExtension>() ?? new CoreOptionsExtension();
        coreOptions = coreOptions.WithWarningsConfiguration(
            coreOptions.WarningsConfiguration.TryWithExplicit(RelationalEventId.AmbientTransactionWarning, WarningBehavior.Throw));
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(coreOptions);
    }
}
