using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;

namespace Presto.Types;

/// <summary>CLR types of container elements: value types become nullable so nested SQL NULLs fit.</summary>
internal static class ContainerTypes
{
    public static Type Nullable(Type type) =>
        type.IsValueType && System.Nullable.GetUnderlyingType(type) is null ? typeof(Nullable<>).MakeGenericType(type) : type;

    /// <summary>Whether a decoded (non-null) value can be stored in a slot of <paramref name="slotType"/>.</summary>
    public static bool Fits(Type slotType, object value) =>
        slotType.IsInstanceOfType(value) || (System.Nullable.GetUnderlyingType(slotType) is { } underlying && underlying.IsInstanceOfType(value));

    /// <summary>
    /// <see cref="Fits(Type, object)"/> with the common case first: the value is exactly <paramref name="itemType"/>, the
    /// element decoder's own type (one type comparison instead of two reflection checks per element).
    /// </summary>
    public static bool Fits(Type slotType, Type itemType, object value) => value.GetType() == itemType || Fits(slotType, value);

    /// <summary>A typed array of <paramref name="slotType"/> from boxed values (made once per column; no reflection per value).</summary>
    public static Func<List<object?>, Array> ArrayFactory(Type slotType) =>
        (Func<List<object?>, Array>)typeof(ContainerTypes).GetMethod(nameof(ToArray), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(slotType).CreateDelegate(typeof(Func<List<object?>, Array>));

    /// <summary>A new empty <see cref="Dictionary{TKey, TValue}"/> of <paramref name="dictionaryType"/> (made once per column).</summary>
    public static Func<IDictionary> DictionaryFactory(Type dictionaryType) =>
        (Func<IDictionary>)typeof(ContainerTypes).GetMethod(nameof(NewDictionary), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(dictionaryType.GetGenericArguments()).CreateDelegate(typeof(Func<IDictionary>));

    private static Array ToArray<TSlot>(List<object?> values)
    {
        var array = new TSlot[values.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = values[i] is { } value ? (TSlot)value : default!;
        }

        return array;
    }

    private static IDictionary NewDictionary<TKey, TValue>()
        where TKey : notnull => new Dictionary<TKey, TValue>();
}
