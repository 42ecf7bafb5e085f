#if NET6_0_OR_GREATER
using System;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Presto;

/// <summary>One statement of a <see cref="PrestoBatch"/>.</summary>
public sealed class PrestoBatchCommand : DbBatchCommand
{
    private string _commandText = string.Empty;

    /// <summary>Creates a batch command.</summary>
    public PrestoBatchCommand()
    {
    }

    /// <summary>Creates a batch command with SQL text.</summary>
    public PrestoBatchCommand(string commandText) => CommandText = commandText;

    /// <summary>One SQL statement (no trailing semicolon needed).</summary>
    [AllowNull]
    public override string CommandText { get => _commandText; set => _commandText = value ?? string.Empty; }

    /// <summary>Only <see cref="System.Data.CommandType.Text"/> is supported.</summary>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException("Presto.Client supports only CommandType.Text.");
            }
        }
    }

    /// <summary>
    /// The server's update count once the statement ran (DML), -1 when it reports none (queries, DDL) or the statement did
    /// not run (yet).
    /// </summary>
    public override int RecordsAffected => UpdateCount is { } count ? (int)Math.Min(int.MaxValue, count) : -1;

    /// <summary>The full 64-bit update count once the statement ran, or <see langword="null"/>.</summary>
    public long? UpdateCount { get; internal set; }

    /// <summary>The parameters, bound as for <see cref="PrestoCommand.Parameters"/>.</summary>
    public new PrestoParameterCollection Parameters { get; } = new();

#if NET8_0_OR_GREATER
    /// <inheritdoc />
    public override bool CanCreateParameter => true;

    /// <inheritdoc />
    public override DbParameter CreateParameter() => new PrestoParameter();
#endif

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => Parameters;
}
#endif
