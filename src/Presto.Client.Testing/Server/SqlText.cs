using System;
using System.Collections.Generic;
using System.Text;

namespace Presto.Testing.Server;

/// <summary>Small lexical helpers that respect string literals, quoted identifiers and comments.</summary>
internal static class SqlText
{
    /// <summary>Removes surrounding whitespace and one trailing semicolon.</summary>
    public static string Normalize(string sql)
    {
        string s = sql.Trim();
        if (s.EndsWith(';'))
        {
            s = s[..^1].TrimEnd();
        }

        return s;
    }

    /// <summary>Splits on <paramref name="separator"/> outside parentheses and brackets (<c>ARRAY[1, 2]</c>), literals and comments.</summary>
    public static List<string> SplitTopLevel(string text, char separator)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int skipped = SkipLiteralOrComment(text, i);
            if (skipped != i)
            {
                i = skipped - 1;
                continue;
            }

            char c = text[i];
            if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                depth--;
            }
            else if (c == separator && depth == 0)
            {
                parts.Add(text[start..i].Trim());
                start = i + 1;
            }
        }

        string last = text[start..].Trim();
        if (last.Length > 0 || parts.Count > 0)
        {
            parts.Add(last);
        }

        return parts;
    }

    /// <summary>Counts the <c>?</c> parameter markers of a statement.</summary>
    public static int CountParameters(string sql) => ReplaceParameters(sql, null, out _);

    /// <summary>Replaces each <c>?</c> marker by the next argument text; returns the number of markers.</summary>
    public static int ReplaceParameters(string sql, IReadOnlyList<string>? arguments, out string result)
    {
        var sb = new StringBuilder(sql.Length);
        int count = 0;
        for (int i = 0; i < sql.Length; i++)
        {
            int skipped = SkipLiteralOrComment(sql, i);
            if (skipped != i)
            {
                sb.Append(sql, i, skipped - i);
                i = skipped - 1;
                continue;
            }

            if (sql[i] == '?')
            {
                sb.Append(arguments is not null && count < arguments.Count ? arguments[count] : "?");
                count++;
            }
            else
            {
                sb.Append(sql[i]);
            }
        }

        result = sb.ToString();
        return count;
    }

    /// <summary>Parses a SQL string literal <c>'it''s'</c> or returns the text unchanged for other literals.</summary>
    public static string LiteralValue(string text)
    {
        string t = text.Trim();
        if (t.Length >= 2 && t[0] == '\'' && t[^1] == '\'')
        {
            return t[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        return t;
    }

    /// <summary>Unquotes a <c>"Quoted"</c> identifier (kept as written) or lower-cases a plain one, as Presto does.</summary>
    public static string Identifier(string text)
    {
        string t = text.Trim();
        if (t.Length >= 2 && t[0] == '"' && t[^1] == '"')
        {
            return t[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }

        return t.ToLowerInvariant();
    }

    /// <summary>Returns the index after a literal or comment starting at <paramref name="i"/>, or <paramref name="i"/> when none starts there.</summary>
    private static int SkipLiteralOrComment(string s, int i)
    {
        char c = s[i];
        if (c is '\'' or '"')
        {
            int j = i + 1;
            while (j < s.Length)
            {
                if (s[j] == c)
                {
                    if (j + 1 < s.Length && s[j + 1] == c)
                    {
                        j += 2;
                        continue;
                    }

                    return j + 1;
                }

                j++;
            }

            return s.Length;
        }

        if (c == '-' && i + 1 < s.Length && s[i + 1] == '-')
        {
            int end = s.IndexOf('\n', i);
            return end < 0 ? s.Length : end + 1;
        }

        if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
        {
            int end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
            return end < 0 ? s.Length : end + 2;
        }

        return i;
    }
}
