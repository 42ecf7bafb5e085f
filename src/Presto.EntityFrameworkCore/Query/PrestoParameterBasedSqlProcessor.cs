using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Presto.EntityFrameworkCore.Query;

/// <summary>
/// Writes the row counts of <c>OFFSET</c> and <c>LIMIT</c> as integer literals: Presto takes only a literal there
/// (PrestoDB and older Trino reject a parameter), so <c>Skip(n)</c>/<c>Take(n)</c> with a parameter are inlined.
/// Such a query's SQL is then generated per value of n (not cached).
/// </summary>
internal sealed class PrestoParameterBasedSqlProcessor(
    RelationalParameterBasedSqlProcessorDependencies dependencies,
    RelationalParameterBasedSqlProcessorParameters parameters)
    : RelationalParameterBasedSqlProcessor(dependencies, parameters)
{
    public override Expression Process(Expression queryExpression, ParametersCacheDecorator parametersDecorator)
    {
        var processed = base.Process(queryExpression, parametersDecorator);
        return new RowCountInliner(parametersDecorator).Visit(processed);
    }

    private sealed class RowCountInliner(ParametersCacheDecorator parameters) : ExpressionVisitor
    {
        protected override Expression VisitExtension(Expression node)
        {
            var visited = base.VisitExtension(node);
            if (visited is not SelectExpression select
                || (select.Limit is not SqlParameterExpression && select.Offset is not SqlParameterExpression))
            {
                return visited;
            }

            return select.Update(
                select.Tables, select.Predicate, select.GroupBy, select.Having, select.Projection, select.Orderings,
                Inline(select.Offset), Inline(select.Limit));
        }

        private SqlExpression? Inline(SqlExpression? expression) =>
            expression is SqlParameterExpression parameter
                ? new SqlConstantExpression(parameters.GetAndDisableCaching()[parameter.Name], parameter.Type, parameter.TypeMapping)
                : expression;
    }
}

/// <summary>Creates <see cref="PrestoParameterBasedSqlProcessor"/>s.</summary>
internal sealed class PrestoParameterBasedSqlProcessorFactory(RelationalParameterBasedSqlProcessorDependencies dependencies)
    : IRelationalParameterBasedSqlProcessorFactory
{
    public RelationalParameterBasedSqlProcessor Create(RelationalParameterBasedSqlProcessorParameters parameters) =>
        new PrestoParameterBasedSqlProcessor(dependencies, parameters);
}
