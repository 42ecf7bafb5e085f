using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Presto.Testing.Execution;

namespace Presto.Testing.Engine;

/// <summary>
/// Rewrites a Presto query (a token range) into SQLite SQL. It is a token-level rewriter, not a full parser: table
/// names are resolved to their SQLite storage, Presto-only syntax is translated (typed literals, CAST types,
/// OFFSET/LIMIT/FETCH, EXTRACT, a function map, division by zero, ARRAY[…] as JSON text with contains/cardinality/
/// element_at), and everything the engine cannot honestly express
/// is rejected with a Presto error (unknown functions, MAP/ROW, array subscripts, INTERVAL, UNNEST, SQLite-only syntax...).
/// </summary>
internal sealed class SqlTranslator
{
    private static readonly HashSet<string> s_notFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "IN", "EXISTS", "VALUES", "AS", "USING", "ON", "AND", "OR", "NOT", "OVER", "FILTER", "WHEN", "THEN", "ELSE", "SELECT",
        "FROM", "WHERE", "JOIN", "BY", "HAVING", "UNION", "ALL", "DISTINCT", "ANY", "SOME", "CASE", "END", "IS", "LIKE",
        "BETWEEN", "WITH", "RECURSIVE", "INTO", "TABLE", "SET", "ESCAPE", "LIMIT", "OFFSET", "DEFAULT", "INTERSECT", "EXCEPT",
        "PARTITION", "ROWS", "RANGE", "GROUPS", "PRECEDING", "FOLLOWING", "CURRENT", "UNBOUNDED", "INNER", "LEFT", "RIGHT",
        "FULL", "OUTER", "CROSS", "NATURAL",
    };

    private static readonly HashSet<string> s_unsupportedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ARRAY", "MAP", "ROW", "UNNEST", "LATERAL", "INTERVAL", "GROUPING", "ROLLUP", "CUBE", "MATCH_RECOGNIZE", "TABLESAMPLE",
        "AT", "JSON_QUERY", "JSON_VALUE", "JSON_EXISTS", "JSON_OBJECT", "JSON_ARRAY", "POSITION", "NORMALIZE", "LISTAGG",
    };

    private static readonly HashSet<string> s_sqliteOnlyWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "GLOB", "REGEXP", "MATCH", "PRAGMA", "ATTACH", "DETACH", "ISNULL", "NOTNULL", "INDEXED", "COLLATE", "VACUUM", "REINDEX",
        "AUTOINCREMENT", "RAISE", "REPLACE", "ABORT", "IGNORE", "CONFLICT", "RETURNING",
    };

    private static readonly HashSet<string> s_sqliteRowIds = new(StringComparer.OrdinalIgnoreCase) { "rowid", "oid", "_rowid_" };

    private static readonly HashSet<string> s_clauseWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "ON", "USING", "GROUP", "ORDER", "HAVING", "LIMIT",
        "OFFSET", "FETCH", "UNION", "EXCEPT", "INTERSECT", "WINDOW", "SELECT", "FROM", "VALUES", "SET",
    };

    /// <summary>Functions that exist with Presto's meaning in SQLite or among the registered helpers.</summary>
    private static readonly Dictionary<string, string> s_functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lower"] = "lower", ["upper"] = "upper", ["length"] = "length", ["substr"] = "substr", ["substring"] = "substr",
        ["ltrim"] = "ltrim", ["rtrim"] = "rtrim", ["coalesce"] = "coalesce", ["abs"] = "abs", ["round"] = "round",
        ["count"] = "count", ["sum"] = "sum", ["avg"] = "avg", ["min"] = "min", ["max"] = "max", ["nullif"] = "nullif",
        ["replace"] = "replace", ["ceil"] = "ceil", ["ceiling"] = "ceil", ["floor"] = "floor", ["sqrt"] = "sqrt",
        ["power"] = "power", ["pow"] = "power", ["exp"] = "exp", ["ln"] = "ln", ["log10"] = "log10", ["log2"] = "log2",
        ["mod"] = "mod", ["sign"] = "sign", ["random"] = "random", ["rand"] = "random", ["reverse"] = "reverse",
        ["regexp_like"] = "regexp_like", ["concat"] = "concat", ["lpad"] = "lpad", ["rpad"] = "rpad", ["date_add"] = "date_add",
        ["date_diff"] = "date_diff", ["greatest"] = "max", ["least"] = "min", ["strpos"] = "instr", ["date"] = "date",
        ["to_hex"] = "hex", ["arbitrary"] = "min", ["any_value"] = "min", ["bool_and"] = "min", ["every"] = "min",
        ["bool_or"] = "max", ["row_number"] = "row_number", ["rank"] = "rank", ["dense_rank"] = "dense_rank", ["ntile"] = "ntile",
        ["lag"] = "lag", ["lead"] = "lead", ["first_value"] = "first_value", ["last_value"] = "last_value",
        ["nth_value"] = "nth_value", ["percent_rank"] = "percent_rank", ["cume_dist"] = "cume_dist",
        ["date_trunc"] = "date_trunc", ["truncate"] = "truncate",
    };

    /// <summary>Date/time field functions, as strftime formats (an integer result).</summary>
    private static readonly Dictionary<string, string> s_dateFields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["year"] = "%Y", ["month"] = "%m", ["day"] = "%d", ["day_of_month"] = "%d", ["hour"] = "%H", ["minute"] = "%M",
        ["second"] = "%S", ["day_of_year"] = "%j", ["doy"] = "%j", ["week"] = "%W", ["week_of_year"] = "%W",
    };

    private readonly List<SqlToken> _t;
    private readonly int[] _match;
    private readonly EngineCatalogs _catalogs;
    private readonly EngineSession _session;
    private readonly HashSet<string> _cteNames = new(StringComparer.OrdinalIgnoreCase);

    public SqlTranslator(List<SqlToken> tokens, EngineCatalogs catalogs, EngineSession session)
    {
        _t = tokens;
        _catalogs = catalogs;
        _session = session;
        _match = MatchParentheses(tokens);
        CollectCteNames();
    }

    public IReadOnlyList<SqlToken> Tokens => _t;

    /// <summary>The index of the parenthesis matching the one at <paramref name="index"/>.</summary>
    public int Match(int index) => _match[index];

    /// <summary>Tables the translated text referenced (for write checks by the caller).</summary>
    public List<ResolvedTable> ReferencedTables { get; } = [];

    public static int[] MatchParentheses(List<SqlToken> tokens)
    {
        var match = new int[tokens.Count];
        var stack = new Stack<int>();
        for (int i = 0; i < tokens.Count; i++)
        {
            match[i] = -1;
            if (tokens[i].IsOp("("))
            {
                stack.Push(i);
            }
            else if (tokens[i].IsOp(")"))
            {
                if (stack.Count == 0)
                {
                    throw Syntax(tokens[i], $"mismatched input ')'");
                }

                int open = stack.Pop();
                match[open] = i;
                match[i] = open;
            }
        }

        if (stack.Count > 0)
        {
            throw Syntax(tokens[^1], "mismatched input '<EOF>'. Expecting: ')'");
        }

        return match;
    }

    private void CollectCteNames()
    {
        for (int w = 0; w < _t.Count; w++)
        {
            if (!_t[w].Is("WITH"))
            {
                continue;
            }

            int j = w + 1;
            if (_t[j].Is("RECURSIVE"))
            {
                j++;
            }

            while (j < _t.Count && _t[j].IsName)
            {
                var name = _t[j];
                j++;
                if (_t[j].IsOp("("))
                {
                    j = _match[j] + 1;
                }

                if (!_t[j].Is("AS") || !_t[j + 1].IsOp("("))
                {
                    break;
                }

                _cteNames.Add(name.Value);
                j = _match[j + 1] + 1;
                if (!_t[j].IsOp(","))
                {
                    break;
                }

                j++;
            }
        }
    }

    public static QueryFailureException Syntax(SqlToken at, string message) =>
        new("SYNTAX_ERROR", $"line {at.Location}: {message}", at.Line, at.Column);

    public static QueryFailureException NotSupported(SqlToken at, string message) =>
        new("NOT_SUPPORTED", $"line {at.Location}: {message}", at.Line, at.Column);

    /// <summary>Translates tokens [start, end) of a query (or expression list) to SQLite text.</summary>
    public string Translate(int start, int end)
    {
        var sb = new StringBuilder();
        Emit(start, end, sb, inCall: false);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string text)
    {
        if (sb.Length > 0 && sb[^1] != '(' && sb[^1] != ' ')
        {
            sb.Append(' ');
        }

        sb.Append(text);
    }

    /// <summary>Parses a dotted name starting at <paramref name="i"/>; returns the index after it.</summary>
    public int ParseQualifiedName(int i, List<SqlToken> parts)
    {
        if (!_t[i].IsName)
        {
            throw Syntax(_t[i], $"mismatched input '{_t[i].Text}'. Expecting: <identifier>");
        }

        parts.Add(_t[i]);
        i++;
        while (_t[i].IsOp(".") && _t[i + 1].IsName)
        {
            parts.Add(_t[i + 1]);
            i += 2;
        }

        return i;
    }

    /// <summary>The SQLite text for a table reference in a FROM clause (after existence checks).</summary>
    public string TableReference(List<SqlToken> parts, bool aliased)
    {
        if (parts.Count == 1 && _cteNames.Contains(parts[0].Value))
        {
            return parts[0].Text;
        }

        var table = _catalogs.ResolveExisting(parts, _session, out _);
        ReferencedTables.Add(table);
        if (table.IsInformationSchema)
        {
            return _catalogs.InformationSchemaQuery(table.Catalog, table.Table) + (aliased ? string.Empty : " AS " + SqlText.Quote(table.Table));
        }

        return table.SqliteName;
    }

    /// <summary>Matches <c>[AS] alias (c1, c2...)</c> after a relation in FROM.</summary>
    private bool TryColumnAliases(int j, out string alias, out List<string> columns, out int next)
    {
        alias = string.Empty;
        columns = [];
        next = j;
        if (_t[j].Is("AS"))
        {
            j++;
        }

        if (!IsAliasAt(j) || !_t[j + 1].IsOp("("))
        {
            return false;
        }

        alias = _t[j].Canonical;
        int close = _match[j + 1];
        for (int k = j + 2; k < close; k++)
        {
            if (_t[k].IsName)
            {
                columns.Add(_t[k].Canonical);
            }
            else if (!_t[k].IsOp(","))
            {
                throw Syntax(_t[k], $"mismatched input '{_t[k].Text}'. Expecting: <identifier>");
            }
        }

        next = close + 1;
        return true;
    }

    /// <summary>A relation with renamed columns: SQLite has no column aliases in FROM, but CTEs take a column list.</summary>
    private static string Renamed(string query, string alias, List<string> columns)
    {
        string name = SqlText.Quote(alias);
        return $"(WITH {name}({string.Join(", ", columns.Select(SqlText.Quote))}) AS ({query}) SELECT * FROM {name}) AS {name}";
    }

    private bool IsAliasAt(int i) =>
        _t[i].Kind == TokenKind.QuotedIdentifier || (_t[i].IsWord && !s_clauseWords.Contains(_t[i].Text) && !_t[i].Is("LIMIT"));

    private void Emit(int start, int end, StringBuilder sb, bool inCall)
    {
        bool inFrom = false, expectTable = false;
        string? pendingOffset = null;
        int i = start;
        while (i < end)
        {
            var tok = _t[i];
            switch (tok.Kind)
            {
                case TokenKind.Parameter:
                    throw new QueryFailureException("INVALID_PARAMETER_USAGE", $"line {tok.Location}: Incorrect number of parameters: expected 1 but found 0", tok.Line, tok.Column);
                case TokenKind.String when tok.Value.Contains('\0', StringComparison.Ordinal):
                    // SQLite reads SQL text as a C string: a NUL inside a literal would end the statement, so it is spliced in.
                    Append(sb, "(" + string.Join(" || char(0) || ", tok.Value.Split('\0').Select(SqlText.Literal)) + ")");
                    i++;
                    continue;
                case TokenKind.String:
                case TokenKind.BinaryString:
                case TokenKind.Number:
                    Append(sb, tok.Text);
                    i++;
                    continue;
                case TokenKind.End:
                    return;
            }

            if (tok.Kind == TokenKind.Operator)
            {
                switch (tok.Text)
                {
                    case "(":
                    {
                        int close = _match[i];
                        var inner = new StringBuilder();
                        Emit(i + 1, close, inner, inCall: false);
                        if (expectTable && TryColumnAliases(close + 1, out string alias, out var columns, out int after))
                        {
                            Append(sb, Renamed(inner.ToString(), alias, columns));
                            i = after;
                        }
                        else if (!expectTable && IsQueryOperand(i, start, end))
                        {
                            // Presto allows a parenthesized query as an operand of UNION/EXCEPT/INTERSECT; SQLite wants a subquery.
                            Append(sb, "SELECT * FROM (" + inner + ")");
                            i = close + 1;
                        }
                        else
                        {
                            Append(sb, "(" + inner + ")");
                            i = close + 1;
                        }

                        expectTable = false;
                        continue;
                    }

                    case ",":
                        sb.Append(',');
                        expectTable = inFrom;
                        i++;
                        continue;
                    case "/":
                    case "%":
                    {
                        Append(sb, tok.Text);
                        int operandEnd = OperandEnd(i + 1, end);
                        Append(sb, "presto_nz(");
                        Emit(i + 1, operandEnd, sb, inCall: true);
                        sb.Append(')');
                        i = operandEnd;
                        continue;
                    }

                    case ";":
                        throw Syntax(tok, "mismatched input ';'. Expecting: <EOF>");
                    case "::":
                    case "[":
                    case "]":
                    case "->":
                    case "=>":
                    case ":":
                    case "|":
                    case "&":
                    case "^":
                    case "{":
                    case "}":
                        throw Syntax(tok, $"mismatched input '{tok.Text}'");
                    case ".":
                        sb.Append('.');
                        i++;
                        continue;
                    default:
                        Append(sb, tok.Text);
                        i++;
                        continue;
                }
            }

            // Names and keywords.
            if (expectTable)
            {
                if (tok.Is("LATERAL") || tok.Is("UNNEST") || tok.Is("TABLE"))
                {
                    throw NotSupported(tok, $"{tok.Text.ToUpperInvariant()} is not supported");
                }

                var parts = new List<SqlToken>();
                int next = ParseQualifiedName(i, parts);
                if (_t[next].IsOp("("))
                {
                    throw NotSupported(tok, "Table functions are not supported");
                }

                string reference = TableReference(parts, IsAliasAt(next));
                if (TryColumnAliases(next, out string tableAlias, out var tableColumns, out int afterAliases))
                {
                    Append(sb, Renamed("SELECT * FROM " + reference, tableAlias, tableColumns));
                    next = afterAliases;
                }
                else
                {
                    Append(sb, reference);
                }

                expectTable = false;
                i = next;
                continue;
            }

            if (tok.Kind == TokenKind.QuotedIdentifier)
            {
                Append(sb, tok.Text);
                i++;
                continue;
            }

            string word = tok.Text.ToUpperInvariant();
            bool call = _t[i + 1].IsOp("(") && i + 1 < end;
            switch (word)
            {
                case "FROM":
                    if (inCall)
                    {
                        throw NotSupported(tok, "FROM inside a function call is not supported");
                    }

                    inFrom = true;
                    expectTable = true;
                    Append(sb, "FROM");
                    i++;
                    continue;
                case "JOIN":
                    expectTable = true;
                    Append(sb, "JOIN");
                    i++;
                    continue;
                case "WHERE":
                case "GROUP":
                case "HAVING":
                case "ORDER":
                case "WINDOW":
                case "UNION":
                case "EXCEPT":
                case "INTERSECT":
                case "SELECT":
                    inFrom = false;
                    Append(sb, tok.Text);
                    i++;
                    continue;
                case "OFFSET":
                {
                    int n = ParseRowCount(i + 1, out string count);
                    if (_t[n].Is("ROW") || _t[n].Is("ROWS"))
                    {
                        n++;
                    }

                    pendingOffset = count;
                    if (!_t[n].Is("LIMIT") && !_t[n].Is("FETCH"))
                    {
                        Append(sb, "LIMIT -1 OFFSET " + count);
                        pendingOffset = null;
                    }

                    i = n;
                    continue;
                }

                case "LIMIT":
                {
                    string count;
                    int n;
                    if (_t[i + 1].Is("ALL"))
                    {
                        count = "-1";
                        n = i + 2;
                    }
                    else
                    {
                        n = ParseRowCount(i + 1, out count);
                    }

                    if (_t[n].Is("OFFSET"))
                    {
                        throw Syntax(_t[n], "mismatched input 'OFFSET'. Expecting: <EOF>");
                    }

                    Append(sb, "LIMIT " + count + (pendingOffset is null ? string.Empty : " OFFSET " + pendingOffset));
                    pendingOffset = null;
                    i = n;
                    continue;
                }

                case "FETCH":
                {
                    int n = i + 1;
                    if (!_t[n].Is("FIRST") && !_t[n].Is("NEXT"))
                    {
                        throw Syntax(_t[n], $"mismatched input '{_t[n].Text}'. Expecting: 'FIRST', 'NEXT'");
                    }

                    n++;
                    string count = "1";
                    if (_t[n].Kind == TokenKind.Number)
                    {
                        n = ParseRowCount(n, out count);
                    }

                    if (!_t[n].Is("ROW") && !_t[n].Is("ROWS"))
                    {
                        throw Syntax(_t[n], $"mismatched input '{_t[n].Text}'. Expecting: 'ROW', 'ROWS'");
                    }

                    n++;
                    if (_t[n].Is("WITH"))
                    {
                        throw NotSupported(_t[n], "FETCH FIRST ... WITH TIES is not supported");
                    }

                    if (!_t[n].Is("ONLY"))
                    {
                        throw Syntax(_t[n], $"mismatched input '{_t[n].Text}'. Expecting: 'ONLY', 'WITH'");
                    }

                    Append(sb, "LIMIT " + count + (pendingOffset is null ? string.Empty : " OFFSET " + pendingOffset));
                    pendingOffset = null;
                    i = n + 1;
                    continue;
                }

                case "TRUE":
                    Append(sb, "1");
                    i++;
                    continue;
                case "FALSE":
                    Append(sb, "0");
                    i++;
                    continue;
                case "CURRENT_USER":
                    Append(sb, SqlText.Literal(_session.User));
                    i++;
                    continue;
                case "CURRENT_CATALOG":
                    Append(sb, _session.Catalog is null ? "NULL" : SqlText.Literal(_session.Catalog));
                    i++;
                    continue;
                case "CURRENT_SCHEMA":
                    Append(sb, _session.Schema is null ? "NULL" : SqlText.Literal(_session.Schema));
                    i++;
                    continue;
                case "CURRENT_TIMESTAMP":
                case "LOCALTIMESTAMP":
                    Append(sb, "strftime('%Y-%m-%d %H:%M:%f', 'now')");
                    i++;
                    continue;
                case "CURRENT_DATE":
                    Append(sb, "date('now')");
                    i++;
                    continue;
                case "DATE":
                case "TIMESTAMP":
                case "TIME":
                case "BIGINT":
                case "INTEGER":
                case "SMALLINT":
                case "TINYINT":
                case "DOUBLE":
                case "REAL":
                case "DECIMAL":
                case "IPADDRESS":
                    if (_t[i + 1].Kind == TokenKind.String)
                    {
                        Append(sb, TypedLiteral(tok, _t[i + 1]));
                        i += 2;
                        continue;
                    }

                    break;
                case "INTERVAL" when TryIntervalYearToMonth(i, out long months, out int afterInterval):
                    Append(sb, months.ToString(CultureInfo.InvariantCulture));
                    i = afterInterval;
                    continue;
                case "ARRAY":
                    if (_t[i + 1].IsOp("["))
                    {
                        i = EmitArrayConstructor(i + 1, end, sb);
                        continue;
                    }

                    break;
                case "CAST":
                case "TRY_CAST":
                    if (call)
                    {
                        i = EmitCast(i, sb);
                        continue;
                    }

                    break;
                case "EXTRACT":
                    if (call)
                    {
                        i = EmitExtract(i, sb);
                        continue;
                    }

                    break;
            }

            if (s_sqliteRowIds.Contains(tok.Text))
            {
                throw new QueryFailureException("COLUMN_NOT_FOUND", $"line {tok.Location}: Column '{tok.Value.ToLowerInvariant()}' cannot be resolved", tok.Line, tok.Column);
            }

            // replace(s, a, b) is a Presto function; only SQLite's REPLACE statement is foreign.
            if (s_sqliteOnlyWords.Contains(tok.Text) && !(call && s_functions.ContainsKey(tok.Text)))
            {
                throw Syntax(tok, $"mismatched input '{tok.Text}'");
            }

            if (s_unsupportedWords.Contains(tok.Text) && (call || _t[i + 1].IsOp("[") || tok.Is("INTERVAL") || tok.Is("LATERAL") || tok.Is("UNNEST") || tok.Is("TABLESAMPLE") || (tok.Is("AT") && _t[i + 1].Is("TIME"))))
            {
                throw NotSupported(tok, $"{tok.Text.ToUpperInvariant()} is not supported by the embedded engine");
            }

            if (call && !s_notFunctions.Contains(tok.Text))
            {
                i = EmitFunction(i, sb);
                continue;
            }

            Append(sb, tok.Text);
            i++;
        }
    }

    /// <summary>
    /// True for <c>(query)</c> right after a set operator, or starting the range and followed by a set operator,
    /// ORDER BY, LIMIT, OFFSET, FETCH or the end (not <c>((SELECT …) * 2)</c>, where it is a scalar subquery).
    /// </summary>
    private bool IsQueryOperand(int open, int start, int end)
    {
        var first = _t[open + 1];
        if (!first.Is("SELECT") && !first.Is("WITH") && !first.Is("VALUES") && !first.IsOp("("))
        {
            return false;
        }

        int previous = open - 1;
        if (previous >= start && (_t[previous].Is("ALL") || _t[previous].Is("DISTINCT")))
        {
            previous--;
        }

        if (previous >= start && (_t[previous].Is("UNION") || _t[previous].Is("EXCEPT") || _t[previous].Is("INTERSECT")))
        {
            return true;
        }

        int after = _match[open] + 1;
        return open == start && (after >= end || _t[after].Is("UNION") || _t[after].Is("EXCEPT") || _t[after].Is("INTERSECT")
            || _t[after].Is("ORDER") || _t[after].Is("LIMIT") || _t[after].Is("OFFSET") || _t[after].Is("FETCH"));
    }

    private int ParseRowCount(int i, out string count)
    {
        if (_t[i].Kind != TokenKind.Number || _t[i].Text.Contains('.', StringComparison.Ordinal) || _t[i].Text.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            throw Syntax(_t[i], $"mismatched input '{_t[i].Text}'. Expecting: <integer>, 'ALL'");
        }

        count = _t[i].Text;
        return i + 1;
    }

    /// <summary>The end (exclusive) of the unary operand starting at <paramref name="i"/>: the divisor of / or %.</summary>
    private int OperandEnd(int i, int end)
    {
        while (i < end && (_t[i].IsOp("-") || _t[i].IsOp("+")))
        {
            i++;
        }

        if (i >= end)
        {
            throw Syntax(_t[i], $"mismatched input '{_t[i].Text}'. Expecting: <expression>");
        }

        var tok = _t[i];
        if (tok.IsOp("("))
        {
            return _match[i] + 1;
        }

        if (tok.Is("CASE"))
        {
            int depth = 0;
            for (int j = i; j < end; j++)
            {
                if (_t[j].Is("CASE"))
                {
                    depth++;
                }
                else if (_t[j].Is("END") && --depth == 0)
                {
                    return j + 1;
                }
                else if (_t[j].IsOp("("))
                {
                    j = _match[j];
                }
            }

            throw Syntax(_t[end], "mismatched input '<EOF>'. Expecting: 'END'");
        }

        if (IsTypedLiteralKeyword(tok) && _t[i + 1].Kind == TokenKind.String)
        {
            return i + 2;
        }

        if (tok.IsName)
        {
            if (_t[i + 1].IsOp("("))
            {
                return _match[i + 1] + 1;
            }

            i++;
            while (i + 1 < end && _t[i].IsOp(".") && _t[i + 1].IsName)
            {
                i += 2;
            }

            return i;
        }

        return i + 1;
    }

    private static string TypedLiteral(SqlToken keyword, SqlToken literal)
    {
        string value = literal.Value.Trim();
        switch (keyword.Text.ToUpperInvariant())
        {
            case "DATE":
                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    && !DateOnly.TryParseExact(value, "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                {
                    throw new QueryFailureException("INVALID_LITERAL", $"line {keyword.Location}: '{literal.Value}' is not a valid DATE literal", keyword.Line, keyword.Column);
                }

                return SqlText.Literal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case "TIMESTAMP":
                if (System.Text.RegularExpressions.Regex.IsMatch(value, @"(\s[A-Za-z]|[+-]\d\d:\d\d$)", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                {
                    throw NotSupported(keyword, "TIMESTAMP WITH TIME ZONE literals are not supported by the embedded engine");
                }

                if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _) || value.Contains(' ', StringComparison.Ordinal) && value.Split(' ').Length > 2)
                {
                    throw new QueryFailureException("INVALID_LITERAL", $"line {keyword.Location}: '{literal.Value}' is not a valid TIMESTAMP literal", keyword.Line, keyword.Column);
                }

                return SqlText.Literal(value);
            case "BIGINT":
                return IntegerLiteral(keyword, literal, value, long.MinValue, long.MaxValue);
            case "INTEGER":
                return IntegerLiteral(keyword, literal, value, int.MinValue, int.MaxValue);
            case "SMALLINT":
                return IntegerLiteral(keyword, literal, value, short.MinValue, short.MaxValue);
            case "TINYINT":
                return IntegerLiteral(keyword, literal, value, sbyte.MinValue, sbyte.MaxValue);
            case "DOUBLE":
            case "REAL":
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d))
                {
                    throw InvalidLiteral(keyword, literal);
                }

                // A real literal is rounded to single precision, as the server stores it.
                return (keyword.Is("REAL") ? (double)(float)d : d).ToString("R", CultureInfo.InvariantCulture);
            case "IPADDRESS":
                if (!System.Net.IPAddress.TryParse(value, out var address) || value.Contains('%', StringComparison.Ordinal))
                {
                    throw InvalidLiteral(keyword, literal);
                }

                // Stored in Presto's canonical text (an IPv4-mapped IPv6 address is shown as IPv4).
                return SqlText.Literal((address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString());
            case "DECIMAL":
                if (!System.Text.RegularExpressions.Regex.IsMatch(value, @"^[+-]?(\d+\.?\d*|\.\d+)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                {
                    throw InvalidLiteral(keyword, literal);
                }

                // Kept as text so that it stays exact (the column converter parses it with the literal's scale).
                return SqlText.Literal(value);
            case "TIME" when TimeWithTimeZone(value) is { } time:
                return SqlText.Literal(time);
            default:
                throw NotSupported(keyword, "TIME literals without a time zone are not supported");
        }
    }

    /// <summary>
    /// The canonical text of a <c>time with time zone</c> literal (<c>10:15:30.123+02:00</c>, the offset glued on as
    /// Trino sends it), or null when <paramref name="value"/> has no numeric offset.
    /// </summary>
    public static string? TimeWithTimeZone(string value)
    {
        var match = System.Text.RegularExpressions.Regex.Match(
            value, @"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?\s*([+-])(\d{1,2}):(\d{2})$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return null;
        }

        int hour = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        int minute = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        int second = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        int offsetHours = int.Parse(match.Groups[6].Value, CultureInfo.InvariantCulture);
        int offsetMinutes = int.Parse(match.Groups[7].Value, CultureInfo.InvariantCulture);
        if (hour > 23 || minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59)
        {
            return null;
        }

        string fraction = match.Groups[4].Success ? match.Groups[4].Value : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{hour:00}:{minute:00}:{second:00}")
            + (fraction.Length > 0 ? "." + fraction : string.Empty)
            + match.Groups[5].Value + string.Create(CultureInfo.InvariantCulture, $"{offsetHours:00}:{offsetMinutes:00}");
    }

    /// <summary>Keywords that start a typed literal (<c>DATE '2020-01-01'</c>, <c>BIGINT '5'</c>, <c>DECIMAL '1.50'</c>).</summary>
    public static bool IsTypedLiteralKeyword(SqlToken token) =>
        token.Is("DATE") || token.Is("TIMESTAMP") || token.Is("TIME") || token.Is("BIGINT") || token.Is("INTEGER") || token.Is("SMALLINT")
        || token.Is("TINYINT") || token.Is("DOUBLE") || token.Is("REAL") || token.Is("DECIMAL") || token.Is("IPADDRESS");

    /// <summary>
    /// <c>INTERVAL [+|-]'y-m' YEAR TO MONTH</c>, <c>INTERVAL 'n' YEAR</c> or <c>INTERVAL 'n' MONTH</c> at
    /// <paramref name="i"/> as a number of months (how the engine stores the type); false for other intervals.
    /// </summary>
    private bool TryIntervalYearToMonth(int i, out long months, out int next)
    {
        months = 0;
        next = i + 1;
        bool negative = _t[next].IsOp("-");
        if (negative || _t[next].IsOp("+"))
        {
            next++;
        }

        var literal = _t[next];
        if (literal.Kind != TokenKind.String)
        {
            return false;
        }

        string text = literal.Value.Trim();
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^([+-]?)(\d{1,9})(?:-(\d{1,2}))?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        bool yearToMonth = _t[next + 1].Is("YEAR") && _t[next + 2].Is("TO") && _t[next + 3].Is("MONTH");
        bool single = (_t[next + 1].Is("YEAR") || _t[next + 1].Is("MONTH")) && !_t[next + 2].Is("TO");
        if (!yearToMonth && !single)
        {
            return false;
        }

        if (!match.Success || (single && match.Groups[3].Success) || (yearToMonth && match.Groups[3].Success && int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) > 11))
        {
            throw new QueryFailureException("INVALID_LITERAL", $"line {_t[i].Location}: '{literal.Value}' is not a valid INTERVAL literal", _t[i].Line, _t[i].Column);
        }

        long amount = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        months = yearToMonth || _t[next + 1].Is("YEAR") ? amount * 12 : amount;
        if (yearToMonth && match.Groups[3].Success)
        {
            months += long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        }

        if (negative ^ (match.Groups[1].Value == "-"))
        {
            months = -months;
        }

        next += yearToMonth ? 4 : 2;
        return true;
    }

    private static string IntegerLiteral(SqlToken keyword, SqlToken literal, string value, long min, long max)
    {
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) || v < min || v > max)
        {
            throw InvalidLiteral(keyword, literal);
        }

        return v.ToString(CultureInfo.InvariantCulture);
    }

    private static QueryFailureException InvalidLiteral(SqlToken keyword, SqlToken literal) =>
        new("INVALID_LITERAL", $"line {keyword.Location}: '{literal.Value}' is not a valid {keyword.Text.ToUpperInvariant()} literal", keyword.Line, keyword.Column);

    /// <summary>Parses the type of a CAST starting at <paramref name="i"/> (up to <paramref name="end"/>) into Presto text.</summary>
    public string ParseType(int i, int end, out int next, string? columnName = null)
    {
        var tok = _t[i];
        if (!tok.IsName)
        {
            throw Syntax(tok, $"mismatched input '{tok.Text}'. Expecting: <type>");
        }

        var name = new StringBuilder(tok.Value);
        int j = i + 1;
        // Multi-word types: double precision, timestamp ... with time zone.
        if (tok.Is("DOUBLE") && _t[j].Is("PRECISION"))
        {
            j++;
        }

        if (tok.Is("INTERVAL") && _t[j].Is("YEAR") && _t[j + 1].Is("TO") && _t[j + 2].Is("MONTH"))
        {
            name.Append(" year to month");
            j += 3;
        }

        var args = new List<string>();
        if (j < end && _t[j].IsOp("("))
        {
            int close = _match[j];
            var current = new StringBuilder();
            for (int k = j + 1; k < close; k++)
            {
                if (_t[k].IsOp(","))
                {
                    args.Add(current.ToString());
                    current.Clear();
                }
                else if (_t[k].IsOp("("))
                {
                    // A nested type's arguments stay with it: array(decimal(10,2)).
                    for (int n = k; n <= _match[k]; n++)
                    {
                        current.Append(_t[n].Text);
                    }

                    k = _match[k];
                }
                else
                {
                    current.Append(_t[k].Text);
                }
            }

            args.Add(current.ToString());
            j = close + 1;
        }

        if (tok.Is("TIME") && _t[j].Is("WITH") && _t[j + 1].Is("TIME") && _t[j + 2].Is("ZONE"))
        {
            name.Append(" with time zone");
            j += 3;
        }
        else if (_t[j].Is("WITH") || _t[j].Is("WITHOUT"))
        {
            throw NotSupported(tok, $"Type {tok.Text.ToLowerInvariant()} with/without time zone is not supported");
        }

        next = j;
        string? type = PrestoTypes.Normalize(name.ToString(), [.. args]);
        if (type is null)
        {
            string written = name.ToString().ToLowerInvariant() + (args.Count > 0 ? "(" + string.Join(",", args) + ")" : string.Empty);
            string b = name.ToString().ToLowerInvariant();
            if (b is "array" or "map" or "row" or "json" or "time" or "interval" or "uuid" or "ipaddress" or "hyperloglog" or "varchar" or "char" or "decimal" or "timestamp")
            {
                throw NotSupported(tok, $"Type {written} is not supported by the embedded engine");
            }

            string suffix = columnName is null ? string.Empty : $" for column '{columnName}'";
            throw new QueryFailureException("TYPE_NOT_FOUND", $"line {tok.Location}: Unknown type '{written}'{suffix}", tok.Line, tok.Column);
        }

        return type;
    }

    /// <summary>The SQLite expression converting <paramref name="inner"/> to a Presto type.</summary>
    private static string CastExpression(string inner, string type) => PrestoTypes.BaseName(type) switch
    {
        "varchar" or "char" => $"CAST({inner} AS TEXT)",
        "bigint" or "integer" or "smallint" or "tinyint" => $"CAST({inner} AS INTEGER)",
        "double" or "real" => $"CAST({inner} AS REAL)",
        "decimal" => $"ROUND(CAST({inner} AS REAL), {PrestoTypes.DecimalScale(type).ToString(CultureInfo.InvariantCulture)})",
        "boolean" => $"(CASE WHEN ({inner}) IS NULL THEN NULL WHEN lower(CAST({inner} AS TEXT)) IN ('true', '1') THEN 1 WHEN lower(CAST({inner} AS TEXT)) IN ('false', '0') THEN 0 ELSE CAST({inner} AS REAL) <> 0 END)",
        "date" => $"date({inner})",
        "timestamp" => $"strftime('%Y-%m-%d %H:%M:%f', {inner})",
        "varbinary" => $"CAST({inner} AS BLOB)",
        _ => $"({inner})",
    };

    private int EmitCast(int i, StringBuilder sb)
    {
        int open = i + 1;
        int close = _match[open];
        int asIndex = -1;
        for (int k = open + 1; k < close; k++)
        {
            if (_t[k].IsOp("("))
            {
                k = _match[k];
            }
            else if (_t[k].Is("AS"))
            {
                asIndex = k;
            }
        }

        if (asIndex < 0)
        {
            throw Syntax(_t[close], "mismatched input ')'. Expecting: 'AS'");
        }

        string type = ParseType(asIndex + 1, close, out int after);
        if (after != close)
        {
            throw Syntax(_t[after], $"mismatched input '{_t[after].Text}'. Expecting: ')'");
        }

        var inner = new StringBuilder();
        Emit(open + 1, asIndex, inner, inCall: true);
        Append(sb, CastExpression(inner.ToString(), type));
        return close + 1;
    }

    private int EmitExtract(int i, StringBuilder sb)
    {
        int open = i + 1;
        int close = _match[open];
        var field = _t[open + 1];
        if (!field.IsWord || !_t[open + 2].Is("FROM"))
        {
            throw Syntax(field, $"mismatched input '{field.Text}'. Expecting: <identifier>");
        }

        var inner = new StringBuilder();
        Emit(open + 3, close, inner, inCall: true);
        string f = field.Text.ToLowerInvariant();
        if (f is "quarter")
        {
            Append(sb, $"((CAST(strftime('%m', {inner}) AS INTEGER) + 2) / 3)");
        }
        else if (f is "day_of_week" or "dow")
        {
            Append(sb, $"((CAST(strftime('%w', {inner}) AS INTEGER) + 6) % 7 + 1)");
        }
        else if (s_dateFields.TryGetValue(f, out var format))
        {
            Append(sb, $"CAST(strftime('{format}', {inner}) AS INTEGER)");
        }
        else
        {
            throw NotSupported(field, $"EXTRACT({field.Text.ToUpperInvariant()} FROM ...) is not supported");
        }

        return close + 1;
    }

    /// <summary>Splits the arguments of a call at top-level commas; returns [start, end) ranges.</summary>
    private List<(int Start, int End)> Arguments(int open)
    {
        int close = _match[open];
        var result = new List<(int, int)>();
        int s = open + 1, brackets = 0;
        for (int k = open + 1; k < close; k++)
        {
            if (_t[k].IsOp("("))
            {
                k = _match[k];
            }
            else if (_t[k].IsOp("[") || _t[k].IsOp("]"))
            {
                // ARRAY[a, b] is one argument.
                brackets += _t[k].IsOp("[") ? 1 : -1;
            }
            else if (_t[k].IsOp(",") && brackets == 0)
            {
                result.Add((s, k));
                s = k + 1;
            }
        }

        if (close > open + 1)
        {
            result.Add((s, close));
        }

        return result;
    }

    private string Arg((int Start, int End) range)
    {
        var sb = new StringBuilder();
        Emit(range.Start, range.End, sb, inCall: true);
        return sb.ToString();
    }

    private int EmitFunction(int i, StringBuilder sb)
    {
        var tok = _t[i];
        int open = i + 1;
        int close = _match[open];
        string name = tok.Value.ToLowerInvariant();
        var args = Arguments(open);
        switch (name)
        {
            case "count_if":
                ExpectArgs(tok, args, 1);
                Append(sb, $"count(CASE WHEN ({Arg(args[0])}) THEN 1 END)");
                return close + 1;
            case "approx_distinct":
                ExpectArgs(tok, args, 1);
                Append(sb, $"count(DISTINCT {Arg(args[0])})");
                return close + 1;
            case "if":
                if (args.Count is < 2 or > 3)
                {
                    throw UnexpectedParameters(tok, args.Count);
                }

                Append(sb, $"(CASE WHEN ({Arg(args[0])}) THEN ({Arg(args[1])}) ELSE ({(args.Count == 3 ? Arg(args[2]) : "NULL")}) END)");
                return close + 1;
            case "starts_with":
                ExpectArgs(tok, args, 2);
                Append(sb, $"(substr({Arg(args[0])}, 1, length({Arg(args[1])})) = ({Arg(args[1])}))");
                return close + 1;
            case "now":
                ExpectArgs(tok, args, 0);
                Append(sb, "strftime('%Y-%m-%d %H:%M:%f', 'now')");
                return close + 1;
            case "quarter":
                ExpectArgs(tok, args, 1);
                Append(sb, $"((CAST(strftime('%m', {Arg(args[0])}) AS INTEGER) + 2) / 3)");
                return close + 1;
            case "day_of_week":
            case "dow":
                ExpectArgs(tok, args, 1);
                Append(sb, $"((CAST(strftime('%w', {Arg(args[0])}) AS INTEGER) + 6) % 7 + 1)");
                return close + 1;
            case "trim":
                ExpectArgs(tok, args, 1);
                Append(sb, $"trim({Arg(args[0])})");
                return close + 1;
            case "contains":
                ExpectArgs(tok, args, 2);
                Append(sb, $"presto_contains({Arg(args[0])}, {Arg(args[1])})");
                return close + 1;
            case "cardinality":
                ExpectArgs(tok, args, 1);
                Append(sb, $"json_array_length({Arg(args[0])})");
                return close + 1;
            case "element_at":
                ExpectArgs(tok, args, 2);
                Append(sb, $"presto_element_at({Arg(args[0])}, {Arg(args[1])})");
                return close + 1;
        }

        if (s_dateFields.TryGetValue(name, out var format))
        {
            ExpectArgs(tok, args, 1);
            Append(sb, $"CAST(strftime('{format}', {Arg(args[0])}) AS INTEGER)");
            return close + 1;
        }

        if (!s_functions.TryGetValue(name, out var sqliteName))
        {
            throw new QueryFailureException("FUNCTION_NOT_FOUND", $"line {tok.Location}: Function '{name}' not registered", tok.Line, tok.Column);
        }

        if (name is "min" or "max" && args.Count != 1)
        {
            throw UnexpectedParameters(tok, args.Count);
        }

        Append(sb, sqliteName + "(");
        Emit(open + 1, close, sb, inCall: true);
        sb.Append(')');
        return close + 1;
    }

    /// <summary>
    /// <c>ARRAY[a, b, …]</c> (the bracket at <paramref name="open"/>) as SQLite's <c>json_array(a, b, …)</c>: an array
    /// value is stored and passed around as JSON text. Returns the index after the closing bracket.
    /// </summary>
    private int EmitArrayConstructor(int open, int end, StringBuilder sb)
    {
        var elements = new List<string>();
        int start = open + 1, depth = 0;
        for (int k = open + 1; k < end; k++)
        {
            var tok = _t[k];
            if (tok.IsOp("("))
            {
                k = _match[k];
            }
            else if (tok.IsOp("["))
            {
                depth++;
            }
            else if (tok.IsOp("]") && depth > 0)
            {
                depth--;
            }
            else if (depth == 0 && (tok.IsOp(",") || tok.IsOp("]")))
            {
                if (k > start)
                {
                    elements.Add(Arg((start, k)));
                }
                else if (tok.IsOp(",") || elements.Count > 0)
                {
                    throw Syntax(tok, $"mismatched input '{tok.Text}'. Expecting: <expression>");
                }

                start = k + 1;
                if (tok.IsOp("]"))
                {
                    Append(sb, "json_array(" + string.Join(", ", elements) + ")");
                    return k + 1;
                }
            }
        }

        throw Syntax(_t[end], "mismatched input '<EOF>'. Expecting: ']'");
    }

    private static void ExpectArgs(SqlToken tok, List<(int Start, int End)> args, int count)
    {
        if (args.Count != count)
        {
            throw UnexpectedParameters(tok, args.Count);
        }
    }

    private static QueryFailureException UnexpectedParameters(SqlToken tok, int count) =>
        new("FUNCTION_NOT_FOUND", $"line {tok.Location}: Unexpected parameters ({count.ToString(CultureInfo.InvariantCulture)} arguments) for function {tok.Value.ToLowerInvariant()}", tok.Line, tok.Column);

}
