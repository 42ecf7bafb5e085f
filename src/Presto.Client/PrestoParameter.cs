using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Presto;

/// <summary>A command parameter.</summary>
public sealed class PrestoParameter : DbParameter
{
    private string _name = string.Empty;
    private string _sourceColumn = string.Empty;

    /// <summary>Creates a parameter.</summary>
    public PrestoParameter()
    {
    }

    /// <summary>Creates a named parameter with a value.</summary>
    public PrestoParameter(string parameterName, object? value)
    {
        ParameterName = parameterName;
        Value = value;
    }

    /// <inheritdoc />
    public override DbType DbType { get; set; } = DbType.String;

    /// <inheritdoc />
    public override ParameterDirection Direction { get; set; } = ParameterDirection.Input;

    /// <inheritdoc />
    public override bool IsNullable { get; set; }

    /// <inheritdoc />
    [AllowNull]
    public override string ParameterName { get => _name; set => _name = value ?? string.Empty; }

    /// <inheritdoc />
    public override int Size { get; set; }

    /// <inheritdoc />
    [AllowNull]
    public override string SourceColumn { get => _sourceColumn; set => _sourceColumn = value ?? string.Empty; }

    /// <inheritdoc />
    public override bool SourceColumnNullMapping { get; set; }

    /// <inheritdoc />
    public override object? Value { get; set; }

    /// <inheritdoc />
    public override void ResetDbType() => DbType = DbType.String;
}
