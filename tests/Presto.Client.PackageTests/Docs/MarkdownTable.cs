namespace Presto.PackageTests.Docs;

/// <summary>Reads the pipe table that follows a heading in a Markdown file.</summary>
internal static class MarkdownTable
{
    /// <summary>
    /// The rows (cells trimmed) of the first table after the line <paramref name="heading"/>; the header row and the
    /// separator are skipped. With <paramref name="headerIsTable"/>, <paramref name="heading"/> is the table's own header
    /// row. Throws when the heading or the table is missing, naming both.
    /// </summary>
    public static IReadOnlyList<string[]> After(string markdown, string heading, string file, bool headerIsTable = false)
    {
        var lines = markdown.Split('\n');
        var at = Array.FindIndex(lines, l => l.TrimEnd() == heading) - (headerIsTable ? 1 : 0);
        if (at < (headerIsTable ? -1 : 0))
        {
            throw new InvalidOperationException($"{file} has no line '{heading}'.");
        }

        var first = Array.FindIndex(lines, at + 1, l => l.StartsWith('|'));
        if (first < 0 || first + 1 >= lines.Length || !lines[first + 1].StartsWith("| ---", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{file} has no table under '{heading}'.");
        }

        var rows = new List<string[]>();
        for (var i = first + 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
            rows.Add(Cells(lines[i]));
        }

        return rows;
    }

    /// <summary>The cells of one table line; <c>\|</c> inside a cell is a literal pipe.</summary>
    public static string[] Cells(string line) =>
        line.Trim().Trim('|').Replace("\\|", "\u0001", StringComparison.Ordinal).Split('|')
            .Select(c => c.Replace("\u0001", "|", StringComparison.Ordinal).Trim()).ToArray();

    /// <summary>The backticked names in a cell (<c>`a`, `b`</c> → a, b).</summary>
    public static IReadOnlyList<string> CodeSpans(string cell)
    {
        var spans = new List<string>();
        for (var i = cell.IndexOf('`', StringComparison.Ordinal); i >= 0;)
        {
            var end = cell.IndexOf('`', i + 1);
            if (end < 0)
            {
                break;
            }

            spans.Add(cell[(i + 1)..end]);
            i = cell.IndexOf('`', end + 1);
        }

        return spans;
    }
}
