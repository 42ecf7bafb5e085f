namespace Presto;

/// <summary>Where in the SQL text an error was found (1-based).</summary>
public readonly record struct PrestoErrorLocation(int LineNumber, int ColumnNumber);
