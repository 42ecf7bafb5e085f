using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;
using Presto.EntityFrameworkCore.Storage;

namespace Presto.EntityFrameworkCore.Query;

/// <summary>
/// Queries over a primitive collection column (<c>array(T)</c>): the collection is the table
/// <c>UNNEST(col) WITH ORDINALITY AS t("value", "ordinality")</c>, and the operators users reach for become Presto's
/// array functions instead of a subquery: <c>Contains(v)</c> → <c>contains(col, v)</c>, <c>Count()</c>/<c>Length</c> →
/// <c>cardinality(col)</c>, <c>Any()</c> → <c>cardinality(col) &gt; 0</c>, <c>col[i]</c>/<c>ElementAt(i)</c> →
/// <c>element_at(col, i + 1)</c>.
/// </summary>
internal sealed class PrestoQueryableMethodTranslatingExpressionVisitor : RelationalQueryableMethodTranslatingExpressionVisitor
{
    /// <summary>The table function name the SQL generator writes as <c>UNNEST(…) WITH ORDINALITY</c>.</summary>
    public const string UnnestFunction = "UNNEST";

    /// <summary>The element column of the unnested array.</summary>
    public const string ValueColumn = "value";

    /// <summary>The 1-based position column of the unnested array.</summary>
    public const string OrdinalityColumn = "ordinality";

    private readonly ISqlExpressionFactory _sql;
    private readonly IRelationalTypeMappingSource _typeMappings;
    private readonly SqlAliasManager _aliases;

    public PrestoQueryableMethodTranslatingExpressionVisitor(
        QueryableMethodTranslatingExpressionVisitorDependencies dependencies,
        RelationalQueryableMethodTranslatingExpressionVisitorDependencies relationalDependencies,
        RelationalQueryCompilationContext queryCompilationContext)
        : base(dependencies, relationalDependencies, queryCompilationContext)
    {
        _sql = relationalDependencies.SqlExpressionFactory;
        _typeMappings = relationalDependencies.TypeMappingSource;
        _aliases = queryCompilationContext.SqlAliasManager;
    }

    private PrestoQueryableMethodTranslatingExpressionVisitor(PrestoQueryableMethodTranslatingExpressionVisitor parent)
        : base(parent)
    {
        _sql = parent._sql;
        _typeMappings = parent._typeMappings;
        _aliases = parent._aliases;
    }

    protected override QueryableMethodTranslatingExpressionVisitor CreateSubqueryVisitor() => new PrestoQueryableMethodTranslatingExpressionVisitor(this);

    protected override ShapedQueryExpression? TranslatePrimitiveCollection(SqlExpression sqlExpression, IProperty? property, string tableAlias)
    {
        var elementMapping = (RelationalTypeMapping?)sqlExpression.TypeMapping?.ElementTypeMapping;
        var elementType = PrestoArrayTypeMapping.ElementTypeOf(sqlExpression.Type);
        if (elementType is null)
        {
            return null;
        }

        var unwrapped = Nullable.GetUnderlyingType(elementType) ?? elementType;
        bool elementNullable = property?.GetElementType()?.IsNullable ?? (!elementType.IsValueType || unwrapped != elementType);
        var ordinalityMapping = _typeMappings.FindMapping(typeof(long))!;
        var unnest = new TableValuedFunctionExpression(tableAlias, UnnestFunction, [sqlExpression]);

#pragma warning disable EF1001 // SelectExpression over a table function: the constructor EF's own providers use.
        var select = new SelectExpression(
            [unnest],
            new ColumnExpression(ValueColumn, tableAlias, unwrapped, elementMapping, elementNullable),
            [(new ColumnExpression(OrdinalityColumn, tableAlias, typeof(long), ordinalityMapping, nullable: false), ordinalityMapping.Comparer)],
            _aliases);
#pragma warning restore EF1001
        select.AppendOrdering(new OrderingExpression(
            select.CreateColumnExpression(unnest, OrdinalityColumn, typeof(long), ordinalityMapping, columnNullable: false), ascending: true));

        var nullableElement = unwrapped.IsValueType ? typeof(Nullable<>).MakeGenericType(unwrapped) : unwrapped;
        Expression shaper = new ProjectionBindingExpression(select, new ProjectionMember(), nullableElement);
        if (shaper.Type != elementType)
        {
            shaper = Expression.Convert(shaper, elementType);
        }

        return new ShapedQueryExpression(select, shaper);
    }

    protected override ShapedQueryExpression? TranslateContains(ShapedQueryExpression source, Expression item)
    {
        if (TryGetArray(source, out var array, out var element) && TranslateExpression(item, applyDefaultTypeMapping: false) is { } value)
        {
            value = _sql.ApplyTypeMapping(value, element.TypeMapping ?? value.TypeMapping);
            return Scalar(source, _sql.Function("contains", [array, value], nullable: true, [true, true], typeof(bool)));
        }

        return base.TranslateContains(source, item);
    }

    protected override ShapedQueryExpression? TranslateCount(ShapedQueryExpression source, LambdaExpression? predicate) =>
        predicate is null && TryGetArray(source, out var array, out _)
            ? Scalar(source, Cardinality(array, typeof(int)))
            : base.TranslateCount(source, predicate);

    protected override ShapedQueryExpression? TranslateLongCount(ShapedQueryExpression source, LambdaExpression? predicate) =>
        predicate is null && TryGetArray(source, out var array, out _)
            ? Scalar(source, Cardinality(array, typeof(long)))
            : base.TranslateLongCount(source, predicate);

    protected override ShapedQueryExpression? TranslateAny(ShapedQueryExpression source, LambdaExpression? predicate) =>
        predicate is null && TryGetArray(source, out var array, out _)
            ? Scalar(source, _sql.GreaterThan(Cardinality(array, typeof(long)), _sql.Constant(0L)))
            : base.TranslateAny(source, predicate);

    protected override ShapedQueryExpression? TranslateElementAtOrDefault(ShapedQueryExpression source, Expression index, bool returnDefault)
    {
        // element_at returns NULL past the end, which is ElementAtOrDefault; ElementAt (x.Tags[i]) gets the same.
        if (TryGetArray(source, out var array, out var element) && TranslateExpression(index) is { } position)
        {
            position = position is SqlConstantExpression { Value: int i }
                ? _sql.Constant(i + 1L)
                : _sql.Add(_sql.Convert(position, typeof(long)), _sql.Constant(1L));
            return Scalar(source, _sql.Function("element_at", [array, position], nullable: true, [true, true], element.Type, element.TypeMapping));
        }

        return base.TranslateElementAtOrDefault(source, index, returnDefault);
    }

    /// <summary>
    /// UPDATE over a join stays one statement: the SQL generator writes <c>WHERE key IN (SELECT t.key FROM t JOIN …)</c>
    /// (Presto has no <c>UPDATE … FROM</c>), so EF need not push the query down into a joined subquery.
    /// </summary>
    protected override bool IsValidSelectExpressionForExecuteUpdate(SelectExpression selectExpression, TableExpressionBase targetTable, [NotNullWhen(true)] out TableExpression? tableExpression)
    {
        tableExpression = (targetTable is JoinExpressionBase join ? join.Table : targetTable) as TableExpression;
        return tableExpression is not null && IsKeyFilter(selectExpression, tableExpression);
    }

    /// <summary>A select the generator can write as the target's key IN (subquery): the target among plain joins and a filter.</summary>
    private static bool IsKeyFilter(SelectExpression select, TableExpression target) =>
        select is { Offset: null, Limit: null, GroupBy: [], Having: null, IsDistinct: false, Orderings: [] }
        && select.Tables.Any(t => (t is JoinExpressionBase join ? join.Table : t).Alias == target.Alias);

    private SqlExpression Cardinality(SqlExpression array, Type type) =>
        _sql.Function("cardinality", [array], nullable: true, [true], type, _typeMappings.FindMapping(type));

#pragma warning disable EF1001 // A select of one scalar without tables: EF inlines it where the subquery is used.
    private ShapedQueryExpression Scalar(ShapedQueryExpression source, SqlExpression translation) =>
        source.UpdateQueryExpression(new SelectExpression(translation, _aliases));
#pragma warning restore EF1001

    /// <summary>True when <paramref name="source"/> is a bare array column unnested (no filter, grouping, paging, or projection).</summary>
    private static bool TryGetArray(ShapedQueryExpression source, out SqlExpression array, out ColumnExpression element)
    {
        if (source.QueryExpression is SelectExpression
            {
                Tables: [TableValuedFunctionExpression { Name: UnnestFunction, Arguments: [var unnested] } unnest],
                Predicate: null,
                GroupBy: [],
                Having: null,
                IsDistinct: false,
                Limit: null,
                Offset: null,
            } select
            && Binding(source.ShaperExpression) is { } binding
            && select.GetProjection(binding) is ColumnExpression { Name: ValueColumn } column
            && column.TableAlias == unnest.Alias)
        {
            array = unnested;
            element = column;
            return true;
        }

        array = null!;
        element = null!;
        return false;
    }

    private static ProjectionBindingExpression? Binding(Expression shaper) => shaper switch
    {
        ProjectionBindingExpression binding => binding,
        UnaryExpression { NodeType: ExpressionType.Convert, Operand: ProjectionBindingExpression binding } => binding,
        _ => null,
    };
}

/// <summary>Creates <see cref="PrestoQueryableMethodTranslatingExpressionVisitor"/>s.</summary>
internal sealed class PrestoQueryableMethodTranslatingExpressionVisitorFactory(
    QueryableMethodTranslatingExpressionVisitorDependencies dependencies,
    RelationalQueryableMethodTranslatingExpressionVisitorDependencies relationalDependencies)
    : IQueryableMethodTranslatingExpressionVisitorFactory
{
    public QueryableMethodTranslatingExpressionVisitor Create(QueryCompilationContext queryCompilationContext) =>
        new PrestoQueryableMethodTranslatingExpressionVisitor(dependencies, relationalDependencies, (RelationalQueryCompilationContext)queryCompilationContext);
}
