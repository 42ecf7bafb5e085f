using System;
using System.Collections.Generic;
using System.Globalization;

namespace Presto.Testing.Engine;

/// <summary>What the engine knows about one item of the outermost select list, from the Presto text.</summary>
/// <param name="IsStar">The item is <c>*</c> or <c>t.*</c> (expands to an unknown number of columns).</param>
/// <param name="Alias">The canonical alias (unquoted → lower case), if any.</param>
/// <param name="IsColumnReference">The item is a plain (possibly qualified) column reference.</param>
/// <param name="TypeHint">The Presto type the item has by construction (CAST, typed or plain literal, count...).</param>
internal sealed record SelectItem(bool IsStar, string? Alias, bool IsColumnReference, string? TypeHint);

/// <summary>
/// Output naming and typing of a query, derived from its outermost select list: Presto names unnamed expressions
/// <c>_col0</c>, <c>_col1</c>... by position and types them by construction; SQLite knows neither.
/// </summary>
internal static class QueryShape
{
    /// <summary>A type hint "the declared type of this column": resolved against the referenced tables.</summary>
    public const string ColumnTypePrefix = "@column:";

    /// <summary>A type hint "the element type of this array column": resolved against the referenced tables.</summary>
    public const string ElementTypePrefix = "@element:";

    private static readonly HashSet<string> s_selectEnd = new(StringComparer.OrdinalIgnoreCase)
    {
        "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "FETCH", "UNION", "EXCEPT", "INTERSECT", "WINDOW",
    };

    private static readonly HashSet<string> s_booleanOperators = new(StringComparer.Ordinal) { "=", "<>", "!=", "<", ">", "<=", ">=" };

    private static readonly HashSet<string> s_booleanWords = new(StringComparer.OrdinalIgnoreCase) { "AND", "OR", "NOT", "IS", "IN", "LIKE", "BETWEEN", "EXISTS" };

    /// <summary>
    /// The items of the outermost SELECT of the query in [start, end); null when the query is VALUES (all unnamed) —
    /// see <paramref name="isValues"/> — or when the shape is not recognizable (then SQLite's names are used).
    /// </summary>
    public static List<SelectItem>? Analyze(List<SqlToken> t, int[] match, int start, int end, out bool isValues)
    {
        isValues = false;
        int i = start;
        if (t[i].Is("WITH"))
        {
            i++;
            if (t[i].Is("RECURSIVE"))
            {
                i++;
            }

            while (i < end && t[i].IsName)
            {
                i++;
                if (t[i].IsOp("("))
                {
                    i = match[i] + 1;
                }

                if (!t[i].Is("AS") || !t[i + 1].IsOp("("))
                {
                    return null;
                }

                i = match[i + 1] + 1;
                if (!t[i].IsOp(","))
                {
                    break;
                }

                i++;
            }
        }

        if (t[i].Is("VALUES"))
        {
            isValues = true;
            if (t[i + 1].IsOp("("))
            {
                var tuple = new List<SelectItem>();
                int open = i + 1, s = open + 1;
                for (int k = open + 1; k <= match[open]; k++)
                {
                    if (t[k].IsOp("(") && k != match[open])
                    {
                        k = match[k];
                    }
                    else if (t[k].IsOp(",") || k == match[open])
                    {
                        tuple.Add(new SelectItem(false, null, false, Hint(t, match, s, k)));
                        s = k + 1;
                    }
                }

                return tuple;
            }

            return null;
        }

        if (!t[i].Is("SELECT"))
        {
            return null;
        }

        i++;
        if (t[i].Is("DISTINCT") || t[i].Is("ALL"))
        {
            i++;
        }

        var items = new List<SelectItem>();
        int itemStart = i;
        for (; ; i++)
        {
            bool atEnd = i >= end || t[i].Kind == Engine.TokenKind.End || (t[i].IsWord && s_selectEnd.Contains(t[i].Text));
            if (atEnd || t[i].IsOp(","))
            {
                if (i > itemStart)
                {
                    items.Add(Item(t, match, itemStart, i));
                }

                if (atEnd)
                {
                    return items;
                }

                itemStart = i + 1;
            }
            else if (t[i].IsOp("("))
            {
                i = match[i];
            }
            else if (t[i].IsOp("["))
            {
                // ARRAY[a, b] is one item: skip to its closing bracket.
                for (int depth = 0; i < end; i++)
                {
                    depth += t[i].IsOp("[") ? 1 : t[i].IsOp("]") ? -1 : 0;
                    if (depth == 0)
                    {
                        break;
                    }

                    if (t[i].IsOp("("))
                    {
                        i = match[i];
                    }
                }
            }
        }
    }

    private static SelectItem Item(List<SqlToken> t, int[] match, int start, int end)
    {
        string? alias = null;
        bool intervalUnit = t[start].Is("INTERVAL") && (t[end - 1].Is("YEAR") || t[end - 1].Is("MONTH"));
        if (end - start >= 2 && t[end - 1].IsName && !IsKeyword(t[end - 1]) && !intervalUnit)
        {
            var last = t[end - 1];
            var previous = t[end - 2];
            if (previous.Is("AS"))
            {
                alias = last.Canonical;
                end -= 2;
            }
            else if (!previous.IsOp(".") && previous.Kind != Engine.TokenKind.Operator && !IsKeyword(previous))
            {
                alias = last.Canonical;
                end -= 1;
            }
            else if (previous.IsOp(")") || previous.Is("END"))
            {
                alias = last.Canonical;
                end -= 1;
            }
        }

        int n = end - start;
        bool star = (n == 1 && t[start].IsOp("*")) || (n >= 3 && t[end - 1].IsOp("*") && t[end - 2].IsOp("."));
        bool column = n >= 1 && t[start].IsName && !IsKeyword(t[start]);
        for (int k = start + 1; column && k < end; k += 2)
        {
            column = k + 1 < end && t[k].IsOp(".") && t[k + 1].IsName;
        }

        return new SelectItem(star, alias, column && !star, column ? null : Hint(t, match, start, end));
    }

    private static bool IsKeyword(SqlToken token) =>
        token.IsWord && (token.Is("CASE") || token.Is("END") || token.Is("NULL") || token.Is("TRUE") || token.Is("FALSE")
            || token.Is("DATE") || token.Is("TIMESTAMP") || token.Is("CURRENT_DATE") || token.Is("CURRENT_TIMESTAMP")
            || token.Is("CURRENT_USER") || token.Is("CURRENT_CATALOG") || token.Is("CURRENT_SCHEMA") || token.Is("LOCALTIMESTAMP")
            || s_booleanWords.Contains(token.Text) || token.Is("DISTINCT") || token.Is("THEN") || token.Is("ELSE"));

    private static string? Hint(List<SqlToken> t, int[] match, int start, int end)
    {
        int n = end - start;
        var first = t[start];
        if (n == 0)
        {
            return null;
        }

        if ((first.Is("CAST") || first.Is("TRY_CAST")) && t[start + 1].IsOp("(") && match[start + 1] == end - 1)
        {
            return CastType(t, match, start + 1);
        }

        if (first.Is("INTERVAL"))
        {
            return t[end - 1].Is("MONTH") || t[end - 1].Is("YEAR") ? "interval year to month" : null;
        }

        if (n == 2 && t[start + 1].Kind == Engine.TokenKind.String)
        {
            if (first.Is("DATE"))
            {
                return "date";
            }

            if (first.Is("IPADDRESS"))
            {
                return "ipaddress";
            }

            if (first.Is("TIME") && SqlTranslator.TimeWithTimeZone(t[start + 1].Value.Trim()) is { } time)
            {
                int dot = time.IndexOf('.', StringComparison.Ordinal);
                int digits = dot < 0 ? 0 : time.IndexOfAny(['+', '-'], dot) - dot - 1;
                return "time(" + digits.ToString(CultureInfo.InvariantCulture) + ") with time zone";
            }

            foreach (string numeric in (string[])["bigint", "integer", "smallint", "tinyint", "double", "real"])
            {
                if (first.Is(numeric))
                {
                    return numeric;
                }
            }

            if (first.Is("DECIMAL"))
            {
                string v = t[start + 1].Value.Trim().TrimStart('+', '-');
                int dot = v.IndexOf('.', StringComparison.Ordinal);
                int scale = dot < 0 ? 0 : v.Length - dot - 1;
                string digits = v.Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0');
                int precision = Math.Max(Math.Max(digits.Length, scale), 1);
                return $"decimal({precision.ToString(CultureInfo.InvariantCulture)},{scale.ToString(CultureInfo.InvariantCulture)})";
            }

            if (first.Is("TIMESTAMP"))
            {
                string v = t[start + 1].Value;
                int dot = v.LastIndexOf('.');
                int precision = dot > 10 ? v.Length - dot - 1 : 0;
                return "timestamp(" + precision.ToString(CultureInfo.InvariantCulture) + ")";
            }
        }

        bool negative = n == 2 && first.IsOp("-");
        var literal = negative ? t[start + 1] : first;
        if ((n == 1 || negative) && literal.Kind == Engine.TokenKind.Number)
        {
            string text = literal.Text;
            if (text.Contains('e', StringComparison.OrdinalIgnoreCase))
            {
                return "double";
            }

            int dot = text.IndexOf('.', StringComparison.Ordinal);
            if (dot >= 0)
            {
                string digits = text.Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0');
                int scale = text.Length - dot - 1;
                int precision = Math.Max(Math.Max(digits.Length, scale), 1);
                return precision > 38 ? "double" : $"decimal({precision.ToString(CultureInfo.InvariantCulture)},{scale.ToString(CultureInfo.InvariantCulture)})";
            }

            return long.TryParse((negative ? "-" : string.Empty) + text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
                ? (value is >= int.MinValue and <= int.MaxValue ? "integer" : "bigint")
                : "decimal(38,0)";
        }

        if (first.Is("ARRAY") && t[start + 1].IsOp("[") && t[end - 1].IsOp("]"))
        {
            // ARRAY[e, …]: an array of its first element's type (varchar for strings, as Presto unifies varchar(n)).
            int elementEnd = start + 2, depth = 0;
            while (elementEnd < end - 1 && !(depth == 0 && t[elementEnd].IsOp(",")))
            {
                depth += t[elementEnd].IsOp("[") ? 1 : t[elementEnd].IsOp("]") ? -1 : 0;
                elementEnd = t[elementEnd].IsOp("(") ? match[elementEnd] + 1 : elementEnd + 1;
            }

            string? element = elementEnd > start + 2 ? Hint(t, match, start + 2, elementEnd) : null;
            return element is null || element.StartsWith('@') ? null
                : "array(" + (element.StartsWith("varchar(", StringComparison.Ordinal) ? "varchar" : element) + ")";
        }

        if (n == 1)
        {
            switch (first.Kind)
            {
                case Engine.TokenKind.String:
                    return "varchar(" + first.Value.Length.ToString(CultureInfo.InvariantCulture) + ")";
                case Engine.TokenKind.BinaryString:
                    return "varbinary";
            }

            if (first.Is("TRUE") || first.Is("FALSE"))
            {
                return "boolean";
            }

            if (first.Is("NULL"))
            {
                return "unknown";
            }

            if (first.Is("CURRENT_DATE"))
            {
                return "date";
            }

            if (first.Is("CURRENT_TIMESTAMP") || first.Is("LOCALTIMESTAMP"))
            {
                return "timestamp(3)";
            }

            if (first.Is("CURRENT_USER") || first.Is("CURRENT_CATALOG") || first.Is("CURRENT_SCHEMA"))
            {
                return "varchar";
            }
        }

        if (first.IsWord && t[start + 1].IsOp("(") && EndsCall(t, match, match[start + 1], end))
        {
            string f = first.Text.ToLowerInvariant();
            switch (f)
            {
                case "count":
                case "count_if":
                case "approx_distinct":
                case "row_number":
                case "rank":
                case "dense_rank":
                case "ntile":
                case "year":
                case "month":
                case "day":
                case "hour":
                case "minute":
                case "second":
                case "length":
                case "strpos":
                    return "bigint";
                case "avg":
                case "percent_rank":
                case "cume_dist":
                case "random":
                case "rand":
                case "sqrt":
                case "ln":
                case "exp":
                case "log10":
                case "log2":
                case "power":
                case "pow":
                    return "double";
                case "regexp_like":
                case "starts_with":
                case "bool_and":
                case "bool_or":
                case "every":
                    return "boolean";
                case "min":
                case "max":
                case "arbitrary":
                case "any_value":
                case "lag":
                case "lead":
                case "first_value":
                case "last_value":
                case "nth_value":
                    return ArgumentType(t, match, start + 1, 0);
                case "date_add":
                    return ArgumentType(t, match, start + 1, 2);
                case "date_trunc":
                    return ArgumentType(t, match, start + 1, 1);
                case "date":
                    return "date";
                case "cardinality":
                    return "bigint";
                case "contains":
                    return "boolean";
                case "element_at":
                    return ArgumentType(t, match, start + 1, 0) is { } array
                        ? array.StartsWith(ColumnTypePrefix, StringComparison.Ordinal) ? ElementTypePrefix + array[ColumnTypePrefix.Length..] : PrestoTypes.ElementType(array)
                        : null;
                case "now":
                    return "timestamp(3)";
            }
        }

        // A comparison or logical operator at the top level (outside parentheses and CASE) makes a boolean.
        int caseDepth = 0;
        for (int k = start; k < end; k++)
        {
            var tok = t[k];
            if (tok.IsOp("("))
            {
                k = match[k];
            }
            else if (tok.Is("CASE"))
            {
                caseDepth++;
            }
            else if (tok.Is("END"))
            {
                caseDepth--;
            }
            else if (caseDepth == 0 && ((tok.Kind == Engine.TokenKind.Operator && s_booleanOperators.Contains(tok.Text)) || (tok.IsWord && s_booleanWords.Contains(tok.Text))))
            {
                return "boolean";
            }
        }

        return null;
    }

    /// <summary>
    /// The type of argument <paramref name="index"/> of the call whose parenthesis is at <paramref name="open"/>: a
    /// column reference yields a <see cref="ColumnTypePrefix"/> hint for the caller to resolve, else its own hint.
    /// </summary>
    private static string? ArgumentType(List<SqlToken> t, int[] match, int open, int index)
    {
        int close = match[open], argStart = open + 1, n = 0;
        for (int k = open + 1; k <= close; k++)
        {
            if (t[k].IsOp("(") && k != close)
            {
                k = match[k];
                continue;
            }

            if (!t[k].IsOp(",") && k != close)
            {
                continue;
            }

            if (n++ == index)
            {
                int a = argStart;
                if (t[a].Is("DISTINCT"))
                {
                    a++;
                }

                bool column = k > a && t[a].IsName && !IsKeyword(t[a]);
                for (int j = a + 1; column && j < k; j += 2)
                {
                    column = j + 1 < k && t[j].IsOp(".") && t[j + 1].IsName;
                }

                return column ? ColumnTypePrefix + t[k - 1].Canonical : k > a ? Hint(t, match, a, k) : null;
            }

            argStart = k + 1;
        }

        return null;
    }

    /// <summary>True when a call closing at <paramref name="close"/> is the whole item, allowing FILTER (...) and OVER (...).</summary>
    private static bool EndsCall(List<SqlToken> t, int[] match, int close, int end)
    {
        int k = close + 1;
        while (k < end && (t[k].Is("FILTER") || t[k].Is("OVER")) && t[k + 1].IsOp("("))
        {
            k = match[k + 1] + 1;
        }

        return k == end;
    }

    private static string? CastType(List<SqlToken> t, int[] match, int open)
    {
        int close = match[open];
        int asIndex = -1;
        for (int k = open + 1; k < close; k++)
        {
            if (t[k].IsOp("("))
            {
                k = match[k];
            }
            else if (t[k].Is("AS"))
            {
                asIndex = k;
            }
        }

        if (asIndex < 0 || !t[asIndex + 1].IsName)
        {
            return null;
        }

        var args = new List<string>();
        int j = asIndex + 2;
        if (t[j].IsOp("("))
        {
            var current = new System.Text.StringBuilder();
            for (int k = j + 1; k < match[j]; k++)
            {
                if (t[k].IsOp(","))
                {
                    args.Add(current.ToString());
                    current.Clear();
                }
                else if (t[k].IsOp("("))
                {
                    for (int n = k; n <= match[k]; n++)
                    {
                        current.Append(t[n].Text);
                    }

                    k = match[k];
                }
                else
                {
                    current.Append(t[k].Text);
                }
            }

            args.Add(current.ToString());
        }

        return PrestoTypes.Normalize(t[asIndex + 1].Value, [.. args]);
    }
}
