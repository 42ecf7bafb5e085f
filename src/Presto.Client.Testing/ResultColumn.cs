namespace Presto.Testing;

/// <summary>A column of a result: its name and its Presto type as SQL text, e.g. <c>decimal(38,10)</c> or <c>array(row(a bigint, b varchar))</c>.</summary>
/// <param name="Name">The column name as the server reports it.</param>
/// <param name="Type">The Presto type; parsed once and reported in the dialect's type-signature form.</param>
public sealed record ResultColumn(string Name, string Type);
