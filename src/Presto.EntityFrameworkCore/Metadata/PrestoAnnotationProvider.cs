using System.Collections.Generic;
using System.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Presto.EntityFrameworkCore.Metadata;

/// <summary>Carries the catalog of an entity type (or the model's default) to its table in the relational model.</summary>
internal sealed class PrestoAnnotationProvider(RelationalAnnotationProviderDependencies dependencies)
    : RelationalAnnotationProvider(dependencies)
{
    public override IEnumerable<IAnnotation> For(ITable table, bool designTime)
    {
        foreach (var annotation in base.For(table, designTime))
        {
            yield return annotation;
        }

        if (table.EntityTypeMappings.FirstOrDefault()?.TypeBase is IEntityType entityType && entityType.GetCatalog() is { } catalog)
        {
            yield return new Annotation(PrestoAnnotationNames.Catalog, catalog);
        }
    }
}
