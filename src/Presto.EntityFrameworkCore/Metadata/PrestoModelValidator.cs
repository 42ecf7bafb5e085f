using System;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Presto.EntityFrameworkCore.Metadata;

/// <summary>
/// Rejects what Presto cannot honour: concurrency tokens and row versions (no conditional writes), and a catalog
/// without a schema (a three-part name needs both).
/// </summary>
internal sealed class PrestoModelValidator(ModelValidatorDependencies dependencies, RelationalModelValidatorDependencies relationalDependencies)
    : RelationalModelValidator(dependencies, relationalDependencies)
{
    public override void Validate(IModel model, IDiagnosticsLogger<DbLoggerCategory.Model.Validation> logger)
    {
        base.Validate(model, logger);
        foreach (var entityType in model.GetEntityTypes())
        {
            if (entityType.GetCatalog() is { } catalog && entityType.GetTableName() is { } table && entityType.GetSchema() is null)
            {
                throw new InvalidOperationException(
                    $"The table '{table}' of entity type '{entityType.DisplayName()}' has catalog '{catalog}' but no schema: "
                    + "a Presto three-part name needs both (ToTable(name, schema) or HasDefaultSchema).");
            }

            foreach (var property in entityType.GetDeclaredProperties())
            {
                if (property.IsConcurrencyToken)
                {
                    throw new NotSupportedException(
                        $"Presto does not support optimistic concurrency tokens: property '{entityType.DisplayName()}.{property.Name}' is a concurrency token or row version.");
                }
            }
        }
    }
}
