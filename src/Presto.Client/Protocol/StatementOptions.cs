using System;
using System.Collections.Generic;

namespace Presto.Protocol;

/// <summary>Per-statement additions to the connection's session headers (set by a command or the fluent client).</summary>
internal sealed record StatementOptions
{
    /// <summary>Session properties for this statement only (override the connection's).</summary>
    public IReadOnlyDictionary<string, string>? SessionProperties { get; init; }

    public string? ClientInfo { get; init; }

    public string? TraceToken { get; init; }

    public IReadOnlyList<string>? ClientTags { get; init; }

    public IReadOnlyDictionary<string, string>? ResourceEstimates { get; init; }

    /// <summary>Called after every response is read (progress reporting); must not throw.</summary>
    public Action<QueryResponse>? OnResponse { get; init; }

    /// <summary>The routing group forwarded to a gateway endpoint (overrides the connection string's <c>RoutingGroup</c>).</summary>
    public string? RoutingGroup { get; init; }

    /// <summary>
    /// A prepared statement (name → SQL with <c>?</c> markers) sent in the <c>Prepared-Statement</c> header of this
    /// statement only, for a parameterized command's <c>EXECUTE name USING …</c>; never kept in the session.
    /// </summary>
    public KeyValuePair<string, string>? PreparedStatement { get; init; }

    /// <summary>The spooling encodings offered for this statement (overrides the connection's; empty turns spooling off).</summary>
    public IReadOnlyList<string>? SpoolingEncodings { get; init; }
}
