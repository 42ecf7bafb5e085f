using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Presto.PackageTests.Support;

namespace Presto.PackageTests.Docs;

/// <summary>
/// docs/connection-strings.md against <see cref="PrestoConnectionStringBuilder"/>, the source of truth: one row per keyword
/// (a property with <c>[DisplayName]</c>), with exactly the builder's aliases, its <c>[DefaultValue]</c> and <c>[Category]</c>.
/// A failure prints the row to add or the cell to change.
/// </summary>
public sealed class ConnectionStringDocsTests
{
    private const string File = "docs/connection-strings.md";
    private const string Heading = "## Keywords";

    [Fact]
    public void ConnectionStrings_doc_lists_every_keyword_with_its_aliases_default_and_category()
    {
        var rows = MarkdownTable.After(RepositoryFiles.Read(File), Heading, File);
        var documented = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var row in rows)
        {
            var keyword = MarkdownTable.CodeSpans(row[0]).SingleOrDefault() ?? row[0];
            if (row.Length != 5)
            {
                problems.Add($"Row '{keyword}' has {row.Length} cells; the table's columns are Keyword | Aliases | Default | Category | Meaning.");
            }
            else if (!documented.TryAdd(keyword, row))
            {
                problems.Add($"Keyword '{keyword}' has two rows.");
            }
        }

        var aliases = Aliases();
        foreach (var keyword in Keywords())
        {
            var expectedAliases = aliases.Where(a => a.Value == keyword.Name && a.Key != keyword.Name).Select(a => a.Key).Order(StringComparer.Ordinal).ToArray();
            if (!documented.Remove(keyword.Name, out var row))
            {
                problems.Add($"No row for keyword '{keyword.Name}'. Add under '{Heading}':\n  {ExpectedRow(keyword, expectedAliases)}");
                continue;
            }

            var listed = MarkdownTable.CodeSpans(row[1]).Order(StringComparer.Ordinal).ToArray();
            if (!listed.SequenceEqual(expectedAliases))
            {
                problems.Add($"Keyword '{keyword.Name}': the Aliases cell lists [{string.Join(", ", listed)}], the builder accepts [{string.Join(", ", expectedAliases)}]. Write: {AliasCell(expectedAliases)}");
            }

            var defaultCell = DefaultCell(keyword.Default);
            if (!row[2].StartsWith(defaultCell, StringComparison.Ordinal))
            {
                problems.Add($"Keyword '{keyword.Name}': the Default cell is '{row[2]}' but the builder's default is {defaultCell}.");
            }

            if (row[3] != keyword.Category)
            {
                problems.Add($"Keyword '{keyword.Name}': the Category cell is '{row[3]}', the builder's [Category] is '{keyword.Category}'.");
            }

            if (row[4].Length == 0)
            {
                problems.Add($"Keyword '{keyword.Name}' has no meaning; the builder's description: {keyword.Description}");
            }
        }

        foreach (var extra in documented.Keys)
        {
            problems.Add($"Row '{extra}' names no keyword of PrestoConnectionStringBuilder: remove it (or add the keyword to the builder).");
        }

        Assert.True(problems.Count == 0, $"{File} does not match PrestoConnectionStringBuilder:\n{string.Join("\n", problems)}");
    }

    /// <summary>
    /// docs/ado-net.md repeats the keywords in a shorter table (Keyword | Aliases | Default | Meaning); it must name the
    /// same keywords, with the same aliases and defaults.
    /// </summary>
    [Fact]
    public void AdoNet_doc_keyword_table_matches_the_builder()
    {
        const string adoNet = "docs/ado-net.md";
        var rows = MarkdownTable.After(RepositoryFiles.Read(adoNet), "## Connection string", adoNet);
        var documented = rows.ToDictionary(r => MarkdownTable.CodeSpans(r[0]).SingleOrDefault() ?? r[0], StringComparer.Ordinal);
        var aliases = Aliases();
        var problems = new List<string>();
        foreach (var keyword in Keywords())
        {
            if (!documented.Remove(keyword.Name, out var row))
            {
                problems.Add($"No row for keyword '{keyword.Name}'.");
                continue;
            }

            var expectedAliases = aliases.Where(a => a.Value == keyword.Name && a.Key != keyword.Name).Select(a => a.Key).Order(StringComparer.Ordinal).ToArray();
            if (!MarkdownTable.CodeSpans(row[1]).Order(StringComparer.Ordinal).SequenceEqual(expectedAliases))
            {
                problems.Add($"Keyword '{keyword.Name}': the Aliases cell is '{row[1]}'. Write: {AliasCell(expectedAliases)}");
            }

            if (!row[2].StartsWith(DefaultCell(keyword.Default), StringComparison.Ordinal))
            {
                problems.Add($"Keyword '{keyword.Name}': the Default cell is '{row[2]}' but the builder's default is {DefaultCell(keyword.Default)}.");
            }
        }

        problems.AddRange(documented.Keys.Select(extra => $"Row '{extra}' names no keyword of PrestoConnectionStringBuilder."));
        Assert.True(problems.Count == 0, $"{adoNet} does not match PrestoConnectionStringBuilder:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void ConnectionStrings_doc_aliases_are_accepted_by_the_builder()
    {
        var rows = MarkdownTable.After(RepositoryFiles.Read(File), Heading, File);

        foreach (var row in rows)
        {
            var keyword = MarkdownTable.CodeSpans(row[0]).Single();
            foreach (var alias in MarkdownTable.CodeSpans(row[1]))
            {
                var builder = new PrestoConnectionStringBuilder($"{alias}=x");
                Assert.True(builder.ContainsKey(keyword), $"'{alias}=x' does not set '{keyword}'.");
                Assert.StartsWith(keyword + "=", builder.ConnectionString, StringComparison.Ordinal);
            }
        }
    }

    private static IEnumerable<(string Name, object? Default, string Category, string Description)> Keywords() =>
        typeof(PrestoConnectionStringBuilder).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Name: p.GetCustomAttribute<DisplayNameAttribute>()?.DisplayName))
            .Where(p => p.Name is not null)
            .Select(p => (p.Name!, p.Property.GetCustomAttribute<DefaultValueAttribute>()?.Value,
                          p.Property.GetCustomAttribute<CategoryAttribute>()?.Category ?? "Misc",
                          p.Property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? string.Empty));

    /// <summary>Every accepted keyword spelling and the canonical keyword it means (the builder's private alias table).</summary>
    private static IReadOnlyDictionary<string, string> Aliases()
    {
        var field = typeof(PrestoConnectionStringBuilder).GetField("s_canonical", BindingFlags.NonPublic | BindingFlags.Static);
        return field?.GetValue(null) as IReadOnlyDictionary<string, string>
            ?? throw new InvalidOperationException(
                "PrestoConnectionStringBuilder no longer has the static Dictionary<string, string> 's_canonical' (alias → keyword) this test reads; update the test to the new alias table.");
    }

    private static string DefaultCell(object? value) => value switch
    {
        null => "—",
        bool b => b ? "`true`" : "`false`",
        IFormattable f => "`" + f.ToString(null, CultureInfo.InvariantCulture) + "`",
        _ => "`" + value + "`",
    };

    private static string AliasCell(string[] aliases) => string.Join(", ", aliases.Select(a => "`" + a + "`"));

    private static string ExpectedRow((string Name, object? Default, string Category, string Description) keyword, string[] aliases) =>
        $"| `{keyword.Name}` | {AliasCell(aliases)} | {DefaultCell(keyword.Default)} | {keyword.Category} | {keyword.Description} |";
}
