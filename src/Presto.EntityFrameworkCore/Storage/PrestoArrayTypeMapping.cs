using System;
using System.Collections;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Presto.EntityFrameworkCore.Storage;

/// <summary>
/// <c>array(T)</c> for a primitive collection (<c>long[]</c>, <c>List&lt;string&gt;</c>, <c>IList&lt;int?&gt;</c>…):
/// written as <c>ARRAY[…]</c> of the element's literals, sent as a Presto.Client array parameter, and read from the
/// reader's typed array (<c>long?[]</c> for <c>array(bigint)</c>) into the property's collection type.
/// </summary>
internal sealed class PrestoArrayTypeMapping : RelationalTypeMapping
{
    private static readonly MethodInfo s_getValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetValue), [typeof(int)])!;

    public PrestoArrayTypeMapping(Type collectionType, Type elementType, RelationalTypeMapping elementMapping)
        : base(new RelationalTypeMappingParameters(
            new CoreTypeMappingParameters(
                collectionType,
                (ValueConverter)Activator.CreateInstance(typeof(PrestoArrayConverter<,>).MakeGenericType(collectionType, elementType))!,
                CreateComparer(collectionType, elementType, elementMapping),
                elementMapping: elementMapping),
            "array(" + elementMapping.StoreType + ")"))
    {
    }

    private PrestoArrayTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <summary>The mapping of one element.</summary>
    public RelationalTypeMapping ElementMapping => (RelationalTypeMapping)ElementTypeMapping!;

    /// <summary>True for the collection types this mapping materializes: <c>T[]</c> and anything a <c>List&lt;T&gt;</c> is.</summary>
    public static bool IsSupportedCollection(Type collectionType, Type elementType) =>
        collectionType == elementType.MakeArrayType() || collectionType.IsAssignableFrom(typeof(List<>).MakeGenericType(elementType));

    /// <summary>The element type of an array or <c>IEnumerable&lt;T&gt;</c>, or null.</summary>
    public static Type? ElementTypeOf(Type collectionType)
    {
        if (collectionType.IsArray)
        {
            return collectionType.GetElementType();
        }

        foreach (var candidate in collectionType.IsInterface ? [collectionType, .. collectionType.GetInterfaces()] : collectionType.GetInterfaces())
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        return null;
    }

    /// <summary>The reader's value is the decoded array itself (its natural CLR type varies with the element).</summary>
    public override MethodInfo GetDataReaderMethod() => s_getValue;

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoArrayTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value)
    {
        var sql = new StringBuilder("ARRAY[");
        bool any = false;
        foreach (object? item in (IEnumerable)value)
        {
            sql.Append(any ? ", " : string.Empty).Append(ElementMapping.GenerateSqlLiteral(item));
            any = true;
        }

        sql.Append(']');

        // An empty ARRAY[] has the element type unknown; the cast gives it the column's type.
        return any ? sql.ToString() : "CAST(ARRAY[] AS " + StoreType + ")";
    }

    private static ValueComparer CreateComparer(Type collectionType, Type elementType, RelationalTypeMapping elementMapping)
    {
        var concrete = collectionType.IsArray ? collectionType : typeof(List<>).MakeGenericType(elementType);
        var underlying = Nullable.GetUnderlyingType(elementType);
        var comparerType = underlying is not null
            ? typeof(ListOfNullableValueTypesComparer<,>).MakeGenericType(concrete, underlying)
            : elementType.IsValueType
                ? typeof(ListOfValueTypesComparer<,>).MakeGenericType(concrete, elementType)
                : typeof(ListOfReferenceTypesComparer<,>).MakeGenericType(concrete, elementType);
#pragma warning disable EF1001 // The nullable form of the element comparer, as EF builds it for its own collection mappings.
        var elementComparer = underlying is not null
            ? Microsoft.EntityFrameworkCore.ChangeTracking.Internal.ValueComparerExtensions.ToNullableComparer(elementMapping.Comparer, elementType)
            : elementMapping.Comparer;
#pragma warning restore EF1001
        return (ValueComparer)Activator.CreateInstance(comparerType, elementComparer)!;
    }
}

/// <summary>
/// Converts between a primitive collection and what Presto.Client takes and returns for <c>array(T)</c>: the
/// collection itself as a parameter value (it writes <c>ARRAY[…]</c>), and the reader's typed array back to
/// <typeparamref name="TCollection"/>.
/// </summary>
internal sealed class PrestoArrayConverter<TCollection, TElement> : ValueConverter<TCollection, object>
    where TCollection : IEnumerable<TElement>
{
    public PrestoArrayConverter()
        : base(collection => collection, value => FromProvider(value))
    {
    }

    /// <summary>The collection read from the reader's array; a NULL element in a collection of a non-nullable type is an error.</summary>
    public static TCollection FromProvider(object value)
    {
        if (value is TCollection same)
        {
            return same;
        }

        if (value is not IEnumerable items)
        {
            throw new InvalidCastException($"A value of type {value.GetType().Name} was read for a {typeof(TCollection).Name} property; the column is not an array.");
        }

        var list = new List<TElement>();
        foreach (object? item in items)
        {
            list.Add(Element(item));
        }

        return typeof(TCollection).IsArray ? (TCollection)(object)list.ToArray() : (TCollection)(object)list;
    }

    private static TElement Element(object? item)
    {
        if (item is TElement element)
        {
            return element;
        }

        if (item is null)
        {
            return default(TElement) is null
                ? default!
                : throw new InvalidCastException(
                    $"The array holds a NULL element, which {typeof(TElement).Name} cannot hold; map the property as a collection of {typeof(TElement).Name}?.");
        }

        var target = Nullable.GetUnderlyingType(typeof(TElement)) ?? typeof(TElement);
        return (TElement)Convert.ChangeType(item, target, CultureInfo.InvariantCulture);
    }
}
