using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Presto.Types;

/// <summary>
/// A parsed Presto/Trino type: the raw type name plus its parameters (lengths, precisions, element
/// types, named row fields). Built once per column from the <c>typeSignature</c> JSON (or a type
/// string) and shared by every cell of that column.
/// </summary>
internal sealed class TypeSignature
{
    public TypeSignature(string rawType, IReadOnlyList<TypeArgument>? arguments = null)
    {
        RawType = rawType ?? throw new ArgumentNullException(nameof(rawType));
        Arguments = arguments ?? Array.Empty<TypeArgument>();
    }

    /// <summary>Base name as sent, compared case-sensitively (<c>bigint</c>, <c>HyperLogLog</c>).</summary>
    public string RawType { get; }

    /// <summary>Parameters in declaration order.</summary>
    public IReadOnlyList<TypeArgument> Arguments { get; }

    /// <summary>The n-th argument as a number (length, precision, scale), or <paramref name="fallback"/>.</summary>
    public long GetLong(int index, long fallback) =>
        index < Arguments.Count && Arguments[index] is TypeArgument.Long l ? l.Value : fallback;

    /// <summary>The n-th argument as a nested type (array element, map key/value).</summary>
    public TypeSignature? GetType(int index) => index < Arguments.Count ? Arguments[index] switch
    {
        TypeArgument.Type t => t.Signature,
        TypeArgument.NamedType n => n.Signature,
        _ => null,
    } : null;

    /// <summary>Canonical text, e.g. <c>decimal(10,2)</c>, <c>row(a bigint,b varchar)</c>, <c>timestamp(3) with time zone</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Append(sb);
        return sb.ToString();
    }

    private void Append(StringBuilder sb)
    {
        const string withTimeZone = " with time zone";
        var raw = RawType;
        var suffix = string.Empty;
        if (raw.EndsWith(withTimeZone, StringComparison.Ordinal))
        {
            suffix = withTimeZone;
            raw = raw.Substring(0, raw.Length - withTimeZone.Length);
        }

        sb.Append(raw);
        if (Arguments.Count > 0)
        {
            sb.Append('(');
            for (var i = 0; i < Arguments.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                switch (Arguments[i])
                {
                    case TypeArgument.Long l:
                        sb.Append(l.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    case TypeArgument.Type t:
                        t.Signature.Append(sb);
                        break;
                    case TypeArgument.NamedType n:
                        if (n.Name is not null)
                        {
                            if (TypeTextParser.IsPlainIdentifier(n.Name))
                            {
                                sb.Append(n.Name);
                            }
                            else
                            {
                                sb.Append('"').Append(n.Name.Replace("\"", "\"\"")).Append('"');
                            }

                            sb.Append(' ');
                        }

                        n.Signature.Append(sb);
                        break;
                    case TypeArgument.Other o:
                        sb.Append(o.Text);
                        break;
                }
            }

            sb.Append(')');
        }

        sb.Append(suffix);
    }

    /// <summary>Field names of a <c>row</c> type (null entries for anonymous fields).</summary>
    public IReadOnlyList<string?> FieldNames =>
        Arguments.Select(a => a is TypeArgument.NamedType n ? n.Name : null).ToArray();
}

/// <summary>One parameter of a <see cref="TypeSignature"/>.</summary>
internal abstract class TypeArgument
{
    private TypeArgument()
    {
    }

    /// <summary>A number: varchar length, decimal precision/scale, datetime precision.</summary>
    public sealed class Long(long value) : TypeArgument
    {
        public long Value { get; } = value;
    }

    /// <summary>A nested type: array element, map key or value.</summary>
    public sealed class Type(TypeSignature signature) : TypeArgument
    {
        public TypeSignature Signature { get; } = signature;
    }

    /// <summary>A row field: optional name plus type.</summary>
    public sealed class NamedType(string? name, TypeSignature signature) : TypeArgument
    {
        public string? Name { get; } = name;

        public TypeSignature Signature { get; } = signature;
    }

    /// <summary>Anything else (PrestoDB enum literals, future kinds), kept as text.</summary>
    public sealed class Other(string text) : TypeArgument
    {
        public string Text { get; } = text;
    }
}
