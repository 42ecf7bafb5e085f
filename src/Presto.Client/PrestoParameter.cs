using System;
using System.Collections;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Numerics;

namespace Presto;

/// <summary>
/// A command parameter, sent as a typed literal of a server-side prepared statement (<c>EXECUTE … USING</c>); see
/// docs/ado-net.md, "Parameters", for the literal of each CLR type.
/// </summary>
public sealed class PrestoParameter : DbParameter
{
    private string _name = string.Empty;
    private string _sourceColumn = string.Empty;
    private DbType? _dbType;
    private string? _prestoTypeName;

    /// <summary>Creates a parameter.</summary>
    public PrestoParameter()
    {
    }

    /// <summary>A copy for another command (the fluent client binds the same parameters on every run).</summary>
    internal PrestoParameter Clone() => (PrestoParameter)MemberwiseClone();

    /// <summary>Creates a named parameter with a value.</summary>
    public PrestoParameter(string parameterName, object? value)
    {
        ParameterName = parameterName;
        Value = value;
    }

    /// <summary>Creates a named parameter with a value and an explicit <see cref="System.Data.DbType"/>.</summary>
    public PrestoParameter(string parameterName, DbType dbType, object? value)
        : this(parameterName, value)
    {
        DbType = dbType;
    }

    /// <summary>
    /// The parameter's type. Unless set, it is inferred from <see cref="Value"/> (<see cref="System.Data.DbType.Object"/>
    /// when unknown or null). An explicitly set type gives a null its type (<c>CAST(NULL AS bigint)</c>) and turns a
    /// <see cref="DateTime"/> into a <c>DATE</c> (<see cref="System.Data.DbType.Date"/>) or a <see cref="DateTime"/>/<see cref="TimeSpan"/>
    /// into a <c>TIME</c> (<see cref="System.Data.DbType.Time"/>); other values keep the type of their CLR value.
    /// </summary>
    public override DbType DbType
    {
        get => _dbType ?? Infer(Value);
        set => _dbType = value;
    }

    /// <summary>
    /// An explicit Presto type such as <c>decimal(38,2)</c> or <c>array(varchar)</c>: the literal is sent as
    /// <c>CAST(literal AS type)</c>, and a null as <c>CAST(NULL AS type)</c>. Only type syntax is accepted (letters,
    /// digits, <c>_</c>, <c>,</c>, spaces and parentheses).
    /// </summary>
    public string? PrestoTypeName
    {
        get => _prestoTypeName;
        set => _prestoTypeName = string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }

    /// <summary>Only <see cref="ParameterDirection.Input"/> is supported.</summary>
    public override ParameterDirection Direction
    {
        get => ParameterDirection.Input;
        set
        {
            if (value != ParameterDirection.Input)
            {
                throw new NotSupportedException("Presto.Client supports only input parameters.");
            }
        }
    }

    /// <inheritdoc />
    public override bool IsNullable { get; set; }

    /// <summary>The name, as written or without its prefix: <c>@id</c>, <c>:id</c>, <c>$id</c> and <c>id</c> all match the placeholder <c>@id</c> or <c>:id</c>.</summary>
    [AllowNull]
    public override string ParameterName { get => _name; set => _name = value ?? string.Empty; }

    /// <inheritdoc />
    public override int Size { get; set; }

    /// <inheritdoc />
    [AllowNull]
    public override string SourceColumn { get => _sourceColumn; set => _sourceColumn = value ?? string.Empty; }

    /// <inheritdoc />
    public override bool SourceColumnNullMapping { get; set; }

    /// <summary>The value; <see langword="null"/> and <see cref="DBNull.Value"/> are SQL <c>NULL</c>.</summary>
    public override object? Value { get; set; }

    /// <summary>Forgets an explicitly set <see cref="DbType"/> (it is inferred from the value again).</summary>
    public override void ResetDbType() => _dbType = null;

    internal bool IsDbTypeSet => _dbType.HasValue;

    /// <summary>The name without its <c>@</c>, <c>:</c> or <c>$</c> prefix.</summary>
    internal string NormalizedName => NormalizeName(_name);

    internal static string NormalizeName(string? name) => name is { Length: > 0 } && name[0] is '@' or ':' or '$' ? name.Substring(1) : name ?? string.Empty;

    private static DbType Infer(object? value) => value switch
    {
        null or DBNull => DbType.Object,
        string => DbType.String,
        char => DbType.StringFixedLength,
        bool => DbType.Boolean,
        sbyte => DbType.SByte,
        byte => DbType.Byte,
        short => DbType.Int16,
        ushort => DbType.UInt16,
        int => DbType.Int32,
        uint => DbType.UInt32,
        long => DbType.Int64,
        ulong => DbType.UInt64,
        float => DbType.Single,
        double => DbType.Double,
        decimal or PrestoDecimal or BigInteger => DbType.Decimal,
        byte[] => DbType.Binary,
        Guid => DbType.Guid,
        DateTime => DbType.DateTime2,
        DateTimeOffset => DbType.DateTimeOffset,
#if NET6_0_OR_GREATER
        DateOnly => DbType.Date,
        TimeOnly => DbType.Time,
#endif
        PrestoDate => DbType.Date,
        PrestoTime => DbType.Time,
        PrestoTimestamp => DbType.DateTime2,
        PrestoTimestampWithTimeZone => DbType.DateTimeOffset,
        Enum e => Infer(Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), System.Globalization.CultureInfo.InvariantCulture)),
        IPAddress or TimeSpan or IEnumerable => DbType.Object,
        _ => DbType.Object,
    };
}
