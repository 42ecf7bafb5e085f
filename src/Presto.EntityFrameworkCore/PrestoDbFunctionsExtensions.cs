using System;
using System.Collections.Generic;

namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Presto functions for LINQ queries, through <see cref="EF.Functions"/>. They are translated to SQL and run on the
/// server; calling them outside a query throws <see cref="InvalidOperationException"/>.
/// </summary>
public static class PrestoDbFunctionsExtensions
{
    /// <summary><c>date_trunc(unit, value)</c>: <paramref name="value"/> truncated to <paramref name="unit"/>.</summary>
    /// <param name="_">The <see cref="EF.Functions"/> instance.</param>
    /// <param name="unit"><c>millisecond</c>, <c>second</c>, <c>minute</c>, <c>hour</c>, <c>day</c>, <c>week</c>, <c>month</c>, <c>quarter</c> or <c>year</c>.</param>
    /// <param name="value">The timestamp.</param>
    /// <returns>The truncated timestamp.</returns>
    public static DateTime DateTrunc(this DbFunctions _, string unit, DateTime value) => throw ServerOnly(nameof(DateTrunc));

    /// <summary><c>date_trunc(unit, value)</c> for a <c>date</c>.</summary>
    /// <param name="_">The <see cref="EF.Functions"/> instance.</param>
    /// <param name="unit"><c>day</c>, <c>week</c>, <c>month</c>, <c>quarter</c> or <c>year</c>.</param>
    /// <param name="value">The date.</param>
    /// <returns>The truncated date.</returns>
    public static DateOnly DateTrunc(this DbFunctions _, string unit, DateOnly value) => throw ServerOnly(nameof(DateTrunc));

    /// <summary><c>date_diff(unit, start, end)</c>: the number of whole <paramref name="unit"/>s from start to end.</summary>
    /// <param name="_">The <see cref="EF.Functions"/> instance.</param>
    /// <param name="unit">The unit, for example <c>day</c> or <c>month</c>.</param>
    /// <param name="start">The start.</param>
    /// <param name="end">The end.</param>
    /// <returns>The difference.</returns>
    public static long DateDiff(this DbFunctions _, string unit, DateOnly start, DateOnly end) => throw ServerOnly(nameof(DateDiff));

    /// <summary><c>date_diff(unit, start, end)</c> for timestamps.</summary>
    /// <param name="_">The <see cref="EF.Functions"/> instance.</param>
    /// <param name="unit">The unit, for example <c>hour</c> or <c>day</c>.</param>
    /// <param name="start">The start.</param>
    /// <param name="end">The end.</param>
    /// <returns>The difference.</returns>
    public static long DateDiff(this DbFunctions _, string unit, DateTime start, DateTime end) => throw ServerOnly(nameof(DateDiff));

    /// <summary><c>regexp_like(value, pattern)</c>: whether the Java-style regular expression matches part of the value.</summary>
    /// <param name="_">The <see cref="EF.Functions"/> instance.</param>
    /// <param name="value">The string to search.</param>
    /// <param name="pattern">The regular expression.</param>
    /// <returns>True when the pattern matches.</returns>
    public static bool RegexpLike(this DbFunctions _, string value, string pattern) => throw ServerOnly(nameof(RegexpLike));

    /// <summary>
    /// The aggregate <c>approx_distinct(x)</c>: the approximate number of distinct non-null values (standard error
    /// 2.3%), for example <c>g.Select(o => o.CustomerKey)</c> of a group.
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="_">The <see cref="EF.Functions"/> instance.</param>
    /// <param name="values">The values of a group.</param>
    /// <returns>The approximate distinct count.</returns>
    public static long ApproxDistinct<T>(this DbFunctions _, IEnumerable<T> values) => throw ServerOnly(nameof(ApproxDistinct));

    private static InvalidOperationException ServerOnly(string name) =>
        new($"EF.Functions.{name} is translated to Presto SQL and can only be used in a LINQ to Entities query.");
}
