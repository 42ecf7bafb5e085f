using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Presto.EntityFrameworkCore.Metadata;
using Presto.EntityFrameworkCore.Storage;

namespace Presto.EntityFrameworkCore.Migrations;

/// <summary>
/// <c>EnsureCreated</c> creates the model's tables (the catalog and schema must exist: Presto catalogs are server
/// configuration); <c>EnsureDeleted</c> drops the model's tables that exist. Creating or dropping a catalog is not
/// supported.
/// </summary>
internal sealed class PrestoDatabaseCreator(RelationalDatabaseCreatorDependencies dependencies) : RelationalDatabaseCreator(dependencies)
{
    private PrestoSqlGenerationHelper Helper => (PrestoSqlGenerationHelper)Dependencies.SqlGenerationHelper;

    /// <summary>A catalog always exists once configured on the server.</summary>
    public override bool Exists() => true;

    public override void Create() =>
        throw new NotSupportedException("Presto catalogs are configured on the server; EnsureCreated only creates tables in an existing catalog and schema.");

    public override bool HasTables() => ExistingTables().Any();

    /// <summary>
    /// Creates the model's tables that do not exist yet, and returns true when it created any. (EF's default creates
    /// all tables only when none exists; a Presto model often mixes existing read-only catalogs with new tables.)
    /// </summary>
    public override bool EnsureCreated()
    {
        var existing = ExistingTables();
        var model = Dependencies.CurrentContext.Context.GetService<IDesignTimeModel>().Model;
        var operations = new List<MigrationOperation>();
        foreach (var operation in Dependencies.ModelDiffer.GetDifferences(null, model.GetRelationalModel()))
        {
            if (operation is CreateTableOperation create
                && !existing.Any(t => t.Name == create.Name && t.Schema == create.Schema && Equals(t[PrestoAnnotationNames.Catalog], create[PrestoAnnotationNames.Catalog])))
            {
                operations.Add(create);
            }
        }

        if (operations.Count == 0)
        {
            return false;
        }

        Dependencies.MigrationCommandExecutor.ExecuteNonQuery(Dependencies.MigrationsSqlGenerator.Generate(operations, model), Dependencies.Connection);
        return true;
    }

    public override Task<bool> EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(EnsureCreated());
    }

    /// <summary>Drops the model's tables that exist (Presto catalogs themselves cannot be dropped from SQL).</summary>
    public override void Delete()
    {
        var operations = new List<MigrationOperation>();
        foreach (var table in ExistingTables())
        {
            var drop = new DropTableOperation { Name = table.Name, Schema = table.Schema };
            drop.AddAnnotation(PrestoAnnotationNames.Catalog, table[PrestoAnnotationNames.Catalog]);
            operations.Add(drop);
        }

        Dependencies.MigrationCommandExecutor.ExecuteNonQuery(Dependencies.MigrationsSqlGenerator.Generate(operations), Dependencies.Connection);
    }

    /// <summary>True when there were tables of the model to drop.</summary>
    public override bool EnsureDeleted()
    {
        var existing = ExistingTables().Count;
        Delete();
        return existing > 0;
    }

    public override Task<bool> EnsureDeletedAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(EnsureDeleted());
    }

    private List<ITable> ExistingTables()
    {
        var existing = new List<ITable>();
        foreach (var table in Dependencies.CurrentContext.Context.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables)
        {
            if (TableExists(table))
            {
                existing.Add(table);
            }
        }

        return existing;
    }

    private bool TableExists(ITable table)
    {
        string? catalog = (string?)table[PrestoAnnotationNames.Catalog];
        string informationSchema = (catalog is null ? string.Empty : Helper.DelimitIdentifier(catalog) + ".") + "information_schema.tables";
        string schemaCondition = table.Schema is null ? "table_schema = current_schema" : "table_schema = " + Literal(table.Schema);
        string sql = $"SELECT count(*) FROM {informationSchema} WHERE {schemaCondition} AND table_name = {Literal(table.Name)}";
        var command = Dependencies.CurrentContext.Context.GetService<IRawSqlCommandBuilder>().Build(sql);
        var count = command.ExecuteScalar(new RelationalCommandParameterObject(
            Dependencies.Connection, null, null, Dependencies.CurrentContext.Context, Dependencies.CommandLogger, CommandSource.Migrations));
        return Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
