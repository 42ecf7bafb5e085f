using System;

namespace Presto.Sql;

/// <summary>
/// Decides whether a statement only reads, from its leading keywords: <c>SELECT</c>, <c>VALUES</c>, <c>TABLE</c>,
/// <c>SHOW</c>, <c>DESCRIBE</c>, <c>WITH … SELECT</c> (the common table expressions are skipped), a parenthesised query,
/// and <c>EXPLAIN</c> (<c>EXPLAIN ANALYZE</c> runs its statement, so it is read-only only when that statement is).
/// Comments, literals and quoted identifiers are skipped. Anything it does not recognise is a write: the safe answer
/// when deciding whether a failed statement may be run again.
/// </summary>
internal static class StatementKindLexer
{
    public static PrestoStatementKind Classify(string sql)
    {
        var i = 0;
        return IsReadOnly(sql, ref i) ? PrestoStatementKind.ReadOnly : PrestoStatementKind.Write;
    }

    private static bool IsReadOnly(string s, ref int i)
    {
        var token = Next(s, ref i);
        while (token.IsSymbol('('))
        {
            token = Next(s, ref i);
        }

        if (token.IsWord(s, "SELECT") || token.IsWord(s, "VALUES") || token.IsWord(s, "TABLE") || token.IsWord(s, "SHOW") ||
            token.IsWord(s, "DESCRIBE") || token.IsWord(s, "DESC"))
        {
            return true;
        }

        if (token.IsWord(s, "WITH"))
        {
            return SkipCommonTableExpressions(s, ref i) && IsReadOnly(s, ref i);
        }

        if (token.IsWord(s, "EXPLAIN"))
        {
            if (!Next(s, ref i).IsWord(s, "ANALYZE"))
            {
                // Plain EXPLAIN (with or without options) plans the statement and runs nothing.
                return true;
            }

            var start = i;
            if (!Next(s, ref i).IsWord(s, "VERBOSE"))
            {
                i = start;
            }

            return IsReadOnly(s, ref i);
        }

        return false;
    }

    /// <summary>Skips <c>[RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (query) [, …]</c>; false when the text does not have that shape.</summary>
    private static bool SkipCommonTableExpressions(string s, ref int i)
    {
        var start = i;
        if (!Next(s, ref i).IsWord(s, "RECURSIVE"))
        {
            i = start;
        }

        while (true)
        {
            if (Next(s, ref i).Kind != TokenKind.Word)
            {
                return false;
            }

            var token = Next(s, ref i);
            if (token.IsSymbol('('))
            {
                SkipToClosingParenthesis(s, ref i);
                token = Next(s, ref i);
            }

            if (!token.IsWord(s, "AS"))
            {
                return false;
            }

            token = Next(s, ref i);
            if (token.IsWord(s, "NOT"))
            {
                token = Next(s, ref i);
            }

            if (token.IsWord(s, "MATERIALIZED"))
            {
                token = Next(s, ref i);
            }

            if (!token.IsSymbol('('))
            {
                return false;
            }

            SkipToClosingParenthesis(s, ref i);
            start = i;
            if (!Next(s, ref i).IsSymbol(','))
            {
                i = start;
                return true;
            }
        }
    }

    private static void SkipToClosingParenthesis(string s, ref int i)
    {
        for (var depth = 1; depth > 0;)
        {
            var token = Next(s, ref i);
            if (token.Kind == TokenKind.End)
            {
                return;
            }

            if (token.IsSymbol('('))
            {
                depth++;
            }
            else if (token.IsSymbol(')'))
            {
                depth--;
            }
        }
    }

    /// <summary>The next word (identifiers and keywords; a quoted identifier counts as a word), symbol or literal after whitespace and comments.</summary>
    private static Token Next(string s, ref int i)
    {
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var end = SqlParameterScanner.SkipLiteralOrComment(s, i);
            if (end != i)
            {
                i = end;
                if (s[start] is '-' or '/')
                {
                    continue;
                }

                return new Token(s[start] == '\'' ? TokenKind.Other : TokenKind.Word, start, end - start);
            }

            if (SqlParameterScanner.IsNamePart(s[i]))
            {
                while (i < s.Length && (SqlParameterScanner.IsNamePart(s[i]) || s[i] is '@' or ':' or '$'))
                {
                    i++;
                }

                return new Token(TokenKind.Word, start, i - start);
            }

            i++;
            return new Token(TokenKind.Symbol, start, 1, s[start]);
        }

        return new Token(TokenKind.End, s.Length, 0);
    }

    private enum TokenKind
    {
        End,
        Word,
        Symbol,
        Other,
    }

    private readonly struct Token
    {
        public Token(TokenKind kind, int start, int length, char symbol = '\0')
        {
            Kind = kind;
            Start = start;
            Length = length;
            Symbol = symbol;
        }

        public TokenKind Kind { get; }

        public int Start { get; }

        public int Length { get; }

        public char Symbol { get; }

        public bool IsWord(string s, string word) =>
            Kind == TokenKind.Word && Length == word.Length && string.Compare(s, Start, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0;

        public bool IsSymbol(char c) => Kind == TokenKind.Symbol && Symbol == c;
    }
}
