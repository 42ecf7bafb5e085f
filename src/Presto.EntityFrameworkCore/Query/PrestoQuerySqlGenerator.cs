using System;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;
using Presto.EntityFrameworkCore.Metadata;
using Presto.EntityFrameworkCore.Storage;

namespace Presto.EntityFrameworkCore.Query;

/// <summary>
/// Writes query trees in Presto's dialect: <c>catalog.schema.table</c> names, <c>OFFSET n LIMIT m</c> (offset first),
/// <c>||</c> for string concatenation, and <c>UPDATE</c>/<c>DELETE</c> without a table alias (Presto has none there).
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
        var select = deleteExpression.SelectExpression;
        EnsureSingleTableFilter(select, deleteExpression.Table, nameof(EntityFrameworkQueryableExtensions.ExecuteDelete));

        Sql.Append("DELETE FROM ");
        AppendTableName(deleteExpression.Table);
        AppendTargetPredicate(select, deleteExpression.Table.Alias);
        return deleteExpression;
    }

    protected override Expression VisitUpdate(UpdateExpression updateExpression)
    {
        var select = updateExpression.SelectExpression;
        EnsureSingleTableFilter(select, updateExpression.Table, nameof(EntityFrameworkQueryableExtensions.ExecuteUpdate));

        Sql.Append("UPDATE ");
        AppendTableName(updateExpression.Table);
        Sql.AppendLine().Append("SET ");
        _targetAlias = updateExpression.Table.Alias;
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

        AppendTargetPredicate(select, updateExpression.Table.Alias);
        return updateExpression;
    }

    /// <summary>Presto's UPDATE/DELETE filter one table with a WHERE clause; anything else cannot be written.</summary>
    private static void EnsureSingleTableFilter(SelectExpression select, TableExpression table, string operation)
    {
        if (select.Offset is not null || select.Limit is not null || select.Having is not null || select.Orderings.Count > 0
            || select.GroupBy.Count > 0 || select.Tables.Count != 1 || select.Tables[0] != table || select.IsDistinct)
        {
            throw new InvalidOperationException(RelationalStrings.ExecuteOperationWithUnsupportedOperatorInSqlGeneration(operation));
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
