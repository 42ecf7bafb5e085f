using Presto.PackageTests.Support;

namespace Presto.PackageTests.Docs;

/// <summary>
/// Code shown in the docs is taken from compiled, CI-run samples: a Markdown block marked <c>&lt;!-- snippet: name --&gt;</c>
/// must equal the region <c>// &lt;snippet:name&gt;</c> of a file under samples/. After editing a sample, refresh the docs with
/// <c>PRESTO_UPDATE_SNIPPETS=1 dotnet test tests/Presto.Client.PackageTests -c Release --filter Snippet</c>.
/// </summary>
public sealed class SnippetTests
{
    private const string UpdateVariable = "PRESTO_UPDATE_SNIPPETS";

    [Fact]
    public void Snippet_blocks_in_the_docs_match_their_sample_regions()
    {
        var regions = Snippets.Regions();
        var problems = new List<string>();
        var shown = 0;
        foreach (var file in Snippets.MarkdownFiles())
        {
            var markdown = RepositoryFiles.Read(file);
            if (RepositoryFiles.UpdateRequested(UpdateVariable))
            {
                var refreshed = Snippets.Refresh(markdown, regions);
                if (refreshed != markdown)
                {
                    File.WriteAllText(RepositoryFiles.PathOf(file), refreshed);
                    markdown = refreshed;
                }
            }

            foreach (var block in Snippets.Blocks(markdown))
            {
                shown++;
                if (!regions.TryGetValue(block.Name, out var region))
                {
                    problems.Add($"{file}:{block.Line}: snippet '{block.Name}' names no region; add '// <snippet:{block.Name}>' … '// </snippet:{block.Name}>' to a sample under samples/.");
                }
                else if (region.Code != block.Code)
                {
                    problems.Add($"{file}:{block.Line}: snippet '{block.Name}' differs from {region.File} ('-' = docs, '+' = sample):\n" +
                                 LineDiff.Format(block.Code, region.Code));
                }
            }
        }

        Assert.True(problems.Count == 0,
            string.Join("\n", problems) + $"\nRefresh the docs from the samples with: {UpdateVariable}=1 dotnet test tests/Presto.Client.PackageTests -c Release --filter Snippet");
        Assert.True(shown >= 50, $"Only {shown} snippet blocks were found in the docs; the marker is '<!-- snippet: name -->' right before a ```csharp fence.");
    }

    /// <summary>
    /// Markdown files whose C# blocks may stay unmarked, with the reason. Keep it tiny: an entry that no longer covers an
    /// unmarked block fails the test, so it is removed once the file is marked.
    /// </summary>
    private static readonly Dictionary<string, string> UnmarkedAllowed = new(StringComparer.Ordinal);

    [Fact]
    public void Every_csharp_block_in_the_docs_is_a_snippet()
    {
        var problems = new List<string>();
        foreach (var file in Snippets.MarkdownFiles())
        {
            var unmarked = Snippets.UnmarkedCodeBlocks(RepositoryFiles.Read(file)).ToList();
            if (UnmarkedAllowed.ContainsKey(file))
            {
                if (unmarked.Count == 0)
                {
                    problems.Add($"{file}: every C# block is a snippet now; remove its entry from {nameof(UnmarkedAllowed)}.");
                }

                continue;
            }

            problems.AddRange(unmarked.Select(line =>
                $"{file}:{line}: a C# block without a snippet marker; move the code into a sample under samples/ between " +
                "'// <snippet:name>' and '// </snippet:name>' and put '<!-- snippet: name -->' on the line before the fence."));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Unmarked_csharp_blocks_are_found()
    {
        var markdown = "<!-- snippet: a -->\n```csharp\nx();\n```\n\n```csharp\ny();\n```\n```cs\nz();\n```\n```bash\nls\n```\n```\n```csharp\n```\n";

        Assert.Equal([6, 9], Snippets.UnmarkedCodeBlocks(markdown));
    }

    [Fact]
    public void Snippet_regions_are_well_formed_and_unique()
    {
        var regions = Snippets.Regions();

        Assert.Contains("parameters-named", regions.Keys);
        Assert.All(regions, r => Assert.False(string.IsNullOrWhiteSpace(r.Value.Code), $"Region '{r.Key}' in {r.Value.File} is empty."));
        Assert.All(regions, r => Assert.DoesNotContain("// <snippet:", r.Value.Code, StringComparison.Ordinal));
    }

    [Fact]
    public void Snippet_refresh_replaces_only_the_marked_block()
    {
        var regions = new Dictionary<string, (string File, string Code)> { ["a"] = ("x.cs", "var x = 1;\nvar y = 2;") };
        var markdown = "Intro\n\n<!-- snippet: a -->\n```csharp\nold();\n```\n\n```csharp\nuntouched();\n```\n";

        var refreshed = Snippets.Refresh(markdown, regions);

        Assert.Equal("Intro\n\n<!-- snippet: a -->\n```csharp\nvar x = 1;\nvar y = 2;\n```\n\n```csharp\nuntouched();\n```\n", refreshed);
        Assert.Equal("var x = 1;\nvar y = 2;", Snippets.Blocks(refreshed).Single().Code);
    }
}
