using System;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Presto.EntityFrameworkCore.Query;

/// <summary>
/// <see cref="Math"/> and <see cref="MathF"/>: <c>Abs</c>, <c>Ceiling</c>, <c>Floor</c>, <c>Round</c> (1 or 2
/// arguments; Presto rounds half away from zero), <c>Truncate</c>, <c>Sqrt</c>, <c>Exp</c>, <c>Log</c> (ln),
/// <c>Log10</c>, <c>Log2</c>, <c>Pow</c>, <c>Sign</c>, <c>Max</c>/<c>Min</c> (<c>greatest</c>/<c>least</c>).
/// </summary>
internal sealed class PrestoMathTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator
{
    private static readonly Dictionary<string, string> s_unary = new(StringComparer.Ordinal)
    {
        [nameof(Math.Abs)] = "abs",
        [nameof(Math.Ceiling)] = "ceiling",
        [nameof(Math.Floor)] = "floor",
        [nameof(Math.Round)] = "round",
        [nameof(Math.Truncate)] = "truncate",
        [nameof(Math.Sqrt)] = "sqrt",
        [nameof(Math.Exp)] = "exp",
        [nameof(Math.Log)] = "ln",
        [nameof(Math.Log10)] = "log10",
        [nameof(Math.Log2)] = "log2",
    };

    private static readonly Dictionary<string, string> s_binary = new(StringComparer.Ordinal)
    {
        [nameof(Math.Pow)] = "power",
        [nameof(Math.Max)] = "greatest",
        [nameof(Math.Min)] = "least",
    };

    public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (method.DeclaringType != typeof(Math) && method.DeclaringType != typeof(MathF))
        {
            return null;
        }

        if (arguments.Count == 1 && s_unary.TryGetValue(method.Name, out var unary))
        {
            return sql.Call(unary, method.ReturnType, arguments[0].Type == method.ReturnType ? arguments[0].TypeMapping : null, arguments[0]);
        }

        if (arguments.Count == 1 && method.Name == nameof(Math.Sign))
        {
            // sign() keeps its argument's type; Math.Sign returns int.
            return sql.Convert(sql.Call("sign", arguments[0].Type, arguments[0].TypeMapping, arguments[0]), typeof(int));
        }

        if (arguments.Count == 2 && method.Name == nameof(Math.Round) && arguments[1].Type == typeof(int))
        {
            return sql.Call("round", method.ReturnType, arguments[0].TypeMapping, arguments[0], arguments[1]);
        }

        if (arguments.Count == 2 && s_binary.TryGetValue(method.Name, out var binary))
        {
            var mapping = ExpressionExtensions.InferTypeMapping(arguments[0], arguments[1]);
            return sql.Call(binary, method.ReturnType, mapping, sql.ApplyTypeMapping(arguments[0], mapping), sql.ApplyTypeMapping(arguments[1], mapping));
        }

        return null;
    }
}
