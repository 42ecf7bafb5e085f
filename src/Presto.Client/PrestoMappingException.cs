using System;

namespace Presto;

/// <summary>A column's value could not be put into the target type's member (a type mismatch, a null for a non-nullable member, an overflow).</summary>
public sealed class PrestoMappingException : PrestoException
{
    internal PrestoMappingException(string message, string? column, string? member, Exception? innerException = null)
        : base(message, innerException)
    {
        Column = column;
        Member = member;
    }

    /// <summary>The column (or nested field) whose value failed.</summary>
    public string? Column { get; }

    /// <summary>The target member, as <c>Type.Member</c>.</summary>
    public string? Member { get; }
}
