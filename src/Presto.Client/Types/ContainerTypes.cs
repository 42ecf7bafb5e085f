using System;

namespace Presto.Types;

/// <summary>CLR types of container elements: value types become nullable so nested SQL NULLs fit.</summary>
internal static class ContainerTypes
{
    public static Type Nullable(Type type) =>
        type.IsValueType && System.Nullable.GetUnderlyingType(type) is null ? typeof(Nullable<>).MakeGenericType(type) : type;

    /// <summary>Whether a decoded (non-null) value can be stored in a slot of <paramref name="slotType"/>.</summary>
    public static bool Fits(Type slotType, object value) =>
        slotType.IsInstanceOfType(value) || (System.Nullable.GetUnderlyingType(slotType) is { } underlying && underlying.IsInstanceOfType(value));
}
