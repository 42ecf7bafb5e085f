using System;
using System.Collections.Generic;

namespace Presto.Protocol;

/// <summary>
/// The session state a connection carries from statement to statement and sends on every submission:
/// what the connection string set, changed by the server's response directives (§4.3 of the protocol notes).
/// Not thread-safe; a connection runs one command at a time.
/// </summary>
internal sealed class ClientSession
{
    public ClientSession(ConnectionSettings settings)
    {
        Catalog = settings.Catalog;
        Schema = settings.Schema;
        Path = settings.Path;
        foreach (var pair in settings.SessionProperties)
        {
            Properties[pair.Key] = pair.Value;
        }

        foreach (var pair in settings.Roles)
        {
            Roles[pair.Key] = pair.Value;
        }
    }

    public string? Catalog { get; set; }

    public string? Schema { get; set; }

    public string? Path { get; set; }

    /// <summary>Session properties (decoded values).</summary>
    public Dictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>Roles per catalog (decoded values like <c>ROLE{admin}</c>).</summary>
    public Dictionary<string, string> Roles { get; } = new(StringComparer.Ordinal);

    /// <summary>Prepared statements name → SQL (decoded; Trino may hand out opaque <c>$zstd:</c> values, echoed unchanged).</summary>
    public Dictionary<string, string> PreparedStatements { get; } = new(StringComparer.Ordinal);

    /// <summary>Open transaction id, or <see langword="null"/> (sent as <c>NONE</c>).</summary>
    public string? TransactionId { get; set; }

    /// <summary>User set by <c>SET SESSION AUTHORIZATION</c> (Trino); the login user is then sent as original user.</summary>
    public string? AuthorizationUser { get; set; }

    /// <summary>
    /// A statement changed the session (<c>SET SESSION</c>, <c>USE</c>, <c>PREPARE</c>, <c>SET ROLE</c>, <c>SET SESSION
    /// AUTHORIZATION</c>): with several clusters the connection then stays on the cluster that ran it.
    /// </summary>
    public bool HoldsServerState { get; set; }

    /// <summary>Original roles (Trino ≥ 475).</summary>
    public List<string> OriginalRoles { get; } = new();
}
