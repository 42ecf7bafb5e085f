using System;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presto.EntityFrameworkCore.Metadata;

namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Presto three-part names: <c>catalog.schema.table</c>. The schema comes from <c>ToTable(name, schema)</c> or
/// <c>HasDefaultSchema</c>, the catalog from these annotations; a name without catalog (or schema) is resolved in the
/// session catalog (and schema) of the connection string.
/// </summary>
public static class PrestoModelBuilderExtensions
{
    /// <summary>Sets the catalog of every table whose entity type names none.</summary>
    /// <param name="modelBuilder">The model builder.</param>
    /// <param name="catalog">The catalog, for example <c>tpch</c>; null to use the session catalog.</param>
    /// <returns>The same builder so that further configuration can be chained.</returns>
    public static ModelBuilder HasDefaultCatalog(this ModelBuilder modelBuilder, string? catalog)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Model.SetAnnotation(PrestoAnnotationNames.Catalog, catalog);
        return modelBuilder;
    }

    /// <summary>Sets the catalog of the table the entity type maps to.</summary>
    /// <param name="entityTypeBuilder">The entity type builder.</param>
    /// <param name="catalog">The catalog, for example <c>memory</c>; null to fall back to the model's default catalog.</param>
    /// <returns>The same builder so that further configuration can be chained.</returns>
    public static EntityTypeBuilder HasCatalog(this EntityTypeBuilder entityTypeBuilder, string? catalog)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetAnnotation(PrestoAnnotationNames.Catalog, catalog);
        return entityTypeBuilder;
    }

    /// <summary>Sets the catalog of the table the entity type maps to.</summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="entityTypeBuilder">The entity type builder.</param>
    /// <param name="catalog">The catalog, for example <c>memory</c>; null to fall back to the model's default catalog.</param>
    /// <returns>The same builder so that further configuration can be chained.</returns>
    public static EntityTypeBuilder<TEntity> HasCatalog<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, string? catalog)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasCatalog((EntityTypeBuilder)entityTypeBuilder, catalog);

    /// <summary>The catalog of the table <paramref name="entityType"/> maps to (its own, else the model's default), or null.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The catalog name, or null for the session catalog.</returns>
    public static string? GetCatalog(this IReadOnlyEntityType entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return (string?)entityType[PrestoAnnotationNames.Catalog] ?? (string?)entityType.Model[PrestoAnnotationNames.Catalog];
    }
}
