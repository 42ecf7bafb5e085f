using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace Presto.Mapping;

/// <summary>
/// Converts a decoded value (what <see cref="PrestoDataReader.GetValue"/> returns) to a target type: nested rows
/// (<see cref="PrestoRow"/>) to classes and records by field name, arrays to arrays and lists, maps to dictionaries,
/// numbers with overflow checks, enums from names or numbers. Used for everything the reader's typed getters do not read
/// directly.
/// </summary>
internal static class ValueMapper
{
    private static readonly HashSet<Type> s_native = new()
    {
        typeof(bool), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(float), typeof(double), typeof(decimal), typeof(char), typeof(string), typeof(DateTime), typeof(DateTimeOffset),
        typeof(TimeSpan), typeof(Guid), typeof(byte[]), typeof(PrestoDecimal), typeof(PrestoDate), typeof(PrestoTime), typeof(PrestoTimeWithTimeZone),
        typeof(PrestoTimestamp), typeof(PrestoTimestampWithTimeZone), typeof(PrestoIntervalYearToMonth), typeof(PrestoIntervalDayToSecond), typeof(PrestoRow),
        typeof(object),
#if NET6_0_OR_GREATER
        typeof(DateOnly), typeof(TimeOnly),
#endif
    };

    /// <summary>Types the reader's <c>GetFieldValue&lt;T&gt;</c> reads itself (without boxing for the column's own type).</summary>
    public static bool IsNative(Type type) => s_native.Contains(Nullable.GetUnderlyingType(type) ?? type);

    public static object? Convert(object? value, Type target, string path)
    {
        if (value is null || value is DBNull)
        {
            if (target.IsValueType && Nullable.GetUnderlyingType(target) is null)
            {
                throw new InvalidCastException($"null cannot be stored in {Display(target)}");
            }

            return null;
        }

        if (target.IsInstanceOfType(value))
        {
            return value;
        }

        var underlying = Nullable.GetUnderlyingType(target);
        if (underlying is not null)
        {
            return Convert(value, underlying, path);
        }

        if (target.IsEnum)
        {
            return value is string name
                ? Enum.Parse(target, name, ignoreCase: true)
                : Enum.ToObject(target, System.Convert.ChangeType(value, Enum.GetUnderlyingType(target), CultureInfo.InvariantCulture));
        }

        if (value is PrestoRow row && !target.IsPrimitive && target != typeof(string))
        {
            return FromRow(row, target, path);
        }

        if (value is IDictionary dictionary && DictionaryTypes(target) is { } kv)
        {
            var result = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(kv.Key, kv.Value))!;
            foreach (DictionaryEntry entry in dictionary)
            {
                result.Add(Convert(entry.Key, kv.Key, path + "[key]")!, Convert(entry.Value, kv.Value, path + "[" + entry.Key + "]"));
            }

            return result;
        }

        if (value is IList list && value is not string && ElementType(target) is { } element)
        {
            var items = Array.CreateInstance(element, list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                items.SetValue(Convert(list[i], element, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"), i);
            }

            if (target.IsArray)
            {
                return items;
            }

            var collection = target.IsInterface ? typeof(List<>).MakeGenericType(element) : target;
            return Activator.CreateInstance(collection, items)!;
        }

        if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(target))
        {
            return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }

        throw new InvalidCastException($"a {value.GetType().Name} cannot be converted to {Display(target)}");
    }

    public static string Display(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? Display(inner) + "?"
        : type.IsGenericType ? type.Name.Substring(0, type.Name.IndexOf('`')) + "<" + string.Join(", ", type.GetGenericArguments().Select(Display)) + ">"
        : type.Name;

    /// <summary>A nested row to a class or record, by field name (anonymous fields by position for tuples).</summary>
    private static object FromRow(PrestoRow row, Type target, string path)
    {
        var names = new List<string>();
        for (var i = 0; i < row.Count; i++)
        {
            names.Add(MemberMap.Normalize(row.FieldNames[i] ?? ("ITEM" + (i + 1).ToString(CultureInfo.InvariantCulture))));
        }

        var map = MemberMap.Create(target, names);
        object? Field(string name, Type type)
        {
            var index = names.IndexOf(MemberMap.Normalize(name));
            return index < 0 ? (type.IsValueType ? Activator.CreateInstance(type) : null) : Convert(row[index], type, path + "." + (row.FieldNames[index] ?? name));
        }

        var instance = map.Constructor is null
            ? Activator.CreateInstance(target)!
            : map.Constructor.Invoke(map.Parameters.Select(p => Field(p.Name!, p.ParameterType)).ToArray());
        foreach (var member in map.Members)
        {
            if (names.Contains(MemberMap.Normalize(member.Name)))
            {
                var value = Field(member.Name, MemberMap.TypeOf(member));
                if (member is PropertyInfo property)
                {
                    property.SetValue(instance, value);
                }
                else
                {
                    ((FieldInfo)member).SetValue(instance, value);
                }
            }
        }

        return instance;
    }

    private static Type? ElementType(Type target)
    {
        if (target.IsArray)
        {
            return target.GetElementType();
        }

        if (target.IsGenericType && target.GetGenericArguments().Length == 1)
        {
            var element = target.GetGenericArguments()[0];
            var definition = target.GetGenericTypeDefinition();
            if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>) ||
                definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>) ||
                definition == typeof(HashSet<>))
            {
                return element;
            }
        }

        return null;
    }

    private static KeyValuePair<Type, Type>? DictionaryTypes(Type target)
    {
        if (!target.IsGenericType || target.GetGenericArguments().Length != 2)
        {
            return null;
        }

        var definition = target.GetGenericTypeDefinition();
        return definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>)
            ? new KeyValuePair<Type, Type>(target.GetGenericArguments()[0], target.GetGenericArguments()[1])
            : null;
    }
}

/// <summary><see cref="ValueMapper.IsNative"/> for <typeparamref name="T"/>, worked out once (a constant to the JIT, not a lookup per cell).</summary>
internal static class NativeType<T>
{
    public static readonly bool Is = ValueMapper.IsNative(typeof(T));
}
