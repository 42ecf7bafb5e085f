using System;
using System.Collections.Generic;
using System.Net;

namespace Presto.Protocol;

/// <summary>
/// Session-changing response headers (PROTOCOL.md §4.3) collected over one statement, applied at its end.
/// Collecting is idempotent (servers repeat a directive on every later response of the query) and the last directive
/// about a name wins. Every header instance is split on <c>,</c> (proxies fold repeated headers; values that could hold a
/// comma are URL-encoded), except <c>Set-Path</c>, whose value is itself a comma-separated list.
/// </summary>
internal sealed class SessionDirectives
{
    private readonly Dictionary<string, string?> _properties = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _prepared = new(StringComparer.Ordinal);
    private readonly List<string> _originalRoles = new();
    private string? _catalog;
    private string? _schema;
    private string? _path;
    private bool _transactionChanged;
    private string? _transactionId;
    private AuthorizationChange _authorization;
    private string? _authorizationUser;

    private enum AuthorizationChange
    {
        None,
        Set,
        Reset,
    }

    /// <summary>Whether any directive was seen.</summary>
    public bool IsEmpty =>
        _properties.Count == 0 && _roles.Count == 0 && _prepared.Count == 0 && _originalRoles.Count == 0 &&
        _catalog is null && _schema is null && _path is null && !_transactionChanged && _authorization == AuthorizationChange.None;

    /// <summary>Collects the directives among <paramref name="headers"/> (names with the dialect's prefix, any case).</summary>
    public void Collect(IReadOnlyList<KeyValuePair<string, string>> headers, ProtocolDialect dialect)
    {
        string prefix = RequestHeaders.Prefix(dialect);
        List<string>? paths = null;
        foreach (var header in headers)
        {
            if (header.Key.Length <= prefix.Length || !header.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string suffix = header.Key.Substring(prefix.Length);
            string value = header.Value ?? string.Empty;
            if (Is(suffix, "Set-Catalog"))
            {
                _catalog = NonEmpty(value) ?? _catalog;
            }
            else if (Is(suffix, "Set-Schema"))
            {
                _schema = NonEmpty(value) ?? _schema;
            }
            else if (Is(suffix, "Set-Path"))
            {
                if (NonEmpty(value) is { } path)
                {
                    (paths ??= new List<string>()).Add(path);
                }
            }
            else if (Is(suffix, "Set-Session"))
            {
                foreach (var item in Items(value))
                {
                    if (SplitPair(item) is { } pair)
                    {
                        _properties[pair.Name] = Decode(pair.Value);
                    }
                }
            }
            else if (Is(suffix, "Clear-Session"))
            {
                foreach (var name in Items(value))
                {
                    _properties[name] = null;
                }
            }
            else if (Is(suffix, "Set-Role"))
            {
                foreach (var item in Items(value))
                {
                    if (SplitPair(item) is { } pair)
                    {
                        _roles[pair.Name] = Decode(pair.Value);
                    }
                }
            }
            else if (Is(suffix, "Set-Original-Roles"))
            {
                foreach (var role in Items(value))
                {
                    if (!_originalRoles.Contains(role))
                    {
                        _originalRoles.Add(role);
                    }
                }
            }
            else if (Is(suffix, "Added-Prepare"))
            {
                foreach (var item in Items(value))
                {
                    if (SplitPair(item) is { } pair)
                    {
                        _prepared[Decode(pair.Name)] = Decode(pair.Value);
                    }
                }
            }
            else if (Is(suffix, "Deallocated-Prepare"))
            {
                foreach (var name in Items(value))
                {
                    _prepared[Decode(name)] = null;
                }
            }
            else if (Is(suffix, "Started-Transaction-Id"))
            {
                if (NonEmpty(value) is { } id)
                {
                    _transactionChanged = true;
                    _transactionId = id;
                }
            }
            else if (Is(suffix, "Clear-Transaction-Id"))
            {
                _transactionChanged = true;
                _transactionId = null;
            }
            else if (Is(suffix, "Set-Authorization-User"))
            {
                if (NonEmpty(value) is { } user)
                {
                    _authorization = AuthorizationChange.Set;
                    _authorizationUser = user;
                }
            }
            else if (Is(suffix, "Reset-Authorization-User"))
            {
                _authorization = AuthorizationChange.Reset;
                _authorizationUser = null;
            }
        }

        if (paths is not null)
        {
            _path = string.Join(",", paths);
        }
    }

    /// <summary>
    /// Applies what was collected: everything when the statement succeeded, only the transaction directives when it
    /// failed (a failed COMMIT/ROLLBACK still ended the transaction, §4.3).
    /// </summary>
    public void ApplyTo(ClientSession session, bool succeeded)
    {
        if (_transactionChanged)
        {
            session.TransactionId = _transactionId;
        }

        if (!succeeded)
        {
            return;
        }

        if (_properties.Count > 0 || _roles.Count > 0 || _prepared.Count > 0 || _catalog is not null || _schema is not null ||
            _path is not null || _authorization != AuthorizationChange.None)
        {
            session.HoldsServerState = true;
        }

        switch (_authorization)
        {
            case AuthorizationChange.Set:
                session.AuthorizationUser = _authorizationUser;
                session.Roles.Clear();
                break;
            case AuthorizationChange.Reset:
                session.AuthorizationUser = null;
                session.OriginalRoles.Clear();
                session.Roles.Clear();
                break;
        }

        if (_catalog is not null)
        {
            session.Catalog = _catalog;
        }

        if (_schema is not null)
        {
            session.Schema = _schema;
        }

        if (_path is not null)
        {
            session.Path = _path;
        }

        foreach (var pair in _properties)
        {
            if (pair.Value is null)
            {
                session.Properties.Remove(pair.Key);
            }
            else
            {
                session.Properties[pair.Key] = pair.Value;
            }
        }

        foreach (var pair in _roles)
        {
            session.Roles[pair.Key] = pair.Value;
        }

        foreach (var role in _originalRoles)
        {
            if (!session.OriginalRoles.Contains(role))
            {
                session.OriginalRoles.Add(role);
            }
        }

        foreach (var pair in _prepared)
        {
            if (pair.Value is null)
            {
                session.PreparedStatements.Remove(pair.Key);
            }
            else
            {
                session.PreparedStatements[pair.Key] = pair.Value;
            }
        }
    }

    private static bool Is(string suffix, string name) => string.Equals(suffix, name, StringComparison.OrdinalIgnoreCase);

    private static string? NonEmpty(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    private static IEnumerable<string> Items(string value)
    {
        foreach (var part in value.Split(','))
        {
            var item = part.Trim();
            if (item.Length > 0)
            {
                yield return item;
            }
        }
    }

    private static (string Name, string Value)? SplitPair(string item)
    {
        int eq = item.IndexOf('=');
        if (eq <= 0)
        {
            return null;
        }

        return (item.Substring(0, eq).Trim(), item.Substring(eq + 1).Trim());
    }

    /// <summary>Java <c>URLDecoder</c> semantics: <c>+</c> is a space, <c>%XX</c> a UTF-8 byte.</summary>
    private static string Decode(string value) => WebUtility.UrlDecode(value) ?? string.Empty;
}
