using System;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Presto.EntityFrameworkCore.Metadata;
using Presto.EntityFrameworkCore.Storage;

namespace Presto.EntityFrameworkCore.Migrations;

/// <summary>
/// The DDL of <c>EnsureCreated</c>/<c>EnsureDeleted</c>: <c>CREATE TABLE catalog.schema.t (c type [NOT NULL], …)</c>
/// and <c>DROP TABLE</c>. Presto has no primary keys, foreign keys or indexes: those are kept in the EF model only.
/// Every other operation (migrations) raises <see cref="NotSupportedException"/>.
/// </summary>
internal sealed class PrestoMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies)
    : MigrationsSqlGenerator(dependencies)
{
    private PrestoSqlGenerationHelper Helper => (PrestoSqlGenerationHelper)Dependencies.SqlGenerationHelper;

    protected override void Generate(MigrationOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        switch (operation)
        {
            case CreateTableOperation create:
                Generate(create, model, builder, terminate: true);
                break;
            case DropTableOperation drop:
                builder.Append("DROP TABLE ").Append(TableName(drop.Name, drop.Schema, drop[PrestoAnnotationNames.Catalog] as string)).EndCommand(suppressTransaction: true);
                break;
            case CreateIndexOperation:
            case AddForeignKeyOperation:
            case AddPrimaryKeyOperation:
            case AddUniqueConstraintOperation:
            case EnsureSchemaOperation:
                // Not enforced by Presto; the model keeps them for EF's own use.
                break;
            default:
                throw new NotSupportedException(
                    $"Presto does not support migrations ({operation.GetType().Name}); only EnsureCreated/EnsureDeleted of tables are supported.");
        }
    }

    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        builder.Append("CREATE TABLE ")
            .Append(TableName(operation.Name, operation.Schema, operation[PrestoAnnotationNames.Catalog] as string))
            .AppendLine(" (");
        using (builder.Indent())
        {
            for (int i = 0; i < operation.Columns.Count; i++)
            {
                var column = operation.Columns[i];
                builder.Append(Helper.DelimitIdentifier(column.Name)).Append(" ")
                    .Append(column.ColumnType ?? GetColumnType(column.Schema, column.Table, column.Name, column, model) ?? throw new InvalidOperationException($"No store type for column '{column.Name}'."));
                if (!column.IsNullable)
                {
                    builder.Append(" NOT NULL");
                }

                builder.AppendLine(i + 1 < operation.Columns.Count ? "," : string.Empty);
            }
        }

        builder.Append(")");
        if (terminate)
        {
            builder.EndCommand(suppressTransaction: true);
        }
    }

    private string TableName(string name, string? schema, string? catalog) => Helper.DelimitIdentifier(name, schema, catalog);
}
