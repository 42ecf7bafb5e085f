using System;
using System.Collections.Generic;
using System.Text;

namespace Presto.Sql;

/// <summary>
/// Finds the parameter placeholders of a statement — <c>@name</c>, <c>:name</c> and positional <c>?</c> — outside
/// <c>'…'</c> string literals (<c>''</c> escapes; also <c>X'…'</c> and <c>U&amp;'…'</c>), <c>"…"</c> and <c>`…`</c> quoted
/// identifiers, <c>-- …</c> line comments and <c>/* … */</c> block comments, and rewrites the statement with <c>?</c>
/// markers for a server-side prepared statement. <c>@@x</c> and <c>::</c> are not placeholders, nor is an <c>@</c> or
/// <c>:</c> inside a word (Presto identifiers may contain both after their first character: <c>a@b</c>, <c>x:y</c>).
/// </summary>
internal static class SqlParameterScanner
{
    /// <summary>The scan of one statement.</summary>
    /// <param name="Sql">The statement with every placeholder replaced by <c>?</c> (the text is otherwise unchanged).</param>
    /// <param name="Names">The placeholder names in order of appearance, without prefix (a name used twice appears twice); empty for positional markers.</param>
    /// <param name="PositionalCount">The number of <c>?</c> markers.</param>
    public sealed record Result(string Sql, IReadOnlyList<string> Names, int PositionalCount)
    {
        /// <summary>The number of placeholders of either kind.</summary>
        public int Count => Names.Count + PositionalCount;
    }

    /// <summary>Scans <paramref name="sql"/>.</summary>
    /// <exception cref="InvalidOperationException">The statement mixes named and positional placeholders.</exception>
    public static Result Scan(string sql)
    {
        StringBuilder? rewritten = null;
        var names = new List<string>();
        int positional = 0;
        int copied = 0;
        int i = 0;
        while (i < sql.Length)
        {
            int skipped = SkipLiteralOrComment(sql, i);
            if (skipped != i)
            {
                i = skipped;
                continue;
            }

            char c = sql[i];
            switch (c)
            {
                case '?':
                    positional++;
                    i++;
                    continue;
                case '@':
                case ':':
                    if (IsPlaceholderStart(sql, i, c))
                    {
                        int end = i + 1;
                        while (end < sql.Length && IsNamePart(sql[end]))
                        {
                            end++;
                        }

                        names.Add(sql.Substring(i + 1, end - i - 1));
                        rewritten ??= new StringBuilder(sql.Length);
                        rewritten.Append(sql, copied, i - copied).Append('?');
                        copied = end;
                        i = end;
                        continue;
                    }

                    // Skip a whole run (@@x, ::) so its second character is not taken for a placeholder.
                    while (i < sql.Length && sql[i] == c)
                    {
                        i++;
                    }

                    continue;
                default:
                    i++;
                    continue;
            }
        }

        if (names.Count > 0 && positional > 0)
        {
            throw new InvalidOperationException(
                "The statement mixes named (@name or :name) and positional (?) parameter placeholders; use one style.");
        }

        if (rewritten is null)
        {
            return new Result(sql, names, positional);
        }

        rewritten.Append(sql, copied, sql.Length - copied);
        return new Result(rewritten.ToString(), names, positional);
    }

    /// <summary>
    /// Splits a command text into its statements at top-level <c>;</c> (outside literals, quoted identifiers and
    /// comments), dropping empty ones, so <c>SELECT 1;</c> is one statement. Text with a top-level <c>BEGIN</c> word is
    /// never split: Trino SQL routines (<c>CREATE FUNCTION … BEGIN …; …; END</c>) hold semicolons in their bodies.
    /// </summary>
    public static IReadOnlyList<string> SplitStatements(string sql)
    {
        var statements = new List<string>();
        int start = 0;
        int i = 0;
        while (i < sql.Length)
        {
            int skipped = SkipLiteralOrComment(sql, i);
            if (skipped != i)
            {
                i = skipped;
                continue;
            }

            char c = sql[i];
            switch (c)
            {
                case 'b' or 'B' when IsWord(sql, i, "BEGIN"):
                    return new[] { sql.Trim().TrimEnd(';').TrimEnd() };
                case ';':
                    Add(statements, sql.Substring(start, i - start));
                    start = ++i;
                    continue;
                default:
                    i++;
                    continue;
            }
        }

        Add(statements, sql.Substring(start));
        return statements;

        static void Add(List<string> list, string statement)
        {
            if (!IsOnlyComments(statement))
            {
                list.Add(statement.Trim());
            }
        }
    }

    private static bool IsOnlyComments(string s)
    {
        int i = 0;
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            else if (s[i] is '-' or '/' && SkipLiteralOrComment(s, i) is var end && end != i)
            {
                i = end;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The index after the string literal, quoted identifier or comment that starts at <paramref name="i"/>, or
    /// <paramref name="i"/> itself when none starts there: the one place that knows which text is not SQL code.
    /// </summary>
    internal static int SkipLiteralOrComment(string s, int i) => s[i] switch
    {
        '\'' or '"' or '`' => SkipQuoted(s, i, s[i]),
        '-' when At(s, i + 1) == '-' => SkipLineComment(s, i),
        '/' when At(s, i + 1) == '*' => SkipBlockComment(s, i),
        _ => i,
    };

    private static bool IsWord(string s, int i, string word) =>
        (i == 0 || !IsNamePart(s[i - 1])) &&
        string.Compare(s, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
        (i + word.Length >= s.Length || !IsNamePart(s[i + word.Length]));

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static bool IsPlaceholderStart(string s, int i, char prefix)
    {
        // Not inside a word or number (identifiers may hold @ and :), not a doubled prefix (@@x, ::), and a name follows.
        if (i > 0 && (IsNamePart(s[i - 1]) || s[i - 1] == prefix || s[i - 1] is '@' or ':' or '$'))
        {
            return false;
        }

        char next = At(s, i + 1);
        return next != prefix && IsNameStart(next);
    }

    private static bool IsNameStart(char c) => c == '_' || char.IsLetter(c);

    internal static bool IsNamePart(char c) => c == '_' || char.IsLetterOrDigit(c);

    private static int SkipQuoted(string s, int i, char quote)
    {
        int j = i + 1;
        while (j < s.Length)
        {
            if (s[j] == quote)
            {
                if (j + 1 < s.Length && s[j + 1] == quote)
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

    private static int SkipLineComment(string s, int i)
    {
        int j = i + 2;
        while (j < s.Length && s[j] != '\n' && s[j] != '\r')
        {
            j++;
        }

        return j;
    }

    private static int SkipBlockComment(string s, int i)
    {
        int end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
        return end < 0 ? s.Length : end + 2;
    }
}
