using System.Text;

namespace Presto.PackageTests.Support;

/// <summary>A line diff (longest common subsequence) printed like <c>diff -u</c> without hunk headers.</summary>
internal static class LineDiff
{
    /// <summary>
    /// The lines only in <paramref name="expected"/> (prefixed <c>-</c>) and only in <paramref name="actual"/>
    /// (prefixed <c>+</c>), each with up to <paramref name="context"/> unchanged lines around it; empty when equal.
    /// </summary>
    public static string Format(string expected, string actual, int context = 2, int maxLines = 200)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<(char Kind, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', a[x++]));
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                lines.Add(('+', b[y++]));
            }
            else
            {
                lines.Add(('-', a[x++]));
            }
        }

        var text = new StringBuilder();
        var written = 0;
        var lastShown = -1;
        for (var k = 0; k < lines.Count && written < maxLines; k++)
        {
            var near = false;
            for (var d = Math.Max(0, k - context); d <= Math.Min(lines.Count - 1, k + context) && !near; d++)
            {
                near = lines[d].Kind != ' ';
            }

            if (!near)
            {
                continue;
            }

            if (lastShown >= 0 && k > lastShown + 1)
            {
                text.Append("  ...\n");
            }

            text.Append(lines[k].Kind).Append(' ').Append(lines[k].Text).Append('\n');
            lastShown = k;
            written++;
        }

        return text.ToString();
    }
}
