using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;

namespace Presto.Mapping;

/// <summary>
/// Turns the reader's current row into a <typeparamref name="T"/>: a scalar from the first column, a value tuple by
/// position, a class, record or struct by column name. The plan is compiled once per (type, column names and types) and
/// cached; reading a member goes through the reader's typed getters where they apply.
/// </summary>
internal static class RowMapper<T>
{
    private static readonly ConcurrentDictionary<string, Func<PrestoDataReader, T>> s_plans = new(StringComparer.Ordinal);

    public static Func<PrestoDataReader, T> For(PrestoDataReader reader)
    {
        var signature = Signature(reader);
        if (!s_plans.TryGetValue(signature, out var plan))
        {
            plan = Build(reader);
            s_plans.TryAdd(signature, plan);
        }

        return plan;
    }

    private static string Signature(PrestoDataReader reader)
    {
        var text = new StringBuilder();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            text.Append(reader.GetName(i)).Append('\u001f').Append(reader.GetDataTypeName(i)).Append('\u001e');
        }

        return text.ToString();
    }

    private static Func<PrestoDataReader, T> Build(PrestoDataReader reader)
    {
        var type = typeof(T);
        var row = Expression.Parameter(typeof(PrestoDataReader), "row");
        Expression body;
        if (ValueMapper.IsNative(type) || type.IsEnum || Nullable.GetUnderlyingType(type)?.IsEnum == true || IsCollection(type))
        {
            Require(reader, 1, type);
            body = Column(row, reader, 0, type, "the value");
        }
        else if (type.IsValueType && type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal))
        {
            var items = type.GetGenericArguments();
            Require(reader, items.Length, type);
            body = Expression.New(type.GetConstructor(items)!, items.Select((item, i) => Column(row, reader, i, item, $"{ValueMapper.Display(type)}.Item{i + 1}")));
        }
        else
        {
            body = ByName(row, reader, type);
        }

        return Expression.Lambda<Func<PrestoDataReader, T>>(body, row).Compile();
    }

    private static Expression ByName(ParameterExpression row, PrestoDataReader reader, Type type)
    {
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            // The first column wins when two normalize alike (a_b and ab).
            var normalized = MemberMap.Normalize(reader.GetName(i));
            if (!ordinals.ContainsKey(normalized))
            {
                ordinals.Add(normalized, i);
            }
        }

        var map = MemberMap.Create(type, ordinals.Keys);
        var arguments = map.Parameters.Select(p => Column(row, reader, ordinals[MemberMap.Normalize(p.Name!)], p.ParameterType, $"{type.Name}({p.Name})"));
        Expression created = map.Constructor is null ? Expression.New(type) : Expression.New(map.Constructor, arguments);
        var bindings = new List<MemberBinding>();
        foreach (var member in map.Members)
        {
            if (ordinals.TryGetValue(MemberMap.Normalize(member.Name), out var ordinal))
            {
                bindings.Add(Expression.Bind(member, Column(row, reader, ordinal, MemberMap.TypeOf(member), $"{type.Name}.{member.Name}")));
            }
        }

        if (map.Parameters.Count == 0 && bindings.Count == 0)
        {
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName);
            throw new PrestoMappingException(
                $"No column ({string.Join(", ", columns)}) matches a constructor parameter, property or field of {type.Name}.", null, type.Name);
        }

        return bindings.Count == 0 ? created : Expression.MemberInit((NewExpression)created, bindings);
    }

    private static Expression Column(ParameterExpression row, PrestoDataReader reader, int ordinal, Type type, string member)
    {
        // A nullable member of a type the reader reads itself goes through the typed getter of its underlying type.
        var underlying = Nullable.GetUnderlyingType(type);
        var method = underlying is not null && ValueMapper.IsNative(underlying)
            ? typeof(RowMapper<T>).GetMethod(nameof(ReadNullable), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(underlying)
            : typeof(RowMapper<T>).GetMethod(nameof(Read), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
        return Expression.Call(method, row, Expression.Constant(ordinal), Expression.Constant(reader.GetName(ordinal)), Expression.Constant(member));
    }

    /// <summary>A nullable member: <see langword="null"/> for SQL NULL, else the value as <see cref="Read{TMember}"/> reads it (no boxing).</summary>
    private static TValue? ReadNullable<TValue>(PrestoDataReader row, int ordinal, string column, string member)
        where TValue : struct =>
        row.IsDBNull(ordinal) ? null : Read<TValue>(row, ordinal, column, member);

    /// <summary>One column into one member: the stored value when the column's type is the member's, else <see cref="ReadConverted{TMember}"/>.</summary>
    private static TMember Read<TMember>(PrestoDataReader row, int ordinal, string column, string member) =>
        NativeType<TMember>.Is && row.TryGetStoredValue(ordinal, out TMember value) ? value : ReadConverted<TMember>(row, ordinal, column, member);

    /// <summary>Null, a typed getter's conversion or the value converter; failures name both column and member.</summary>
    private static TMember ReadConverted<TMember>(PrestoDataReader row, int ordinal, string column, string member)
    {
        if (row.IsDBNull(ordinal))
        {
            if (default(TMember) is null)
            {
                return default!;
            }

            throw new PrestoMappingException(
                $"Column '{column}' is NULL in this row, but {member} ({ValueMapper.Display(typeof(TMember))}) cannot hold null; make it nullable.", column, member);
        }

        try
        {
            return NativeType<TMember>.Is
                ? row.GetFieldValue<TMember>(ordinal)
                : (TMember)ValueMapper.Convert(row.GetValue(ordinal), typeof(TMember), column)!;
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or ArgumentException or TargetInvocationException)
        {
            throw new PrestoMappingException(
                $"Column '{column}' ({row.GetDataTypeName(ordinal)}) cannot be converted to {member} ({ValueMapper.Display(typeof(TMember))}): {ex.Message}",
                column,
                member,
                ex);
        }
    }

    private static bool IsCollection(Type type) =>
        type.IsArray || (type.IsGenericType && type.GetGenericArguments().Length is 1 or 2 && typeof(System.Collections.IEnumerable).IsAssignableFrom(type));

    private static void Require(PrestoDataReader reader, int columns, Type type)
    {
        if (reader.FieldCount < columns)
        {
            throw new PrestoMappingException($"{ValueMapper.Display(type)} needs {columns} column(s) but the result has {reader.FieldCount}.", null, type.Name);
        }
    }
}
