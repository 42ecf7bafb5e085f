using System;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Presto.EntityFrameworkCore.Query;

/// <summary>
/// <see cref="string"/> methods and <c>Length</c>: <c>Contains</c>/<c>StartsWith</c>/<c>EndsWith</c> become
/// <c>LIKE … ESCAPE '\'</c> for a constant argument (else <c>strpos</c>, <c>starts_with</c>, <c>substr</c>),
/// <c>ToUpper</c>/<c>ToLower</c> <c>upper</c>/<c>lower</c>, <c>Trim</c>/<c>TrimStart</c>/<c>TrimEnd</c>
/// <c>trim</c>/<c>ltrim</c>/<c>rtrim</c>, <c>Substring</c> <c>substr</c> (1-based), <c>Replace</c> <c>replace</c>,
/// <c>IndexOf</c> <c>strpos - 1</c>, <c>Length</c> <c>length</c>.
/// </summary>
internal sealed class PrestoStringTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator, IMemberTranslator
{
    private const char EscapeChar = '\\';

    private static readonly MethodInfo s_contains = typeof(string).GetRuntimeMethod(nameof(string.Contains), [typeof(string)])!;
    private static readonly MethodInfo s_startsWith = typeof(string).GetRuntimeMethod(nameof(string.StartsWith), [typeof(string)])!;
    private static readonly MethodInfo s_endsWith = typeof(string).GetRuntimeMethod(nameof(string.EndsWith), [typeof(string)])!;
    private static readonly MethodInfo s_indexOf = typeof(string).GetRuntimeMethod(nameof(string.IndexOf), [typeof(string)])!;
    private static readonly MethodInfo s_replace = typeof(string).GetRuntimeMethod(nameof(string.Replace), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo s_substring1 = typeof(string).GetRuntimeMethod(nameof(string.Substring), [typeof(int)])!;
    private static readonly MethodInfo s_substring2 = typeof(string).GetRuntimeMethod(nameof(string.Substring), [typeof(int), typeof(int)])!;
    private static readonly MethodInfo s_toUpper = typeof(string).GetRuntimeMethod(nameof(string.ToUpper), Type.EmptyTypes)!;
    private static readonly MethodInfo s_toLower = typeof(string).GetRuntimeMethod(nameof(string.ToLower), Type.EmptyTypes)!;
    private static readonly MethodInfo s_trim = typeof(string).GetRuntimeMethod(nameof(string.Trim), Type.EmptyTypes)!;
    private static readonly MethodInfo s_trimStart = typeof(string).GetRuntimeMethod(nameof(string.TrimStart), Type.EmptyTypes)!;
    private static readonly MethodInfo s_trimEnd = typeof(string).GetRuntimeMethod(nameof(string.TrimEnd), Type.EmptyTypes)!;

    public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (instance is null || method.DeclaringType != typeof(string))
        {
            return null;
        }

        if (method == s_contains || method == s_startsWith || method == s_endsWith)
        {
            return TranslateMatch(instance, method, arguments[0]);
        }

        if (method == s_toUpper || method == s_toLower || method == s_trim || method == s_trimStart || method == s_trimEnd)
        {
            string name = method == s_toUpper ? "upper" : method == s_toLower ? "lower" : method == s_trim ? "trim" : method == s_trimStart ? "ltrim" : "rtrim";
            return Function(name, typeof(string), instance.TypeMapping, instance);
        }

        if (method == s_replace)
        {
            var mapping = ExpressionExtensions.InferTypeMapping(instance, arguments[0], arguments[1]);
            return Function("replace", typeof(string), mapping, sql.ApplyTypeMapping(instance, mapping), sql.ApplyTypeMapping(arguments[0], mapping), sql.ApplyTypeMapping(arguments[1], mapping));
        }

        if (method == s_substring1 || method == s_substring2)
        {
            var start = sql.Add(arguments[0], sql.Constant(1));
            return method == s_substring1
                ? Function("substr", typeof(string), instance.TypeMapping, instance, start)
                : Function("substr", typeof(string), instance.TypeMapping, instance, start, arguments[1]);
        }

        if (method == s_indexOf)
        {
            var mapping = ExpressionExtensions.InferTypeMapping(instance, arguments[0]);
            return sql.Subtract(
                Function("strpos", typeof(int), null, sql.ApplyTypeMapping(instance, mapping), sql.ApplyTypeMapping(arguments[0], mapping)),
                sql.Constant(1));
        }

        return null;
    }

    public SqlExpression? Translate(SqlExpression? instance, MemberInfo member, Type returnType, IDiagnosticsLogger<DbLoggerCategory.Query> logger) =>
        instance is not null && member.DeclaringType == typeof(string) && member.Name == nameof(string.Length)
            ? Function("length", returnType, null, instance)
            : null;

    private SqlExpression TranslateMatch(SqlExpression instance, MethodInfo method, SqlExpression argument)
    {
        var mapping = ExpressionExtensions.InferTypeMapping(instance, argument);
        instance = sql.ApplyTypeMapping(instance, mapping);
        argument = sql.ApplyTypeMapping(argument, mapping);
        if (argument is SqlConstantExpression { Value: string value })
        {
            string escaped = EscapeLikePattern(value);
            string pattern = method == s_contains ? "%" + escaped + "%" : method == s_startsWith ? escaped + "%" : "%" + escaped;
            return sql.Like(instance, sql.Constant(pattern, mapping), sql.Constant(EscapeChar.ToString(), mapping));
        }

        if (method == s_contains)
        {
            // strpos(s, '') is 1: an empty value is contained in every string, as in .NET.
            return sql.GreaterThan(Function("strpos", typeof(int), null, instance, argument), sql.Constant(0));
        }

        if (method == s_startsWith)
        {
            return Function("starts_with", typeof(bool), null, instance, argument);
        }

        // EndsWith: the last length(value) characters equal the value (an empty value always matches).
        var valueLength = Function("length", typeof(int), null, argument);
        var tailStart = sql.Add(sql.Subtract(Function("length", typeof(int), null, instance), valueLength), sql.Constant(1));
        return sql.OrElse(
            sql.Equal(valueLength, sql.Constant(0)),
            sql.AndAlso(
                sql.GreaterThanOrEqual(Function("length", typeof(int), null, instance), valueLength),
                sql.Equal(Function("substr", typeof(string), mapping, instance, tailStart), argument)));
    }

    private static string EscapeLikePattern(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private SqlExpression Function(string name, Type returnType, Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping? mapping, params SqlExpression[] arguments) =>
        sql.Call(name, returnType, mapping, arguments);
}
