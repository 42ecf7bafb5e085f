using System;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;
using Presto.EntityFrameworkCore.Infrastructure;
using Presto.EntityFrameworkCore.Metadata;
using Presto.EntityFrameworkCore.Migrations;
using Presto.EntityFrameworkCore.Query;
using Presto.EntityFrameworkCore.Storage;
using Presto.EntityFrameworkCore.Update;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Presto provider's services.</summary>
public static class PrestoServiceCollectionExtensions
{
    /// <summary>
    /// Adds the services the Presto provider needs to an application's service collection. Only needed when building the
    /// internal service provider yourself; <c>UsePresto</c> calls it.
    /// </summary>
    /// <param name="serviceCollection">The service collection.</param>
    /// <returns>The same collection so that further calls can be chained.</returns>
    public static IServiceCollection AddEntityFrameworkPresto(this IServiceCollection serviceCollection)
    {
        ArgumentNullException.ThrowIfNull(serviceCollection);
        new EntityFrameworkRelationalServicesBuilder(serviceCollection)
            .TryAdd<LoggingDefinitions, PrestoLoggingDefinitions>()
            .TryAdd<IDatabaseProvider, DatabaseProvider<PrestoOptionsExtension>>()
            .TryAdd<IRelationalTypeMappingSource, PrestoTypeMappingSource>()
            .TryAdd<ISqlGenerationHelper, PrestoSqlGenerationHelper>()
            .TryAdd<IRelationalAnnotationProvider, PrestoAnnotationProvider>()
            .TryAdd<IProviderConventionSetBuilder, PrestoConventionSetBuilder>()
            .TryAdd<IModelValidator, PrestoModelValidator>()
            .TryAdd<IUpdateSqlGenerator, PrestoUpdateSqlGenerator>()
            .TryAdd<IModificationCommandBatchFactory, PrestoModificationCommandBatchFactory>()
            .TryAdd<IRelationalConnection>(p => p.GetRequiredService<PrestoRelationalConnection>())
            .TryAdd<IExecutionStrategyFactory, PrestoExecutionStrategyFactory>()
            .TryAdd<IMigrationsSqlGenerator, PrestoMigrationsSqlGenerator>()
            .TryAdd<IRelationalDatabaseCreator, PrestoDatabaseCreator>()
            .TryAdd<IHistoryRepository, PrestoHistoryRepository>()
            .TryAdd<IQuerySqlGeneratorFactory, PrestoQuerySqlGeneratorFactory>()
            .TryAdd<IRelationalParameterBasedSqlProcessorFactory, PrestoParameterBasedSqlProcessorFactory>()
            .TryAdd<IMethodCallTranslatorProvider, PrestoMethodCallTranslatorProvider>()
            .TryAdd<IAggregateMethodCallTranslatorProvider, PrestoAggregateMethodCallTranslatorProvider>()
            .TryAdd<IMemberTranslatorProvider, PrestoMemberTranslatorProvider>()
            .TryAdd<IQueryableMethodTranslatingExpressionVisitorFactory, PrestoQueryableMethodTranslatingExpressionVisitorFactory>()
            .TryAdd<IQueryCompilationContextFactory, PrestoQueryCompilationContextFactory>()
            .TryAddProviderSpecificServices(b => b.TryAddScoped<PrestoRelationalConnection, PrestoRelationalConnection>())
            .TryAddCoreServices();
        return serviceCollection;
    }
}
