using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Presto.Testing.Types;

/// <summary>
/// An immutable, parsed Presto/Trino type (PROTOCOL.md §5.3): knows its display name, writes its
/// <c>typeSignature</c> for either dialect and encodes CLR values the way the server does (§6).
/// </summary>
internal sealed partial class PrestoType : IEquatable<PrestoType>
{
    /// <summary>The length Trino and PrestoDB use for unbounded <c>varchar</c>.</summary>
    public const int UnboundedVarcharLength = int.MaxValue;

    /// <summary>Precision of <c>time</c>/<c>timestamp</c> written without one.</summary>
    public const int DefaultDateTimePrecision = 3;

    private readonly TypeParameter[] _parameters;
    private readonly int _length;
    private readonly int _precision;
    private readonly int _scale;
    private readonly string? _decimalFormat;
    private string? _prestoDisplayName;

    private PrestoType(TypeKind kind, string rawType, TypeParameter[] parameters)
    {
        Kind = kind;
        RawType = rawType;
        _parameters = parameters;
        switch (kind)
        {
            case TypeKind.Varchar:
            case TypeKind.Char:
                _length = checked((int)parameters[0].LongValue);
                break;
            case TypeKind.Decimal:
                _precision = (int)parameters[0].LongValue;
                _scale = (int)parameters[1].LongValue;
                _decimalFormat = "F" + _scale.ToString(CultureInfo.InvariantCulture);
                break;
            case TypeKind.Time:
            case TypeKind.TimeWithTimeZone:
            case TypeKind.Timestamp:
            case TypeKind.TimestampWithTimeZone:
                _precision = (int)parameters[0].LongValue;
                break;
            case TypeKind.TimestampMicroseconds:
                _precision = 6;
                break;
        }

        DisplayName = FormatDisplayName(trino: true);
    }

    /// <summary>The type family, for fast dispatch.</summary>
    public TypeKind Kind { get; }

    /// <summary>
    /// The <c>rawType</c> of the signature: <c>varchar</c>, <c>decimal</c>, <c>timestamp with time zone</c>,
    /// <c>interval day to second</c>, <c>array</c>, <c>map</c>, <c>row</c>, <c>HyperLogLog</c>, ...
    /// </summary>
    public string RawType { get; }

    /// <summary>
    /// The canonical parameters as Trino reports them: bare <c>varchar</c> has <c>2147483647</c>, bare <c>char</c> has 1,
    /// bare <c>decimal</c> has 38, 0, <c>time</c>/<c>timestamp</c> without precision have 3.
    /// </summary>
    public IReadOnlyList<TypeParameter> Parameters => _parameters;

    /// <summary>The display name a Trino server reports as the column's <c>type</c> (§5.3), e.g. <c>decimal(10, 6)</c>.</summary>
    public string DisplayName { get; }

    /// <summary><c>varchar(n)</c>/<c>char(n)</c> length; null for unbounded <c>varchar</c> and other types.</summary>
    public int? Length => Kind == TypeKind.Char || (Kind == TypeKind.Varchar && _length != UnboundedVarcharLength) ? _length : null;

    /// <summary>Whether this is an unbounded <c>varchar</c>.</summary>
    public bool IsUnboundedVarchar => Kind == TypeKind.Varchar && _length == UnboundedVarcharLength;

    /// <summary>Decimal precision, or fractional-second precision of <c>time</c>/<c>timestamp</c> types; null otherwise.</summary>
    public int? Precision => Kind is TypeKind.Decimal or TypeKind.Time or TypeKind.TimeWithTimeZone or TypeKind.Timestamp
        or TypeKind.TimestampWithTimeZone or TypeKind.TimestampMicroseconds ? _precision : null;

    /// <summary>Decimal scale; null for other types.</summary>
    public int? Scale => Kind == TypeKind.Decimal ? _scale : null;

    /// <summary>The element type of an <c>array</c>; null otherwise.</summary>
    public PrestoType? ElementType => Kind == TypeKind.Array ? _parameters[0].Type : null;

    /// <summary>The key type of a <c>map</c>; null otherwise.</summary>
    public PrestoType? KeyType => Kind == TypeKind.Map ? _parameters[0].Type : null;

    /// <summary>The value type of a <c>map</c>; null otherwise.</summary>
    public PrestoType? ValueType => Kind == TypeKind.Map ? _parameters[1].Type : null;

    /// <summary>The fields of a <c>row</c> (each <see cref="TypeParameterKind.NamedType"/>); empty otherwise.</summary>
    public IReadOnlyList<TypeParameter> Fields => Kind == TypeKind.Row ? _parameters : System.Array.Empty<TypeParameter>();

    /// <summary>Parses any Presto/Trino type text; throws <see cref="FormatException"/> on bad text.</summary>
    public static PrestoType Parse(string text) => PrestoTypeParser.Parse(text);

    /// <summary>Parses type text; false (and null) on bad text.</summary>
    public static bool TryParse(string? text, out PrestoType? type)
    {
        if (text is null)
        {
            type = null;
            return false;
        }

        try
        {
            type = PrestoTypeParser.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            type = null;
            return false;
        }
    }

    /// <summary>Builds a type from already validated parts (used by the parser).</summary>
    internal static PrestoType Create(TypeKind kind, string rawType, TypeParameter[] parameters) => new(kind, rawType, parameters);

    /// <summary>The display name the given dialect reports as the column's <c>type</c>: Trino <c>decimal(10, 6)</c>, PrestoDB <c>decimal(10,6)</c>.</summary>
    public string GetDisplayName(ServerDialect dialect) =>
        dialect == ServerDialect.Presto ? _prestoDisplayName ??= FormatDisplayName(trino: false) : DisplayName;

    /// <inheritdoc />
    public override string ToString() => DisplayName;

    /// <inheritdoc />
    public bool Equals(PrestoType? other) =>
        other is not null && (ReferenceEquals(this, other) || (Kind == other.Kind && string.Equals(DisplayName, other.DisplayName, StringComparison.Ordinal)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PrestoType);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(DisplayName);

    /// <summary>
    /// Writes the <c>typeSignature</c> object. Trino: <c>{"rawType":..,"arguments":[{"kind":"LONG"|"TYPE"|"NAMED_TYPE","value":..}]}</c>.
    /// PrestoDB: <c>{"rawType":..,"typeArguments":[..],"literalArguments":[..],"arguments":[{"kind":"LONG_LITERAL"|"TYPE_SIGNATURE"|"NAMED_TYPE_SIGNATURE",..}]}</c>
    /// where a row field's nested signature is a plain type string.
    /// </summary>
    public void WriteSignature(Utf8JsonWriter writer, ServerDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (dialect == ServerDialect.Presto)
        {
            WritePrestoSignature(writer);
        }
        else
        {
            WriteTrinoSignature(writer);
        }
    }

    private void WriteTrinoSignature(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("rawType"u8, RawType);
        writer.WriteStartArray("arguments"u8);
        foreach (TypeParameter parameter in _parameters)
        {
            writer.WriteStartObject();
            switch (parameter.Kind)
            {
                case TypeParameterKind.Long:
                    writer.WriteString("kind"u8, "LONG"u8);
                    writer.WriteNumber("value"u8, parameter.LongValue);
                    break;
                case TypeParameterKind.Type:
                    writer.WriteString("kind"u8, "TYPE"u8);
                    writer.WritePropertyName("value"u8);
                    parameter.Type!.WriteTrinoSignature(writer);
                    break;
                default:
                    writer.WriteString("kind"u8, "NAMED_TYPE"u8);
                    writer.WriteStartObject("value"u8);
                    if (parameter.FieldName is not null)
                    {
                        writer.WriteStartObject("fieldName"u8);
                        writer.WriteString("name"u8, parameter.FieldName);
                        writer.WriteEndObject();
                    }

                    writer.WritePropertyName("typeSignature"u8);
                    parameter.Type!.WriteTrinoSignature(writer);
                    writer.WriteEndObject();
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private bool HasPrestoArguments => Kind is not (TypeKind.Time or TypeKind.TimeWithTimeZone or TypeKind.Timestamp or TypeKind.TimestampWithTimeZone);

    private void WritePrestoSignature(Utf8JsonWriter writer)
    {
        // ClientTypeSignature getters: typeArguments/literalArguments are the deprecated views of
        // "arguments" (empty as soon as one argument is not a type / not a named type).
        TypeParameter[] parameters = HasPrestoArguments ? _parameters : System.Array.Empty<TypeParameter>();
        bool allTypes = parameters.Length > 0;
        bool allNamed = parameters.Length > 0;
        foreach (TypeParameter parameter in parameters)
        {
            allTypes &= parameter.Kind != TypeParameterKind.Long;
            allNamed &= parameter.Kind == TypeParameterKind.NamedType;
        }

        writer.WriteStartObject();
        writer.WriteString("rawType"u8, RawType);
        writer.WriteStartArray("typeArguments"u8);
        if (allTypes)
        {
            foreach (TypeParameter parameter in parameters)
            {
                parameter.Type!.WritePrestoSignature(writer);
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray("literalArguments"u8);
        if (allNamed)
        {
            foreach (TypeParameter parameter in parameters)
            {
                if (parameter.FieldName is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(parameter.FieldName);
                }
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray("arguments"u8);
        foreach (TypeParameter parameter in parameters)
        {
            writer.WriteStartObject();
            switch (parameter.Kind)
            {
                case TypeParameterKind.Long:
                    writer.WriteString("kind"u8, "LONG_LITERAL"u8);
                    writer.WriteNumber("value"u8, parameter.LongValue);
                    break;
                case TypeParameterKind.Type:
                    writer.WriteString("kind"u8, "TYPE_SIGNATURE"u8);
                    writer.WritePropertyName("value"u8);
                    parameter.Type!.WritePrestoSignature(writer);
                    break;
                default:
                    writer.WriteString("kind"u8, "NAMED_TYPE_SIGNATURE"u8);
                    writer.WriteStartObject("value"u8);
                    if (parameter.FieldName is not null)
                    {
                        writer.WriteStartObject("fieldName"u8);
                        writer.WriteString("name"u8, parameter.FieldName);
                        writer.WriteBoolean("delimited"u8, parameter.IsDelimited);
                        writer.WriteEndObject();
                    }

                    writer.WriteString("typeSignature"u8, parameter.Type!.GetDisplayName(ServerDialect.Presto));
                    writer.WriteEndObject();
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Trino formats with the SQL type formatter (<c>", "</c> between arguments, <c>timestamp(6) with time zone</c>);
    /// PrestoDB with <c>TypeSignature.toString()</c> (<c>","</c>, no date-time precision).
    /// </summary>
    private string FormatDisplayName(bool trino)
    {
        string separator = trino ? ", " : ",";
        switch (Kind)
        {
            case TypeKind.Varchar when _length == UnboundedVarcharLength:
                return "varchar";
            case TypeKind.Time:
            case TypeKind.Timestamp:
                return trino ? RawType + "(" + _precision.ToString(CultureInfo.InvariantCulture) + ")" : RawType;
            case TypeKind.TimeWithTimeZone:
            case TypeKind.TimestampWithTimeZone:
                return trino
                    ? (Kind == TypeKind.TimeWithTimeZone ? "time(" : "timestamp(") + _precision.ToString(CultureInfo.InvariantCulture) + ") with time zone"
                    : RawType;
        }

        if (_parameters.Length == 0)
        {
            return RawType;
        }

        var builder = new StringBuilder(RawType.Length + 16);
        builder.Append(RawType).Append('(');
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            TypeParameter parameter = _parameters[i];
            switch (parameter.Kind)
            {
                case TypeParameterKind.Long:
                    builder.Append(parameter.LongValue.ToString(CultureInfo.InvariantCulture));
                    break;
                case TypeParameterKind.Type:
                    builder.Append(trino ? parameter.Type!.DisplayName : parameter.Type!.GetDisplayName(ServerDialect.Presto));
                    break;
                default:
                    if (parameter.FieldName is not null)
                    {
                        builder.Append(FormatFieldName(parameter.FieldName, parameter.IsDelimited, trino)).Append(' ');
                    }

                    builder.Append(trino ? parameter.Type!.DisplayName : parameter.Type!.GetDisplayName(ServerDialect.Presto));
                    break;
            }
        }

        return builder.Append(')').ToString();
    }

    /// <summary>A row field name as it appears in a display name: quoted when it was quoted (PrestoDB) or must be (Trino).</summary>
    internal static string FormatFieldName(string name, bool isDelimited, bool trino)
    {
        bool quote = trino ? !PrestoTypeParser.IsPlainIdentifier(name) : isDelimited;
        return quote ? "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : name;
    }
}
