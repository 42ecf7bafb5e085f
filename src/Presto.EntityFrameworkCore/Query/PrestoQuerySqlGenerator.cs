using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;
using Presto.EntityFrameworkCore.Metadata;
using Presto.EntityFrameworkCore.Storage;

namespace Presto.EntityFrameworkCore.Query;

/// <summary>
/// Writes query trees in Presto's dialect: <c>catalog.schema.table</c> names, <c>OFFSET n LIMIT m</c> (offset first),
/// <c>||</c> for string concatenation, <c>UPDATE</c>/<c>DELETE</c> without a table alias (Presto has none there) whose
/// filter through a join becomes <c>key IN (subquery)</c>, and arrays unnested as <c>UNNEST(…) WITH ORDINALITY</c>.
/// </summary>
internal sealed class PrestoQuerySqlGenerator : QuerySqlGenerator
{
    private readonly PrestoSqlGenerationHelper _helper;

    /// <summary>The alias of the UPDATE/DELETE target while its clauses are written: its columns go unqualified.</summary>
    private string? _targetAlias;

    public PrestoQuerySqlGenerator(QuerySqlGeneratorDependencies dependencies)
        : base(dependencies)
    {
        _helper = (PrestoSqlGenerationHelper)dependencies.SqlGenerationHelper;
    }

    protected override void GenerateLimitOffset(SelectExpression selectExpression)
    {
        if (selectExpression.Offset is not null)
        {
            Sql.AppendLine().Append("OFFSET ");
            Visit(selectExpression.Offset);
        }

        if (selectExpression.Limit is not null)
        {
            Sql.AppendLine().Append("LIMIT ");
            Visit(selectExpression.Limit);
        }
    }

    protected override string GetOperator(SqlBinaryExpression binaryExpression) =>
        binaryExpression.OperatorType == ExpressionType.Add && binaryExpression.Type == typeof(string)
            ? " || "
            : base.GetOperator(binaryExpression);

    protected override Expression VisitTable(TableExpression tableExpression)
    {
        AppendTableName(tableExpression);
        Sql.Append(AliasSeparator).Append(_helper.DelimitIdentifier(tableExpression.Alias));
        return tableExpression;
    }

    protected override Expression VisitTableValuedFunction(TableValuedFunctionExpression tableValuedFunctionExpression)
    {
        if (tableValuedFunctionExpression is not { Name: PrestoQueryableMethodTranslatingExpressionVisitor.UnnestFunction, Schema: null, Arguments: [var array] })
        {
            return base.VisitTableValuedFunction(tableValuedFunctionExpression);
        }

        Sql.Append("UNNEST(");
        Visit(array);
        Sql.Append(") WITH ORDINALITY")
            .Append(AliasSeparator)
            .Append(_helper.DelimitIdentifier(tableValuedFunctionExpression.Alias))
            .Append("(")
            .Append(_helper.DelimitIdentifier(PrestoQueryableMethodTranslatingExpressionVisitor.ValueColumn))
            .Append(", ")
            .Append(_helper.DelimitIdentifier(PrestoQueryableMethodTranslatingExpressionVisitor.OrdinalityColumn))
            .Append(")");
        return tableValuedFunctionExpression;
    }

    protected override Expression VisitColumn(ColumnExpression columnExpression)
    {
        if (_targetAlias is not null && string.Equals(columnExpression.TableAlias, _targetAlias, StringComparison.Ordinal))
        {
            Sql.Append(_helper.DelimitIdentifier(columnExpression.Name));
            return columnExpression;
        }

        return base.VisitColumn(columnExpression);
    }

    protected override Expression VisitSelect(SelectExpression selectExpression)
    {
        // A subquery of UPDATE/DELETE has its own scope: there the target's alias does not exist at all.
        string? target = _targetAlias;
        _targetAlias = null;
        try
        {
            return base.VisitSelect(selectExpression);
        }
        finally
        {
            _targetAlias = target;
        }
    }

    protected override Expression VisitDelete(DeleteExpression deleteExpression)
    {
        Sql.Append("DELETE FROM ");
        AppendTableName(deleteExpression.Table);
        AppendFilter(deleteExpression.SelectExpression, deleteExpression.Table, nameof(EntityFrameworkQueryableExtensions.ExecuteDelete));
        return deleteExpression;
    }

    protected override Expression VisitUpdate(UpdateExpression updateExpression)
    {
        var select = updateExpression.SelectExpression;
        var table = updateExpression.Table;
        string operation = nameof(EntityFrameworkQueryableExtensions.ExecuteUpdate);
        if (select.Tables.Count > 1)
        {
            EnsureSettersReadOnlyTheTarget(updateExpression, operation);
        }

        Sql.Append("UPDATE ");
        AppendTableName(table);
        Sql.AppendLine().Append("SET ");
        _targetAlias = table.Alias;
        try
        {
            for (int i = 0; i < updateExpression.ColumnValueSetters.Count; i++)
            {
                var setter = updateExpression.ColumnValueSetters[i];
                if (i > 0)
                {
                    Sql.Append(", ");
                }

                Sql.Append(_helper.DelimitIdentifier(setter.Column.Name)).Append(" = ");
                Visit(setter.Value);
            }
        }
        finally
        {
            _targetAlias = null;
        }

        AppendFilter(select, table, operation);
        return updateExpression;
    }

    /// <summary>
    /// The WHERE clause of UPDATE/DELETE. A filter on the target table alone is written as it is; one that goes through
    /// a navigation or a join (Presto has no <c>UPDATE … FROM</c> or <c>DELETE … USING</c>) matches the rows by key:
    /// <c>WHERE key IN (SELECT t.key FROM t JOIN … WHERE …)</c>.
    /// </summary>
    private void AppendFilter(SelectExpression select, TableExpression table, string operation)
    {
        if (select.GroupBy.Count > 0 || select.Having is not null || select.IsDistinct || !select.Tables.Any(t => IsTable(t, table)))
        {
            throw new InvalidOperationException(RelationalStrings.ExecuteOperationWithUnsupportedOperatorInSqlGeneration(operation));
        }

        if (select.Tables is [TableExpression only] && only.Alias == table.Alias && select.Offset is null && select.Limit is null && select.Orderings.Count == 0)
        {
            AppendTargetPredicate(select, table.Alias);
            return;
        }

        var key = (table.Table as ITable)?.PrimaryKey?.Columns;
        if (key is not { Count: 1 })
        {
            throw new NotSupportedException(
                $"{operation} on '{table.Name}' with a filter through a navigation or a join needs a single-column primary key: Presto has no UPDATE/DELETE with a join, so the rows are matched by key IN (subquery).");
        }

        string keyColumn = _helper.DelimitIdentifier(key[0].Name);
        Sql.AppendLine().Append("WHERE ").Append(keyColumn).Append(" IN (");
        using (Sql.Indent())
        {
            Sql.AppendLine().Append("SELECT ").Append(_helper.DelimitIdentifier(table.Alias)).Append(".").Append(keyColumn);
            Sql.AppendLine().Append("FROM ");
            for (int i = 0; i < select.Tables.Count; i++)
            {
                if (i > 0)
                {
                    Sql.AppendLine();
                }

                Visit(select.Tables[i]);
            }

            if (select.Predicate is not null)
            {
                Sql.AppendLine().Append("WHERE ");
                Visit(select.Predicate);
            }

            GenerateOrderings(select);
            GenerateLimitOffset(select);
        }

        Sql.AppendLine().Append(")");
    }

    /// <summary>True when a FROM item is the target table (itself or joined), by alias: EF may hand over a copy.</summary>
    private static bool IsTable(TableExpressionBase item, TableExpression target) =>
        string.Equals((item is JoinExpressionBase join ? join.Table : item).Alias, target.Alias, StringComparison.Ordinal);

    /// <summary>A SET value may read the target row only: the other tables exist in the key subquery, not in SET.</summary>
    private static void EnsureSettersReadOnlyTheTarget(UpdateExpression update, string operation)
    {
        var others = new ColumnReferenceFinder(update.SelectExpression.Tables
            .Where(t => !IsTable(t, update.Table)).Select(t => (t is JoinExpressionBase join ? join.Table : t).Alias));
        foreach (var setter in update.ColumnValueSetters)
        {
            others.Visit(setter.Value);
            if (others.Found)
            {
                throw new NotSupportedException(
                    $"{operation} cannot set '{setter.Column.Name}' from another table: Presto has no UPDATE with a join. Set values from the target row, constants or subqueries.");
            }
        }
    }

    /// <summary>Finds a column of one of the given table aliases.</summary>
    private sealed class ColumnReferenceFinder(IEnumerable<string?> aliases) : ExpressionVisitor
    {
        private readonly HashSet<string?> _aliases = [.. aliases];

        public bool Found { get; private set; }

        protected override Expression VisitExtension(Expression node)
        {
            if (node is ColumnExpression column && _aliases.Contains(column.TableAlias))
            {
                Found = true;
                return node;
            }

            return base.VisitExtension(node);
        }
    }

    private void AppendTargetPredicate(SelectExpression select, string alias)
    {
        if (select.Predicate is null)
        {
            return;
        }

        Sql.AppendLine().Append("WHERE ");
        _targetAlias = alias;
        try
        {
            Visit(select.Predicate);
        }
        finally
        {
            _targetAlias = null;
        }
    }

    private void AppendTableName(TableExpression table)
    {
        string? catalog = table.Table is { } mapped ? (string?)mapped[PrestoAnnotationNames.Catalog] : null;
        Sql.Append(_helper.DelimitIdentifier(table.Name, table.Schema, catalog));
    }
}

/// <summary>Creates <see cref="PrestoQuerySqlGenerator"/>s.</summary>
internal sealed class PrestoQuerySqlGeneratorFactory(QuerySqlGeneratorDependencies dependencies) : IQuerySqlGeneratorFactory
{
    public QuerySqlGenerator Create() => new PrestoQuerySqlGenerator(dependencies);
}
