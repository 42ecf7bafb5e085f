using System.Text;
using System.Text.RegularExpressions;
using Presto.PackageTests.Support;

namespace Presto.PackageTests.Docs;

/// <summary>
/// Code regions of the samples (<c>// &lt;snippet:name&gt;</c> … <c>// &lt;/snippet:name&gt;</c>) and the Markdown code blocks
/// that show them (a <c>&lt;!-- snippet: name --&gt;</c> line right before a <c>```csharp</c> fence).
/// </summary>
internal static partial class Snippets
{
    /// <summary>Every region in <c>samples/</c> (C# files and LINQPad scripts), by name, dedented.</summary>
    public static IReadOnlyDictionary<string, (string File, string Code)> Regions()
    {
        var regions = new Dictionary<string, (string File, string Code)>(StringComparer.Ordinal);
        var samples = RepositoryFiles.PathOf("samples");
        var files = Directory.EnumerateFiles(samples, "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(samples, "*.linq", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = RepositoryFiles.Relative(file);
            var lines = RepositoryFiles.Read(relative).Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var start = RegionStart().Match(lines[i]);
                if (!start.Success)
                {
                    continue;
                }

                var name = start.Groups["name"].Value;
                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == $"// </snippet:{name}>");
                if (end < 0)
                {
                    throw new InvalidOperationException($"{relative}:{i + 1}: region '{name}' has no '// </snippet:{name}>' line.");
                }

                if (!regions.TryAdd(name, (relative, Dedent(lines[(i + 1)..end]))))
                {
                    throw new InvalidOperationException($"Snippet region '{name}' is defined twice: in {regions[name].File} and {relative}.");
                }

                i = end;
            }
        }

        return regions;
    }

    /// <summary>The Markdown files whose code blocks may show snippets: README.md and docs/*.md.</summary>
    public static IEnumerable<string> MarkdownFiles() =>
        new[] { "README.md" }.Concat(Directory.EnumerateFiles(RepositoryFiles.PathOf("docs"), "*.md").Select(RepositoryFiles.Relative).Order(StringComparer.Ordinal));

    /// <summary>The snippet blocks of a Markdown text: name, the code in the block, and where the code starts and ends.</summary>
    public static IEnumerable<(string Name, string Code, int Start, int Length, int Line)> Blocks(string markdown)
    {
        foreach (Match m in SnippetBlock().Matches(markdown))
        {
            var code = m.Groups["code"];
            var line = markdown.AsSpan(0, m.Index).Count('\n') + 1;
            yield return (m.Groups["name"].Value, code.Value.TrimEnd('\n'), code.Index, code.Length, line);
        }
    }

    /// <summary>The Markdown text with every snippet block replaced by its region's current code.</summary>
    public static string Refresh(string markdown, IReadOnlyDictionary<string, (string File, string Code)> regions)
    {
        var text = new StringBuilder(markdown);
        foreach (var block in Blocks(markdown).Reverse())
        {
            if (regions.TryGetValue(block.Name, out var region))
            {
                text.Remove(block.Start, block.Length).Insert(block.Start, region.Code + "\n");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The C# code blocks of a Markdown text (<c>```csharp</c>, <c>```cs</c>, <c>```c#</c>) that no snippet marker precedes,
    /// with their line numbers.
    /// </summary>
    public static IEnumerable<int> UnmarkedCodeBlocks(string markdown)
    {
        var lines = markdown.Split('\n');
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (!line.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            if (inFence)
            {
                inFence = line.Trim() != "```";
                continue;
            }

            inFence = true;
            var language = line[3..].Trim();
            if (CSharpFence().IsMatch(language) && (i == 0 || !SnippetMarker().IsMatch(lines[i - 1].TrimEnd('\r'))))
            {
                yield return i + 1;
            }
        }
    }

    private static string Dedent(string[] lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart(' ').Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart(' '))).TrimEnd('\n');
    }

    [GeneratedRegex(@"^\s*// <snippet:(?<name>[A-Za-z0-9_.-]+)>\s*$")]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"^(csharp|cs|c#)$", RegexOptions.IgnoreCase)]
    private static partial Regex CSharpFence();

    [GeneratedRegex(@"^<!-- snippet: [A-Za-z0-9_.-]+ -->$")]
    private static partial Regex SnippetMarker();

    [GeneratedRegex(@"<!-- snippet: (?<name>[A-Za-z0-9_.-]+) -->\n```csharp\n(?<code>(?:(?!```)[\s\S])*?)```")]
    private static partial Regex SnippetBlock();
}
