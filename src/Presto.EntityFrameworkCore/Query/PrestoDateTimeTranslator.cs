using System;
using System.Collections.Generic;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Presto.EntityFrameworkCore.Query;

/// <summary>
/// <see cref="DateTime"/>, <see cref="DateTimeOffset"/> and <see cref="DateOnly"/> parts (<c>Year</c>, <c>Month</c>,
/// <c>Day</c>, <c>DayOfYear</c>, <c>DayOfWeek</c> (<c>day_of_week(x) % 7</c>), <c>Hour</c>, <c>Minute</c>, <c>Second</c>, <c>Millisecond</c>; <c>Date</c> as
/// <c>date_trunc('day', …)</c>) and arithmetic (<c>AddYears</c>/<c>AddMonths</c>/<c>AddDays</c>/<c>AddHours</c>/
/// <c>AddMinutes</c>/<c>AddSeconds</c> with an integer as <c>date_add</c>, <c>DateOnly.FromDateTime</c> as
/// <c>CAST(… AS date)</c>).
/// </summary>
internal sealed class PrestoDateTimeTranslator(ISqlExpressionFactory sql, Microsoft.EntityFrameworkCore.Storage.IRelationalTypeMappingSource typeMappings)
    : IMethodCallTranslator, IMemberTranslator
{
    private static readonly Dictionary<string, string> s_parts = new(StringComparer.Ordinal)
    {
        [nameof(DateTime.Year)] = "year",
        [nameof(DateTime.Month)] = "month",
        [nameof(DateTime.Day)] = "day",
        [nameof(DateTime.DayOfYear)] = "day_of_year",
        [nameof(DateTime.Hour)] = "hour",
        [nameof(DateTime.Minute)] = "minute",
        [nameof(DateTime.Second)] = "second",
        [nameof(DateTime.Millisecond)] = "millisecond",
    };

    private static readonly Dictionary<string, string> s_addUnits = new(StringComparer.Ordinal)
    {
        [nameof(DateTime.AddYears)] = "year",
        [nameof(DateTime.AddMonths)] = "month",
        [nameof(DateTime.AddDays)] = "day",
        [nameof(DateTime.AddHours)] = "hour",
        [nameof(DateTime.AddMinutes)] = "minute",
        [nameof(DateTime.AddSeconds)] = "second",
    };

    private static readonly MethodInfo s_fromDateTime = typeof(DateOnly).GetRuntimeMethod(nameof(DateOnly.FromDateTime), [typeof(DateTime)])!;

    public SqlExpression? Translate(SqlExpression? instance, MemberInfo member, Type returnType, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (instance is null || !IsDateType(member.DeclaringType))
        {
            return null;
        }

        if (s_parts.TryGetValue(member.Name, out var function))
        {
            bool hasTime = member.DeclaringType != typeof(DateOnly);
            if (!hasTime && function is "hour" or "minute" or "second" or "millisecond")
            {
                return null;
            }

            return sql.Call(function, returnType, null, instance);
        }

        if (member.Name == nameof(DateTime.DayOfWeek))
        {
            // day_of_week is ISO (1 = Monday … 7 = Sunday); .NET counts from Sunday = 0, so x % 7.
            var integer = typeMappings.FindMapping(typeof(int));
            var iso = sql.Call("day_of_week", typeof(int), integer, instance);
            return new SqlBinaryExpression(ExpressionType.Modulo, iso, sql.Constant(7, integer), typeof(DayOfWeek), typeMappings.FindMapping(typeof(DayOfWeek)));
        }

        return member.Name == nameof(DateTime.Date) && member.DeclaringType != typeof(DateOnly)
            ? sql.Call("date_trunc", returnType, instance.TypeMapping, sql.Constant("day"), instance)
            : null;
    }

    public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (method == s_fromDateTime)
        {
            return sql.Convert(arguments[0], typeof(DateOnly), typeMappings.FindMapping(typeof(DateOnly)));
        }

        if (instance is null || !IsDateType(method.DeclaringType) || arguments.Count != 1
            || !s_addUnits.TryGetValue(method.Name, out var unit))
        {
            return null;
        }

        // date_add takes a bigint: a fractional AddDays(1.5) has no exact translation and stays untranslated.
        var amount = arguments[0];
        if (amount is SqlConstantExpression { Value: double d } && d == Math.Floor(d))
        {
            amount = sql.Constant((long)d);
        }
        else if (amount.Type != typeof(int) && amount.Type != typeof(long))
        {
            return null;
        }

        return sql.Call("date_add", method.ReturnType, instance.TypeMapping, sql.Constant(unit), amount, instance);
    }

    private static bool IsDateType(Type? type) => type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly);
}
