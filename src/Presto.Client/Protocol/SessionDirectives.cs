using System.Collections.Generic;

namespace Presto.Protocol;

/// <summary>Session-changing response headers (§4.3) collected over one statement, applied at its end. CONTRACT STUB.</summary>
internal sealed class SessionDirectives
{
    public void Collect(IReadOnlyList<KeyValuePair<string, string>> headers, ProtocolDialect dialect)
    {
    }

    /// <summary>Applies what was collected: everything when the statement succeeded, only transaction directives when it failed.</summary>
    public void ApplyTo(ClientSession session, bool succeeded)
    {
    }
}
