using System;

namespace Presto;

/// <summary>One query of a comparison run (see <see cref="PrestoClusterComparer"/>).</summary>
public sealed class PrestoComparisonQuery
{
    /// <summary>Creates a query.</summary>
    /// <param name="name">A short name for tables and files (e.g. <c>q01</c>).</param>
    /// <param name="sql">The statement; it runs as is on both endpoints, so it should be read-only.</param>
    public PrestoComparisonQuery(string name, string sql)
    {
        Name = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A comparison query needs a name.", nameof(name)) : name;
        Sql = string.IsNullOrWhiteSpace(sql) ? throw new ArgumentException($"Comparison query '{name}' has no SQL.", nameof(sql)) : sql;
    }

    /// <summary>The query's name.</summary>
    public string Name { get; }

    /// <summary>The statement.</summary>
    public string Sql { get; }
}
