using System;
using System.Collections.Generic;

namespace Presto.Testing.Execution;

/// <summary>One standard error code as each dialect numbers and classifies it.</summary>
internal sealed record StandardError(string Name, int? TrinoCode, string? TrinoType, int? PrestoCode, string? PrestoType, bool PrestoRetriable)
{
    public int CodeFor(ServerDialect dialect) =>
        (dialect == ServerDialect.Trino ? TrinoCode ?? PrestoCode : PrestoCode ?? TrinoCode) ?? 0;

    public string TypeFor(ServerDialect dialect) =>
        (dialect == ServerDialect.Trino ? TrinoType ?? PrestoType : PrestoType ?? TrinoType) ?? "INTERNAL_ERROR";
}

/// <summary>The standard error table of both servers, keyed by error name (numbers collide across dialects).</summary>
internal static partial class StandardErrors
{
    private static readonly Dictionary<string, StandardError> s_byName = Build();

    private static Dictionary<string, StandardError> Build()
    {
        var map = new Dictionary<string, StandardError>(StringComparer.Ordinal);
        foreach (var error in All())
        {
            map[error.Name] = error;
        }

        return map;
    }

    /// <summary>Finds a standard error by name, or returns null when the name is not standard (connector codes, test inventions).</summary>
    public static StandardError? Find(string name) => s_byName.TryGetValue(name, out var e) ? e : null;
}
