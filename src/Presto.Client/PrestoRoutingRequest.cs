using System.Collections.Generic;

namespace Presto;

/// <summary>What a routing rule or a custom selector knows about the query being routed.</summary>
public sealed class PrestoRoutingRequest
{
    internal PrestoRoutingRequest(string? routingGroup, string? user, string? source, IReadOnlyList<string> clientTags, string? catalog, string? schema, PrestoStatementKind statementKind)
    {
        RoutingGroup = routingGroup;
        User = user;
        Source = source;
        ClientTags = clientTags;
        Catalog = catalog;
        Schema = schema;
        StatementKind = statementKind;
    }

    /// <summary>The group the command asked for (<see cref="PrestoCommand.RoutingGroup"/>), if any.</summary>
    public string? RoutingGroup { get; }

    /// <summary>The user.</summary>
    public string? User { get; }

    /// <summary>The application name (<c>Source</c>).</summary>
    public string? Source { get; }

    /// <summary>The client tags.</summary>
    public IReadOnlyList<string> ClientTags { get; }

    /// <summary>The session catalog.</summary>
    public string? Catalog { get; }

    /// <summary>The session schema.</summary>
    public string? Schema { get; }

    /// <summary>Whether the statement only reads.</summary>
    public PrestoStatementKind StatementKind { get; }
}
