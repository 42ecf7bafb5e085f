using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;
using Presto.EntityFrameworkCore.Metadata;
using Presto.EntityFrameworkCore.Storage;

namespace Presto.EntityFrameworkCore.Update;

/// <summary>
/// One statement of <c>SaveChanges</c>: consecutive inserts into the same table with the same columns become one
/// multi-row <c>INSERT INTO … (…) VALUES (…), (…)</c> (up to the batch size); each update or delete is its own
/// <c>UPDATE … SET … WHERE key = …</c> / <c>DELETE FROM … WHERE key = …</c>. Values are written as typed Presto
/// literals (a parameter would travel in an HTTP header of limited size). Presto writes are autocommit, so a batch
/// never asks for a transaction; the affected row count is checked like EF's own batches do.
/// </summary>
internal sealed class PrestoModificationCommandBatch(ModificationCommandBatchFactoryDependencies dependencies, int maxRows)
    : ModificationCommandBatch
{
    private readonly List<IReadOnlyModificationCommand> _commands = [];
    private readonly PrestoSqlGenerationHelper _helper = (PrestoSqlGenerationHelper)dependencies.SqlGenerationHelper;
    private IRelationalCommand? _command;
    private bool _moreBatchesExpected;

    public override IReadOnlyList<IReadOnlyModificationCommand> ModificationCommands => _commands;

    public override bool RequiresTransaction => false;

    public override bool AreMoreBatchesExpected => _moreBatchesExpected;

    public override bool TryAddCommand(IReadOnlyModificationCommand modificationCommand)
    {
        if (_command is not null)
        {
            throw new InvalidOperationException("The batch is already complete.");
        }

        Validate(modificationCommand);
        if (_commands.Count > 0 && !CanAppendInsert(modificationCommand))
        {
            return false;
        }

        _commands.Add(modificationCommand);
        return true;
    }

    public override void Complete(bool moreBatchesExpected)
    {
        _moreBatchesExpected = moreBatchesExpected;
        var sql = new StringBuilder();
        var first = _commands[0];
        switch (first.EntityState)
        {
            case EntityState.Added:
                AppendInsert(sql);
                break;
            case EntityState.Modified:
                AppendUpdate(sql, first);
                break;
            case EntityState.Deleted:
                AppendDelete(sql, first);
                break;
            default:
                throw new InvalidOperationException($"Unexpected entity state {first.EntityState} in SaveChanges.");
        }

        _command = dependencies.CommandBuilderFactory.Create().Append(sql.ToString()).Build();
    }

    public override void Execute(IRelationalConnection connection)
    {
        int affected;
        try
        {
            affected = Command.ExecuteNonQuery(Parameters(connection));
        }
        catch (DbException e)
        {
            throw new DbUpdateException(RelationalStrings.UpdateStoreException, e, Entries());
        }

        CheckAffected(affected);
    }

    public override async Task ExecuteAsync(IRelationalConnection connection, CancellationToken cancellationToken = default)
    {
        int affected;
        try
        {
            affected = await Command.ExecuteNonQueryAsync(Parameters(connection), cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new DbUpdateException(RelationalStrings.UpdateStoreException, e, Entries());
        }

        CheckAffected(affected);
    }

    private IRelationalCommand Command => _command ?? throw new InvalidOperationException("Complete the batch before executing it.");

    private RelationalCommandParameterObject Parameters(IRelationalConnection connection) =>
        new(connection, null, null, dependencies.CurrentContext.Context, dependencies.Logger, CommandSource.SaveChanges);

    private static void Validate(IReadOnlyModificationCommand command)
    {
        if (command.StoreStoredProcedure is not null)
        {
            throw new NotSupportedException("Presto does not support stored procedures: insert, update and delete mapping to stored procedures is not supported.");
        }

        foreach (var column in command.ColumnModifications)
        {
            if (column.IsRead)
            {
                throw new NotSupportedException(
                    $"Presto cannot return store-generated values: column '{column.ColumnName}' of table '{command.TableName}' is generated on add or update. "
                    + "Give it a value on the client (ValueGeneratedNever() or a client-side value generator).");
            }

            if (column.IsCondition && !column.IsKey)
            {
                throw new NotSupportedException(
                    $"Presto does not support optimistic concurrency tokens (column '{column.ColumnName}' of table '{command.TableName}').");
            }
        }
    }

    private bool CanAppendInsert(IReadOnlyModificationCommand command)
    {
        var first = _commands[0];
        if (_commands.Count >= maxRows || first.EntityState != EntityState.Added || command.EntityState != EntityState.Added
            || !string.Equals(first.TableName, command.TableName, StringComparison.Ordinal)
            || !string.Equals(first.Schema, command.Schema, StringComparison.Ordinal)
            || !ReferenceEquals(first.Table, command.Table))
        {
            return false;
        }

        var a = first.ColumnModifications;
        var b = command.ColumnModifications;
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (a[i].IsWrite != b[i].IsWrite || !string.Equals(a[i].ColumnName, b[i].ColumnName, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private void AppendTable(StringBuilder sql, IReadOnlyModificationCommand command)
    {
        string? catalog = command.Table is { } table ? (string?)table[PrestoAnnotationNames.Catalog] : null;
        _helper.DelimitIdentifier(sql, command.TableName, command.Schema, catalog);
    }

    private void AppendInsert(StringBuilder sql)
    {
        var first = _commands[0];
        sql.Append("INSERT INTO ");
        AppendTable(sql, first);
        sql.Append(" (");
        bool any = false;
        foreach (var column in first.ColumnModifications)
        {
            if (column.IsWrite)
            {
                sql.Append(any ? ", " : string.Empty);
                _helper.DelimitIdentifier(sql, column.ColumnName);
                any = true;
            }
        }

        if (!any)
        {
            throw new NotSupportedException($"Presto has no default column values: an insert into '{first.TableName}' needs at least one column value.");
        }

        sql.Append(")\nVALUES ");
        for (int row = 0; row < _commands.Count; row++)
        {
            sql.Append(row == 0 ? "(" : ",\n(");
            bool firstValue = true;
            foreach (var column in _commands[row].ColumnModifications)
            {
                if (column.IsWrite)
                {
                    sql.Append(firstValue ? string.Empty : ", ").Append(Literal(column, column.Value));
                    firstValue = false;
                }
            }

            sql.Append(')');
        }
    }

    private void AppendUpdate(StringBuilder sql, IReadOnlyModificationCommand command)
    {
        sql.Append("UPDATE ");
        AppendTable(sql, command);
        sql.Append("\nSET ");
        bool any = false;
        foreach (var column in command.ColumnModifications)
        {
            if (column.IsWrite)
            {
                sql.Append(any ? ", " : string.Empty);
                _helper.DelimitIdentifier(sql, column.ColumnName);
                sql.Append(" = ").Append(Literal(column, column.Value));
                any = true;
            }
        }

        AppendWhere(sql, command);
    }

    private void AppendDelete(StringBuilder sql, IReadOnlyModificationCommand command)
    {
        sql.Append("DELETE FROM ");
        AppendTable(sql, command);
        AppendWhere(sql, command);
    }

    private void AppendWhere(StringBuilder sql, IReadOnlyModificationCommand command)
    {
        sql.Append("\nWHERE ");
        bool any = false;
        foreach (var column in command.ColumnModifications)
        {
            if (!column.IsCondition)
            {
                continue;
            }

            sql.Append(any ? " AND " : string.Empty);
            _helper.DelimitIdentifier(sql, column.ColumnName);
            object? value = column.UseOriginalValue ? column.OriginalValue : column.Value;
            if (value is null)
            {
                sql.Append(" IS NULL");
            }
            else
            {
                sql.Append(" = ").Append(Literal(column, value));
            }

            any = true;
        }
    }

    private static string Literal(IColumnModification column, object? value) =>
        (column.TypeMapping ?? throw new InvalidOperationException($"Column '{column.ColumnName}' has no type mapping.")).GenerateSqlLiteral(value);

    private void CheckAffected(int affected)
    {
        // An insert writes every row; an update or delete (one per statement) must hit exactly its row.
        int expected = _commands.Count;
        if (affected == expected || affected < 0)
        {
            return;
        }

        if (_commands[0].EntityState == EntityState.Added)
        {
            throw new DbUpdateException($"Presto reported {affected} rows inserted into '{_commands[0].TableName}' where {expected} were sent.", Entries());
        }

        throw new DbUpdateConcurrencyException(RelationalStrings.UpdateConcurrencyException(expected, affected), Entries());
    }

    private List<Microsoft.EntityFrameworkCore.Update.IUpdateEntry> Entries()
    {
        var entries = new List<Microsoft.EntityFrameworkCore.Update.IUpdateEntry>();
        foreach (var command in _commands)
        {
            entries.AddRange(command.Entries);
        }

        return entries;
    }
}

/// <summary>Creates <see cref="PrestoModificationCommandBatch"/>es with the configured batch size (default 1000 rows).</summary>
internal sealed class PrestoModificationCommandBatchFactory(
    ModificationCommandBatchFactoryDependencies dependencies,
    Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptions options)
    : IModificationCommandBatchFactory
{
    private const int DefaultMaxRows = 1000;

    private readonly int _maxRows = Microsoft.EntityFrameworkCore.Infrastructure.RelationalOptionsExtension.Extract(options).MaxBatchSize ?? DefaultMaxRows;

    public ModificationCommandBatch Create() => new PrestoModificationCommandBatch(dependencies, _maxRows);
}

/// <summary>EF's update SQL generator with Presto's identifier rules (the provider's batches write their own SQL).</summary>
internal sealed class PrestoUpdateSqlGenerator(UpdateSqlGeneratorDependencies dependencies) : UpdateSqlGenerator(dependencies)
{
}
