using System;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Presto.EntityFrameworkCore.Query;

/// <summary>The scalar functions of <see cref="PrestoDbFunctionsExtensions"/>.</summary>
internal sealed class PrestoFunctionsTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator
{
    public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (method.DeclaringType != typeof(PrestoDbFunctionsExtensions))
        {
            return null;
        }

        // arguments[0] is EF.Functions itself.
        return method.Name switch
        {
            nameof(PrestoDbFunctionsExtensions.DateTrunc) =>
                sql.Call("date_trunc", method.ReturnType, arguments[2].TypeMapping, arguments[1], arguments[2]),
            nameof(PrestoDbFunctionsExtensions.DateDiff) =>
                sql.Call("date_diff", typeof(long), null, arguments[1], arguments[2], arguments[3]),
            nameof(PrestoDbFunctionsExtensions.RegexpLike) =>
                sql.Call("regexp_like", typeof(bool), null, arguments[1], arguments[2]),
            _ => null,
        };
    }
}

/// <summary>The aggregates of <see cref="PrestoDbFunctionsExtensions"/>: <c>approx_distinct</c>.</summary>
internal sealed class PrestoAggregateFunctionsTranslator(ISqlExpressionFactory sql) : IAggregateMethodCallTranslator
{
    public SqlExpression? Translate(MethodInfo method, EnumerableExpression source, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (method.DeclaringType != typeof(PrestoDbFunctionsExtensions) || method.Name != nameof(PrestoDbFunctionsExtensions.ApproxDistinct)
            || source.Selector is not SqlExpression value || source.Orderings.Count > 0)
        {
            return null;
        }

        // A filtered group (g.Where(...).Select(...)) counts only the matching rows; DISTINCT changes nothing here.
        if (source.Predicate is not null)
        {
            value = sql.Case([new CaseWhenClause(source.Predicate, value)], elseResult: null);
        }

        return sql.Function("approx_distinct", [value], nullable: false, argumentsPropagateNullability: [false], typeof(long));
    }
}
