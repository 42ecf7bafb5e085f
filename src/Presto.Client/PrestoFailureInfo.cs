using System.Collections.Generic;

namespace Presto;

/// <summary>The server-side exception chain of a failed query (<c>failureInfo</c>).</summary>
public sealed class PrestoFailureInfo
{
    /// <summary>Creates a failure description.</summary>
    public PrestoFailureInfo(string? type, string? message, PrestoFailureInfo? cause, IReadOnlyList<PrestoFailureInfo> suppressed, IReadOnlyList<string> stack, PrestoErrorLocation? errorLocation)
    {
        Type = type;
        Message = message;
        Cause = cause;
        Suppressed = suppressed;
        Stack = stack;
        ErrorLocation = errorLocation;
    }

    /// <summary>The Java exception class.</summary>
    public string? Type { get; }

    /// <summary>The exception message.</summary>
    public string? Message { get; }

    /// <summary>The exception that caused this one.</summary>
    public PrestoFailureInfo? Cause { get; }

    /// <summary>Suppressed exceptions.</summary>
    public IReadOnlyList<PrestoFailureInfo> Suppressed { get; }

    /// <summary>Stack frames as sent.</summary>
    public IReadOnlyList<string> Stack { get; }

    /// <summary>Position in the SQL text, when the server gave one.</summary>
    public PrestoErrorLocation? ErrorLocation { get; }

    /// <inheritdoc />
    public override string ToString() => Message is null ? Type ?? string.Empty : $"{Type}: {Message}";
}
