using System;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Presto.EntityFrameworkCore.Query;

/// <summary>Shorthand for the scalar function calls the translators build.</summary>
internal static class SqlExpressionFactoryExtensions
{
    /// <summary>A call of a Presto function that returns NULL when any argument is NULL.</summary>
    public static SqlExpression Call(this ISqlExpressionFactory sql, string name, Type returnType, RelationalTypeMapping? mapping, params SqlExpression[] arguments)
    {
        var propagates = new bool[arguments.Length];
        Array.Fill(propagates, true);
        return sql.Function(name, arguments, nullable: true, propagates, returnType, mapping);
    }
}
