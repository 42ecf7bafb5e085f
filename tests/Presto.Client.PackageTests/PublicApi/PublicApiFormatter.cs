using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Presto.PackageTests.PublicApi;

/// <summary>
/// Writes the public surface of an assembly as deterministic C#-like declarations, one per line: every public type
/// (sorted by full name) with its public and protected members (sorted by text), nullable annotations included.
/// Reflection over the built assembly is enough; a change in any signature changes the text.
/// </summary>
internal static class PublicApiFormatter
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic |
                                          BindingFlags.Instance | BindingFlags.Static;

    public static string Format(Assembly assembly)
    {
        var text = new StringBuilder();
        text.Append("// Public API of ").Append(assembly.GetName().Name).Append(" (").Append(TargetFramework(assembly)).Append(").\n");
        text.Append("// Regenerate: PRESTO_UPDATE_API_SNAPSHOT=1 dotnet test tests/Presto.Client.PackageTests -c Release --filter PublicApi\n");
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append('\n').Append(TypeHeader(type)).Append('\n');
            foreach (var (_, line) in Members(type).OrderBy(m => m.SortKey, StringComparer.Ordinal).ThenBy(m => m.Line, StringComparer.Ordinal))
            {
                text.Append("    ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string TargetFramework(Assembly assembly) =>
        assembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()?.FrameworkName ?? "unknown framework";

    private static string TypeHeader(Type type)
    {
        var header = new StringBuilder(type.IsNestedFamily || type.IsNestedFamORAssem ? "protected " : "public ");
        var bases = new List<string>();
        if (type.IsEnum)
        {
            header.Append("enum ");
            var underlying = Enum.GetUnderlyingType(type);
            if (underlying != typeof(int))
            {
                bases.Add(TypeName(underlying, null));
            }
        }
        else if (type.IsSubclassOf(typeof(MulticastDelegate)))
        {
            var invoke = type.GetMethod("Invoke")!;
            var context = new NullabilityInfoContext();
            return header.Append("delegate ").Append(TypeName(invoke.ReturnType, context.Create(invoke.ReturnParameter)))
                .Append(' ').Append(TypeName(type, null)).Append(Parameters(invoke, context)).Append(';').ToString();
        }
        else if (type.IsInterface)
        {
            header.Append("interface ");
        }
        else if (type.IsValueType)
        {
            header.Append(type.IsDefined(typeof(IsReadOnlyAttribute), false) ? "readonly " : string.Empty)
                .Append(IsRecord(type) ? "record struct " : "struct ");
        }
        else
        {
            header.Append(type is { IsAbstract: true, IsSealed: true } ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : string.Empty)
                .Append(IsRecord(type) ? "record " : "class ");
            if (type.BaseType is { } baseType && baseType != typeof(object))
            {
                bases.Add(TypeName(baseType, null));
            }
        }

        header.Append(TypeName(type, null));
        if (!type.IsEnum)
        {
            var inherited = type.BaseType?.GetInterfaces() ?? [];
            bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Except(inherited)
                .Select(i => TypeName(i, null)).Order(StringComparer.Ordinal));
        }

        if (bases.Count > 0)
        {
            header.Append(" : ").Append(string.Join(", ", bases));
        }

        return header.Append(Constraints(type.IsGenericTypeDefinition ? type.GetGenericArguments() : [])).ToString();
    }

    /// <summary>The members' lines, each with a key that orders them: constructors, fields, properties, events, methods, then by name.</summary>
    private static IEnumerable<(string SortKey, string Line)> Members(Type type)
    {
        var context = new NullabilityInfoContext();
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var value = Convert.ToString(field.GetRawConstantValue(), CultureInfo.InvariantCulture);
                yield return (value!.PadLeft(20, '0'), field.Name + " = " + value);
            }

            yield break;
        }

        if (type.IsSubclassOf(typeof(MulticastDelegate)))
        {
            yield break;
        }

        foreach (var member in type.GetMembers(Declared))
        {
            var line = member switch
            {
                ConstructorInfo c when Visible(c) && !c.IsStatic => Access(c) + Simple(type) + Parameters(c, context) + ";",
                MethodInfo m when Visible(m) && Shown(m) => Method(m, context),
                PropertyInfo p when p.GetMethod is { } g && Visible(g) || p.SetMethod is { } s && Visible(s) => Property(p, context),
                FieldInfo f when Visible(f) && !f.IsSpecialName => Field(f, context),
                EventInfo e when e.AddMethod is { } add && Visible(add) => Access(add) + Modifiers(add, type) + "event " + TypeName(e.EventHandlerType!, context.Create(e)) + " " + e.Name + ";",
                _ => null,
            };
            if (line is not null && !member.IsDefined(typeof(CompilerGeneratedAttribute), false))
            {
                var kind = member.MemberType switch
                {
                    MemberTypes.Constructor => 0,
                    MemberTypes.Field => 1,
                    MemberTypes.Property => 2,
                    MemberTypes.Event => 3,
                    _ => 4,
                };
                yield return (kind.ToString(CultureInfo.InvariantCulture) + " " + member.Name, line);
            }
        }
    }

    private static bool Shown(MethodInfo method) =>
        !method.Name.Contains('<', StringComparison.Ordinal) && (!method.IsSpecialName || method.Name.StartsWith("op_", StringComparison.Ordinal));

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static bool Visible(FieldInfo field) => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? "public " : "protected ";

    private static string Modifiers(MethodInfo method, Type declaring)
    {
        if (method.IsStatic)
        {
            return method.IsAbstract ? "static abstract " : "static ";
        }

        if (declaring.IsInterface)
        {
            return method.IsAbstract ? string.Empty : "virtual ";
        }

        var overrides = method.GetBaseDefinition() != method;
        return method.IsAbstract ? (overrides ? "abstract override " : "abstract ")
            : overrides ? (method.IsFinal ? "sealed override " : "override ")
            : method.IsVirtual && !method.IsFinal ? "virtual " : string.Empty;
    }

    private static string Method(MethodInfo method, NullabilityInfoContext context)
    {
        var generic = method.IsGenericMethodDefinition ? method.GetGenericArguments() : [];
        var name = generic.Length == 0 ? method.Name : method.Name + "<" + string.Join(", ", generic.Select(g => g.Name)) + ">";
        return Access(method) + Modifiers(method, method.DeclaringType!) + TypeName(method.ReturnType, context.Create(method.ReturnParameter)) + " " +
               name + Parameters(method, context) + Constraints(generic) + ";";
    }

    private static string Property(PropertyInfo property, NullabilityInfoContext context)
    {
        var getter = property.GetMethod is { } g && Visible(g) ? g : null;
        var setter = property.SetMethod is { } s && Visible(s) ? s : null;
        var any = getter ?? setter!;
        var nullability = context.Create(property);
        var indexer = property.GetIndexParameters();
        var name = indexer.Length == 0 ? property.Name : "this[" + string.Join(", ", indexer.Select(p => Parameter(p, context))) + "]";
        var accessors = new StringBuilder(" {");
        if (getter is not null)
        {
            accessors.Append(' ').Append(getter.IsPublic || setter is null || !setter.IsPublic ? string.Empty : "protected ").Append("get;");
        }

        if (setter is not null)
        {
            var init = setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit");
            accessors.Append(' ').Append(setter.IsPublic || getter is null || !getter.IsPublic ? string.Empty : "protected ").Append(init ? "init;" : "set;");
        }

        var type = TypeName(property.PropertyType, nullability);
        return Access(any.IsPublic ? any : (getter?.IsPublic == true ? getter : setter?.IsPublic == true ? setter : any)) +
               Modifiers(any, property.DeclaringType!) + type + " " + name + accessors + " }";
    }

    private static string Field(FieldInfo field, NullabilityInfoContext context)
    {
        var prefix = (field.IsPublic ? "public " : "protected ") +
                     (field.IsLiteral ? "const " : field.IsStatic ? "static " : string.Empty) + (field.IsInitOnly ? "readonly " : string.Empty);
        var value = field.IsLiteral ? " = " + Literal(field.GetRawConstantValue(), field.FieldType) : string.Empty;
        return prefix + TypeName(field.FieldType, context.Create(field)) + " " + field.Name + value + ";";
    }

    private static string Parameters(MethodBase method, NullabilityInfoContext context)
    {
        var extension = method.IsDefined(typeof(ExtensionAttribute), false) ? "this " : string.Empty;
        return "(" + extension + string.Join(", ", method.GetParameters().Select(p => Parameter(p, context))) + ")";
    }

    private static string Parameter(ParameterInfo parameter, NullabilityInfoContext context)
    {
        var type = parameter.ParameterType;
        var prefix = string.Empty;
        if (type.IsByRef)
        {
            prefix = parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ";
            type = type.GetElementType()!;
        }
        else if (parameter.IsDefined(typeof(ParamArrayAttribute), false))
        {
            prefix = "params ";
        }

        var text = prefix + TypeName(type, context.Create(parameter)) + " " + parameter.Name;
        return parameter.HasDefaultValue ? text + " = " + Literal(parameter.DefaultValue, type) : text;
    }

    private static string Literal(object? value, Type type) => value switch
    {
        null => type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : "null",
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        bool b => b ? "true" : "false",
        char c => "'" + c + "'",
        _ when (Nullable.GetUnderlyingType(type) ?? type).IsEnum => (Nullable.GetUnderlyingType(type) ?? type).Name + "." + Enum.ToObject(Nullable.GetUnderlyingType(type) ?? type, value),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Constraints(Type[] generic)
    {
        var text = new StringBuilder();
        foreach (var argument in generic)
        {
            var parts = new List<string>();
            var attributes = argument.GenericParameterAttributes;
            if (attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                parts.Add("struct");
            }
            else if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                parts.Add("class");
            }

            parts.AddRange(argument.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(c => TypeName(c, null)));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                parts.Add("new()");
            }

            if (parts.Count > 0)
            {
                text.Append(" where ").Append(argument.Name).Append(" : ").Append(string.Join(", ", parts));
            }
        }

        return text.ToString();
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null ||
        (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);

    private static string Simple(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    /// <summary>C# spelling of a type: keywords, generics, arrays, <c>T?</c> for nullable value types and annotated references.</summary>
    internal static string TypeName(Type type, NullabilityInfo? nullability)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying, nullability?.GenericTypeArguments.FirstOrDefault()) + "?";
        }

        var suffix = nullability is { ReadState: NullabilityState.Nullable } && !type.IsValueType ? "?" : string.Empty;
        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!, nullability?.ElementType) + "[" + new string(',', type.GetArrayRank() - 1) + "]" + suffix;
        }

        if (type.IsGenericParameter)
        {
            return type.Name + suffix;
        }

        var keyword = Keyword(type);
        if (keyword is not null)
        {
            return keyword + suffix;
        }

        var name = type.IsNested && !type.IsGenericParameter ? TypeName(type.DeclaringType!, null) + "." + Simple(type) : type.Namespace + "." + Simple(type);
        if (type.IsGenericType)
        {
            var own = type.GetGenericArguments();
            var skip = type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0;
            var arguments = own.Skip(skip).Select((a, i) => TypeName(a, nullability?.GenericTypeArguments.ElementAtOrDefault(i + skip))).ToArray();
            if (arguments.Length > 0)
            {
                name += "<" + string.Join(", ", arguments) + ">";
            }
        }

        return name + suffix;
    }

    private static string? Keyword(Type type) =>
        type == typeof(void) ? "void" : type == typeof(object) ? "object" : type == typeof(string) ? "string" :
        type == typeof(bool) ? "bool" : type == typeof(byte) ? "byte" : type == typeof(sbyte) ? "sbyte" :
        type == typeof(short) ? "short" : type == typeof(ushort) ? "ushort" : type == typeof(int) ? "int" :
        type == typeof(uint) ? "uint" : type == typeof(long) ? "long" : type == typeof(ulong) ? "ulong" :
        type == typeof(float) ? "float" : type == typeof(double) ? "double" : type == typeof(decimal) ? "decimal" :
        type == typeof(char) ? "char" : null;
}
