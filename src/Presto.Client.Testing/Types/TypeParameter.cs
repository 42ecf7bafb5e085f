using System;
using System.Globalization;

namespace Presto.Testing.Types;

/// <summary>What a <see cref="TypeParameter"/> holds.</summary>
internal enum TypeParameterKind
{
    /// <summary>An integer literal: length, precision, scale (<c>LONG</c> / <c>LONG_LITERAL</c>).</summary>
    Long,

    /// <summary>A nested type: array element, map key or value (<c>TYPE</c> / <c>TYPE_SIGNATURE</c>).</summary>
    Type,

    /// <summary>A row field: optional name plus type (<c>NAMED_TYPE</c> / <c>NAMED_TYPE_SIGNATURE</c>).</summary>
    NamedType,
}

/// <summary>One parameter of a <see cref="PrestoType"/>: a long literal, a nested type, or a row field.</summary>
internal sealed class TypeParameter : IEquatable<TypeParameter>
{
    private TypeParameter(TypeParameterKind kind, long longValue, PrestoType? type, string? fieldName, bool isDelimited)
    {
        Kind = kind;
        LongValue = longValue;
        Type = type;
        FieldName = fieldName;
        IsDelimited = isDelimited;
    }

    /// <summary>What this parameter holds.</summary>
    public TypeParameterKind Kind { get; }

    /// <summary>The literal for <see cref="TypeParameterKind.Long"/>; 0 otherwise.</summary>
    public long LongValue { get; }

    /// <summary>The nested type for <see cref="TypeParameterKind.Type"/> and <see cref="TypeParameterKind.NamedType"/>; null for literals.</summary>
    public PrestoType? Type { get; }

    /// <summary>The row field name (unquoted); null for anonymous fields and non-field parameters.</summary>
    public string? FieldName { get; }

    /// <summary>Whether the field name was written quoted (PrestoDB reports it as <c>delimited</c>).</summary>
    public bool IsDelimited { get; }

    /// <summary>A long literal parameter.</summary>
    public static TypeParameter OfLong(long value) => new(TypeParameterKind.Long, value, null, null, false);

    /// <summary>A nested type parameter.</summary>
    public static TypeParameter OfType(PrestoType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new(TypeParameterKind.Type, 0, type, null, false);
    }

    /// <summary>A row field; <paramref name="name"/> null for an anonymous field.</summary>
    public static TypeParameter OfField(string? name, PrestoType type, bool isDelimited = false)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new(TypeParameterKind.NamedType, 0, type, name, name is not null && isDelimited);
    }

    /// <inheritdoc />
    public bool Equals(TypeParameter? other) =>
        other is not null
        && Kind == other.Kind
        && LongValue == other.LongValue
        && Equals(Type, other.Type)
        && string.Equals(FieldName, other.FieldName, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TypeParameter);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, LongValue, Type, FieldName is null ? 0 : StringComparer.Ordinal.GetHashCode(FieldName));

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        TypeParameterKind.Long => LongValue.ToString(CultureInfo.InvariantCulture),
        TypeParameterKind.Type => Type!.DisplayName,
        _ => FieldName is null ? Type!.DisplayName : PrestoType.FormatFieldName(FieldName, IsDelimited, trino: true) + " " + Type!.DisplayName,
    };
}
