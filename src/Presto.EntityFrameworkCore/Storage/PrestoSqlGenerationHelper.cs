using System.Text;
using Microsoft.EntityFrameworkCore.Storage;

namespace Presto.EntityFrameworkCore.Storage;

/// <summary>
/// Presto SQL text conventions: double-quoted identifiers (<c>"</c> doubled inside), <c>catalog.schema.table</c>
/// names, and no statement terminator (the protocol takes exactly one statement per request).
/// </summary>
internal sealed class PrestoSqlGenerationHelper(RelationalSqlGenerationHelperDependencies dependencies)
    : RelationalSqlGenerationHelper(dependencies)
{
    public override string StatementTerminator => string.Empty;

    public override string BatchTerminator => string.Empty;

    /// <summary>The delimited <c>catalog.schema.name</c> (the parts that are given).</summary>
    public string DelimitIdentifier(string name, string? schema, string? catalog)
    {
        var builder = new StringBuilder();
        DelimitIdentifier(builder, name, schema, catalog);
        return builder.ToString();
    }

    /// <summary>Appends the delimited <c>catalog.schema.name</c> (the parts that are given).</summary>
    public void DelimitIdentifier(StringBuilder builder, string name, string? schema, string? catalog)
    {
        // The model validator requires a schema wherever a catalog is set.
        if (!string.IsNullOrEmpty(catalog) && !string.IsNullOrEmpty(schema))
        {
            DelimitIdentifier(builder, catalog);
            builder.Append('.');
        }

        DelimitIdentifier(builder, name, schema);
    }
}
