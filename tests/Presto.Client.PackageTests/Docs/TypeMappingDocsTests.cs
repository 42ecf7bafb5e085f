using System.Text.RegularExpressions;
using Presto.PackageTests.PublicApi;
using Presto.PackageTests.Support;
using Presto.Testing;

namespace Presto.PackageTests.Docs;

/// <summary>
/// The type table of docs/type-mapping.md against the decoder: for every row that names concrete Presto types, a column of
/// each type is served by the embedded coordinator and the reader's <c>GetFieldType</c> (natural type) and
/// <c>GetProviderSpecificFieldType</c> (exact type, or the natural one where the table says "–") must be the ones listed.
/// Generic rows (<c>array(T)</c>, <c>map(K,V)</c>, <c>row(...)</c>) and "anything else" are covered by the client's own tests.
/// </summary>
public sealed partial class TypeMappingDocsTests
{
    private const string File = "docs/type-mapping.md";

    /// <summary>Types the table names without the parameters a server requires.</summary>
    private static readonly Dictionary<string, string> s_parameterized = new(StringComparer.Ordinal)
    {
        ["qdigest"] = "qdigest(bigint)",
        ["kllsketch"] = "kllsketch(double)",
    };

    [Fact]
    public async Task TypeMapping_doc_names_the_natural_and_exact_type_the_reader_reports()
    {
        var expected = Rows();
        Assert.True(expected.Count >= 25, $"Only {expected.Count} concrete types were read from the table of {File}.");
        var columns = expected.Select((e, i) => new ResultColumn("c" + i, e.PrestoType)).ToList();
        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        server.Script("SELECT every_type", ScriptedResult.FromRows(columns, [new object?[columns.Count]]));
        await using var connection = new PrestoConnection($"Server={server.BaseAddress};User=docs;Dialect=Trino");
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT every_type", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        var problems = new List<string>();
        for (var i = 0; i < expected.Count; i++)
        {
            var (prestoType, natural, exact) = expected[i];
            var actualNatural = Name(reader.GetFieldType(i), natural);
            var actualExact = Name(reader.GetProviderSpecificFieldType(i), exact ?? natural);
            if (actualNatural != natural)
            {
                problems.Add($"{prestoType}: the table says natural type {natural}, the reader reports {actualNatural}.");
            }

            if (actualExact != (exact ?? natural))
            {
                problems.Add($"{prestoType}: the table says exact type {exact ?? "– (the natural type)"}, the reader reports {actualExact}.");
            }
        }

        Assert.True(problems.Count == 0, $"{File} does not match the decoder:\n{string.Join("\n", problems)}");
    }

    /// <summary>(Presto type with concrete parameters, natural CLR type, exact CLR type or null for "–").</summary>
    private static List<(string PrestoType, string Natural, string? Exact)> Rows()
    {
        var rows = new List<(string, string, string?)>();
        foreach (var cells in MarkdownTable.After(RepositoryFiles.Read(File), "| Presto type | Natural CLR type | Exact type | Notes |", File, headerIsTable: true))
        {
            var types = MarkdownTable.CodeSpans(cells[0]);
            var natural = MarkdownTable.CodeSpans(Parenthesized().Replace(cells[1], string.Empty));
            var exact = MarkdownTable.CodeSpans(Parenthesized().Replace(cells[2], string.Empty));
            if (natural.Count == 0 || types.Any(t => Generic().IsMatch(t)))
            {
                continue;
            }

            for (var i = 0; i < types.Count; i++)
            {
                var concrete = s_parameterized.GetValueOrDefault(types[i], types[i]).Replace("(p,s)", "(10,2)", StringComparison.Ordinal).Replace("(p)", "(3)", StringComparison.Ordinal).Replace("(n)", "(10)", StringComparison.Ordinal);
                rows.Add((concrete, natural.Count == types.Count ? natural[i] : natural[0],
                          exact.Count == 0 ? null : exact.Count == types.Count ? exact[i] : exact[0]));
            }
        }

        return rows;
    }

    /// <summary>The reader's type spelled as the table spells it: a C# keyword, a simple name, or a full name when the table uses one.</summary>
    private static string Name(Type type, string asDocumented)
    {
        var full = PublicApiFormatter.TypeName(type, null);
        return asDocumented.Contains('.', StringComparison.Ordinal) ? full : full[(full.LastIndexOf('.') + 1)..];
    }

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesized();

    [GeneratedRegex(@"\b[TKV]\b|\.\.\.")]
    private static partial Regex Generic();
}
