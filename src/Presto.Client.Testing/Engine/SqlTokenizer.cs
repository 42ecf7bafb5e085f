using System.Collections.Generic;
using System.Text;
using Presto.Testing.Execution;

namespace Presto.Testing.Engine;

internal enum TokenKind
{
    Identifier,
    QuotedIdentifier,
    String,
    BinaryString,
    Number,
    Operator,
    Parameter,
    End,
}

/// <summary>One lexical token of a statement with its 1-based location.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Text">The source text of the token, exactly as written.</param>
/// <param name="Value">Identifier without quotes (unescaped), string literal content (unescaped), else the text.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
internal sealed record SqlToken(TokenKind Kind, string Text, string Value, int Line, int Column)
{
    public bool IsWord => Kind == TokenKind.Identifier;

    public bool IsName => Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier;

    /// <summary>True when the token is the unquoted word <paramref name="word"/> (case-insensitive).</summary>
    public bool Is(string word) => Kind == TokenKind.Identifier && string.Equals(Text, word, System.StringComparison.OrdinalIgnoreCase);

    public bool IsOp(string op) => Kind == TokenKind.Operator && string.Equals(Text, op, System.StringComparison.Ordinal);

    /// <summary>The identifier as Presto canonicalizes it: unquoted names are lower-cased.</summary>
    public string Canonical => Kind == TokenKind.Identifier ? Value.ToLowerInvariant() : Value;

    public string Location => Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Column.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Splits Presto SQL into tokens: words, <c>"quoted"</c> identifiers, <c>'strings'</c> with <c>''</c> escapes,
/// <c>X'..'</c> binary literals, numbers, operators; skips <c>--</c> and <c>/* */</c> comments. The token list always
/// ends with an <see cref="TokenKind.End"/> token located after the last character.
/// </summary>
internal static class SqlTokenizer
{
    private static readonly string[] s_operators = ["<>", "<=", ">=", "!=", "||", "=>", "->", "::", "(", ")", ",", ".", "+", "-", "*", "/", "%", "=", "<", ">", ";", "[", "]", "?", ":", "|", "&", "^", "{", "}"];

    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        int i = 0, line = 1, lineStart = 0;
        while (i < sql.Length)
        {
            char c = sql[i];
            int col = i - lineStart + 1;
            if (c == '\n')
            {
                i++;
                line++;
                lineStart = i;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                int end = sql.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new QueryFailureException("SYNTAX_ERROR", $"line {line}:{col}: mismatched input '<EOF>'. Expecting: <unterminated comment>", line, col);
                }

                for (int k = i; k < end + 2; k++)
                {
                    if (sql[k] == '\n')
                    {
                        line++;
                        lineStart = k + 1;
                    }
                }

                i = end + 2;
                continue;
            }

            int start = i;
            if (c == '\'' || ((c == 'X' || c == 'x') && i + 1 < sql.Length && sql[i + 1] == '\''))
            {
                bool binary = c != '\'';
                i += binary ? 2 : 1;
                var value = new StringBuilder();
                int startLine = line;
                while (true)
                {
                    if (i >= sql.Length)
                    {
                        throw new QueryFailureException("SYNTAX_ERROR", $"line {startLine}:{col}: token recognition error at: '{sql[start..]}'", startLine, col);
                    }

                    if (sql[i] == '\'')
                    {
                        if (i + 1 < sql.Length && sql[i + 1] == '\'')
                        {
                            value.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (sql[i] == '\n')
                    {
                        line++;
                        lineStart = i + 1;
                    }

                    value.Append(sql[i]);
                    i++;
                }

                tokens.Add(new SqlToken(binary ? TokenKind.BinaryString : TokenKind.String, sql[start..i], value.ToString(), startLine, col));
                continue;
            }

            if (c == '"' || c == '`')
            {
                if (c == '`')
                {
                    throw new QueryFailureException("SYNTAX_ERROR", $"line {line}:{col}: backquoted identifiers are not supported; use double quotes to quote identifiers", line, col);
                }

                i++;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= sql.Length)
                    {
                        throw new QueryFailureException("SYNTAX_ERROR", $"line {line}:{col}: token recognition error at: '{sql[start..]}'", line, col);
                    }

                    if (sql[i] == '"')
                    {
                        if (i + 1 < sql.Length && sql[i + 1] == '"')
                        {
                            value.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(sql[i]);
                    i++;
                }

                if (value.Length == 0)
                {
                    throw new QueryFailureException("SYNTAX_ERROR", $"line {line}:{col}: Zero-length delimited identifier not allowed", line, col);
                }

                tokens.Add(new SqlToken(TokenKind.QuotedIdentifier, sql[start..i], value.ToString(), line, col));
                continue;
            }

            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1])))
            {
                while (i < sql.Length && (char.IsAsciiDigit(sql[i]) || sql[i] == '.'))
                {
                    i++;
                }

                if (i < sql.Length && (sql[i] == 'e' || sql[i] == 'E'))
                {
                    int save = i;
                    i++;
                    if (i < sql.Length && (sql[i] == '+' || sql[i] == '-'))
                    {
                        i++;
                    }

                    if (i < sql.Length && char.IsAsciiDigit(sql[i]))
                    {
                        while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                        {
                            i++;
                        }
                    }
                    else
                    {
                        i = save;
                    }
                }

                if (i < sql.Length && (char.IsLetter(sql[i]) || sql[i] == '_'))
                {
                    // 123abc: Presto lexes this as an identifier-like token and rejects it.
                    while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
                    {
                        i++;
                    }

                    throw new QueryFailureException("SYNTAX_ERROR", $"line {line}:{col}: identifiers must not start with a digit; surround the identifier with double quotes", line, col);
                }

                string text = sql[start..i];
                if (text.Split('.').Length > 2)
                {
                    throw new QueryFailureException("SYNTAX_ERROR", $"line {line}:{col}: mismatched input '{text}'", line, col);
                }

                tokens.Add(new SqlToken(TokenKind.Number, text, text, line, col));
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
                {
                    i++;
                }

                string word = sql[start..i];
                tokens.Add(new SqlToken(TokenKind.Identifier, word, word, line, col));
                continue;
            }

            string? op = null;
            foreach (var candidate in s_operators)
            {
                if (string.CompareOrdinal(sql, i, candidate, 0, candidate.Length) == 0)
                {
                    op = candidate;
                    break;
                }
            }

            if (op is null)
            {
                throw new QueryFailureException("SYNTAX_ERROR", $"line {line}:{col}: token recognition error at: '{c}'", line, col);
            }

            i += op.Length;
            tokens.Add(new SqlToken(op == "?" ? TokenKind.Parameter : TokenKind.Operator, op, op, line, col));
        }

        tokens.Add(new SqlToken(TokenKind.End, "<EOF>", "<EOF>", line, sql.Length - lineStart + 1));
        return tokens;
    }
}
