using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Presto.Testing.Execution;

namespace Presto.Testing.Server;

/// <summary>What a session-changing statement does: its update type and the response headers that carry the change (PROTOCOL.md §4.3).</summary>
internal sealed record SessionEffect(string UpdateType, IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>
/// Statements the coordinator itself answers by changing the client session — SET/RESET SESSION, USE, SET ROLE, SET PATH,
/// SET/RESET SESSION AUTHORIZATION, PREPARE, DEALLOCATE PREPARE, START TRANSACTION, COMMIT, ROLLBACK — and EXECUTE, which
/// resolves a prepared statement sent back by the client.
/// </summary>
internal sealed partial class SessionStatements(ServerDialect dialect)
{
    private readonly ConcurrentDictionary<string, byte> _transactions = new(StringComparer.Ordinal);

    private bool Trino => dialect == ServerDialect.Trino;

    /// <summary>Handles a session statement; returns <see langword="null"/> when <paramref name="sql"/> is not one.</summary>
    public SessionEffect? TryHandle(string sql, RequestSession session)
    {
        string s = SqlText.Normalize(sql);
        Match m;
        if ((m = SetSessionAuthorization().Match(s)).Success)
        {
            RequireTrinoCapability(session, "SESSION_AUTHORIZATION", "SET SESSION AUTHORIZATION");
            return Effect("SET SESSION AUTHORIZATION", ("Set-Authorization-User", SqlText.LiteralValue(Unquote(m.Groups["user"].Value))));
        }

        if (ResetSessionAuthorization().IsMatch(s))
        {
            RequireTrinoCapability(session, "SESSION_AUTHORIZATION", "RESET SESSION AUTHORIZATION");
            return Effect("RESET SESSION AUTHORIZATION", ("Reset-Authorization-User", "true"));
        }

        if ((m = SetSession().Match(s)).Success)
        {
            string name = m.Groups["name"].Value;
            string value = SqlText.LiteralValue(m.Groups["value"].Value);
            return Effect("SET SESSION", ("Set-Session", name + "=" + RequestSession.FormEncode(value)));
        }

        if ((m = ResetSession().Match(s)).Success)
        {
            return Effect("RESET SESSION", ("Clear-Session", m.Groups["name"].Value));
        }

        if ((m = Use().Match(s)).Success)
        {
            return UseStatement(m, session);
        }

        if ((m = SetRole().Match(s)).Success)
        {
            string role = m.Groups["role"].Value;
            string selected = role.ToUpperInvariant() is "ALL" or "NONE" ? role.ToUpperInvariant() : "ROLE{" + SqlText.Identifier(role) + "}";
            string catalog = m.Groups["catalog"].Success ? SqlText.Identifier(m.Groups["catalog"].Value) : "system";
            return Effect("SET ROLE", ("Set-Role", catalog + "=" + RequestSession.FormEncode(selected)));
        }

        if (Trino && (m = SetPath().Match(s)).Success)
        {
            RequireTrinoCapability(session, "PATH", "SET PATH");
            return Effect("SET PATH", ("Set-Path", m.Groups["path"].Value.Replace(" ", string.Empty, StringComparison.Ordinal)));
        }

        if ((m = Prepare().Match(s)).Success)
        {
            string name = m.Groups["name"].Value;
            string statement = m.Groups["statement"].Value.Trim();
            return Effect("PREPARE", ("Added-Prepare", RequestSession.FormEncode(name) + "=" + RequestSession.FormEncode(statement)));
        }

        if ((m = Deallocate().Match(s)).Success)
        {
            string name = m.Groups["name"].Value;
            if (!session.PreparedStatements.ContainsKey(name))
            {
                throw new QueryFailureException("NOT_FOUND", "Prepared statement not found: " + name, 1, 1);
            }

            return Effect("DEALLOCATE", ("Deallocated-Prepare", RequestSession.FormEncode(name)));
        }

        if (StartTransaction().IsMatch(s))
        {
            return Start(session);
        }

        if ((m = CommitOrRollback().Match(s)).Success)
        {
            return End(session, m.Groups["verb"].Value.ToUpperInvariant());
        }

        return null;
    }

    /// <summary>Resolves <c>EXECUTE name [USING ...]</c> into the statement to run; returns <see langword="null"/> for other SQL.</summary>
    public static string? ResolveExecute(string sql, RequestSession session)
    {
        var m = Execute().Match(SqlText.Normalize(sql));
        if (!m.Success)
        {
            return null;
        }

        string name = m.Groups["name"].Value;
        if (!session.PreparedStatements.TryGetValue(name, out string? statement))
        {
            throw new QueryFailureException("NOT_FOUND", "Prepared statement not found: " + name, 1, 1);
        }

        var arguments = m.Groups["args"].Success ? SqlText.SplitTopLevel(m.Groups["args"].Value, ',') : [];
        int expected = SqlText.ReplaceParameters(statement, arguments, out string resolved);
        if (expected != arguments.Count)
        {
            throw new QueryFailureException(
                "INVALID_PARAMETER_USAGE",
                string.Create(CultureInfo.InvariantCulture, $"line 1:1: Incorrect number of parameters: expected {expected} but found {arguments.Count}"),
                1,
                1);
        }

        return resolved;
    }

    private SessionEffect UseStatement(Match m, RequestSession session)
    {
        string first = SqlText.Identifier(m.Groups["first"].Value);
        if (m.Groups["second"].Success)
        {
            return Effect("USE", ("Set-Catalog", first), ("Set-Schema", SqlText.Identifier(m.Groups["second"].Value)));
        }

        if (session.Catalog is null)
        {
            throw new QueryFailureException("MISSING_CATALOG_NAME", "line 1:1: Catalog must be specified when session catalog is not set", 1, 1);
        }

        return Effect("USE", ("Set-Catalog", session.Catalog), ("Set-Schema", first));
    }

    private SessionEffect Start(RequestSession session)
    {
        if (session.TransactionId is null)
        {
            throw new QueryFailureException("INCOMPATIBLE_CLIENT", "Client does not support transactions");
        }

        if (!session.TransactionId.Equals("NONE", StringComparison.OrdinalIgnoreCase))
        {
            throw new QueryFailureException("NOT_SUPPORTED", "Nested transactions not supported");
        }

        string id = Guid.NewGuid().ToString();
        _transactions[id] = 0;
        return Effect("START TRANSACTION", ("Started-Transaction-Id", id));
    }

    private SessionEffect End(RequestSession session, string verb)
    {
        string? id = session.TransactionId;
        if (id is null || id.Equals("NONE", StringComparison.OrdinalIgnoreCase))
        {
            throw new QueryFailureException("NOT_IN_TRANSACTION", "No transaction in progress");
        }

        if (!_transactions.TryRemove(id, out _))
        {
            throw new QueryFailureException("UNKNOWN_TRANSACTION", "Unknown transaction ID: " + id + ". Possibly expired? Commands ignored until end of transaction block");
        }

        return Effect(verb, ("Clear-Transaction-Id", "true"));
    }

    private void RequireTrinoCapability(RequestSession session, string capability, string statement)
    {
        if (!Trino)
        {
            throw new QueryFailureException("NOT_SUPPORTED", statement + " is not supported", 1, 1);
        }

        if (!System.Linq.Enumerable.Contains(session.ClientCapabilities, capability))
        {
            throw new QueryFailureException("NOT_SUPPORTED", statement + " not supported by client", 1, 1);
        }
    }

    private static SessionEffect Effect(string updateType, params (string Suffix, string Value)[] headers)
    {
        var list = new List<KeyValuePair<string, string>>(headers.Length);
        foreach (var (suffix, value) in headers)
        {
            list.Add(new KeyValuePair<string, string>(suffix, value));
        }

        return new SessionEffect(updateType, list);
    }

    private static string Unquote(string text) => text.Length >= 2 && text[0] == '"' ? SqlText.Identifier(text) : text;

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline;

    [GeneratedRegex(@"^SET\s+SESSION\s+AUTHORIZATION\s+(?<user>'(?:[^']|'')*'|""(?:[^""]|"""")*""|\S+)$", Options)]
    private static partial Regex SetSessionAuthorization();

    [GeneratedRegex(@"^RESET\s+SESSION\s+AUTHORIZATION$", Options)]
    private static partial Regex ResetSessionAuthorization();

    [GeneratedRegex(@"^SET\s+SESSION\s+(?<name>[A-Za-z_][\w.]*)\s*=\s*(?<value>.+)$", Options)]
    private static partial Regex SetSession();

    [GeneratedRegex(@"^RESET\s+SESSION\s+(?<name>[A-Za-z_][\w.]*)$", Options)]
    private static partial Regex ResetSession();

    [GeneratedRegex(@"^USE\s+(?<first>""(?:[^""]|"""")*""|[A-Za-z_]\w*)(\s*\.\s*(?<second>""(?:[^""]|"""")*""|[A-Za-z_]\w*))?$", Options)]
    private static partial Regex Use();

    [GeneratedRegex(@"^SET\s+ROLE\s+(?<role>""(?:[^""]|"""")*""|[A-Za-z_]\w*)(\s+IN\s+(?<catalog>""(?:[^""]|"""")*""|[A-Za-z_]\w*))?$", Options)]
    private static partial Regex SetRole();

    [GeneratedRegex(@"^SET\s+PATH\s+(?<path>.+)$", Options)]
    private static partial Regex SetPath();

    [GeneratedRegex(@"^PREPARE\s+(?<name>[A-Za-z_]\w*)\s+FROM\s+(?<statement>.+)$", Options)]
    private static partial Regex Prepare();

    [GeneratedRegex(@"^DEALLOCATE\s+PREPARE\s+(?<name>[A-Za-z_]\w*)$", Options)]
    private static partial Regex Deallocate();

    [GeneratedRegex(@"^EXECUTE\s+(?<name>[A-Za-z_]\w*)(\s+USING\s+(?<args>.+))?$", Options)]
    private static partial Regex Execute();

    [GeneratedRegex(@"^START\s+TRANSACTION(\s+.*)?$", Options)]
    private static partial Regex StartTransaction();

    [GeneratedRegex(@"^(?<verb>COMMIT|ROLLBACK)(\s+WORK)?$", Options)]
    private static partial Regex CommitOrRollback();
}
