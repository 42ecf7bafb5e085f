using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Presto.Mapping;

/// <summary>
/// How a class, record or struct is filled from named values: the constructor to call (the parameterless one, or the one
/// whose parameters all have matching names: positional records) and the writable properties and fields. Names match
/// case-insensitively with underscores ignored, so <c>order_key</c> fills <c>OrderKey</c>.
/// </summary>
internal sealed class MemberMap
{
    private MemberMap(Type type, ConstructorInfo? constructor, IReadOnlyList<ParameterInfo> parameters, IReadOnlyList<MemberInfo> members)
    {
        Type = type;
        Constructor = constructor;
        Parameters = parameters;
        Members = members;
    }

    public Type Type { get; }

    /// <summary>The constructor; <see langword="null"/> for a struct without one (default value).</summary>
    public ConstructorInfo? Constructor { get; }

    public IReadOnlyList<ParameterInfo> Parameters { get; }

    /// <summary>Writable properties and fields that no constructor parameter covers.</summary>
    public IReadOnlyList<MemberInfo> Members { get; }

    public static string Normalize(string name) => name.Replace("_", string.Empty).ToUpperInvariant();

    /// <summary>The map of <paramref name="type"/> for values named <paramref name="names"/> (normalized).</summary>
    public static MemberMap Create(Type type, ICollection<string> names)
    {
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        ConstructorInfo? chosen = constructors.FirstOrDefault(c => c.GetParameters().Length == 0);
        if (chosen is null)
        {
            chosen = constructors
                .Where(c => c.GetParameters().All(p => p.Name is not null && names.Contains(Normalize(p.Name))))
                .OrderByDescending(c => c.GetParameters().Length)
                .FirstOrDefault();
            if (chosen is null && !type.IsValueType)
            {
                throw new PrestoMappingException(
                    $"{type.Name} has no public parameterless constructor and no public constructor whose parameters all match columns ({string.Join(", ", names)}).",
                    null,
                    type.Name);
            }
        }

        var parameters = chosen?.GetParameters() ?? Array.Empty<ParameterInfo>();
        var covered = new HashSet<string>(parameters.Select(p => Normalize(p.Name!)), StringComparer.Ordinal);
        var members = new List<MemberInfo>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0 && !covered.Contains(Normalize(property.Name)))
            {
                members.Add(property);
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!field.IsInitOnly && !covered.Contains(Normalize(field.Name)))
            {
                members.Add(field);
            }
        }

        return new MemberMap(type, chosen, parameters, members);
    }

    public static Type TypeOf(MemberInfo member) => member switch
    {
        PropertyInfo p => p.PropertyType,
        FieldInfo f => f.FieldType,
        _ => throw new ArgumentException("Not a property or field.", nameof(member)),
    };
}
