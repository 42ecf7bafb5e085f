using System;
using System.Collections.Generic;

namespace Presto;

/// <summary>What <c>GET /v1/info</c> says about a coordinator.</summary>
public sealed class PrestoServerInfo
{
    internal PrestoServerInfo(string? version, string? environment, bool coordinator, bool starting, string? uptime)
    {
        Version = version;
        Environment = environment;
        IsCoordinator = coordinator;
        IsStarting = starting;
        Uptime = uptime;
    }

    /// <summary><c>nodeVersion.version</c>, e.g. <c>480</c> (Trino) or <c>0.290</c> (PrestoDB).</summary>
    public string? Version { get; }

    /// <summary>The node environment.</summary>
    public string? Environment { get; }

    /// <summary>Whether the node is a coordinator.</summary>
    public bool IsCoordinator { get; }

    /// <summary>Whether the server is still starting.</summary>
    public bool IsStarting { get; }

    /// <summary>Uptime as the server formats it (e.g. <c>3.20h</c>).</summary>
    public string? Uptime { get; }
}

/// <summary>A query as <c>/v1/query</c> lists it.</summary>
public sealed class PrestoQueryInfo
{
    internal PrestoQueryInfo(string queryId, string? state, string? query, string? user, string? source, string? catalog, string? schema,
        IReadOnlyList<string> clientTags, bool scheduled, DateTimeOffset? created, TimeSpan? elapsed, string? errorName, string? errorType)
    {
        QueryId = queryId;
        State = state;
        Query = query;
        User = user;
        Source = source;
        Catalog = catalog;
        Schema = schema;
        ClientTags = clientTags;
        Scheduled = scheduled;
        Created = created;
        Elapsed = elapsed;
        ErrorName = errorName;
        ErrorType = errorType;
    }

    /// <summary>The query id.</summary>
    public string QueryId { get; }

    /// <summary>The state (<c>QUEUED</c>, <c>RUNNING</c>, <c>FINISHED</c>, <c>FAILED</c>…).</summary>
    public string? State { get; }

    /// <summary>The SQL text (as the server shows it to operators).</summary>
    public string? Query { get; }

    /// <summary>The session user.</summary>
    public string? User { get; }

    /// <summary>The client's source (application name).</summary>
    public string? Source { get; }

    /// <summary>The session catalog.</summary>
    public string? Catalog { get; }

    /// <summary>The session schema.</summary>
    public string? Schema { get; }

    /// <summary>The client tags.</summary>
    public IReadOnlyList<string> ClientTags { get; }

    /// <summary>Whether the query was scheduled (left the queue).</summary>
    public bool Scheduled { get; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? Created { get; }

    /// <summary>Elapsed time so far.</summary>
    public TimeSpan? Elapsed { get; }

    /// <summary>The error name of a failed query.</summary>
    public string? ErrorName { get; }

    /// <summary>The error type of a failed query.</summary>
    public string? ErrorType { get; }
}

/// <summary>A node as <c>/v1/node</c> lists it (the coordinator's view of its workers).</summary>
public sealed class PrestoNodeInfo
{
    internal PrestoNodeInfo(string? uri, double recentRequests, double recentFailures, double recentSuccesses, DateTimeOffset? lastResponseTime, string? age)
    {
        Uri = uri;
        RecentRequests = recentRequests;
        RecentFailures = recentFailures;
        RecentSuccesses = recentSuccesses;
        LastResponseTime = lastResponseTime;
        Age = age;
    }

    /// <summary>The node's URI.</summary>
    public string? Uri { get; }

    /// <summary>Recent requests to the node (decaying count).</summary>
    public double RecentRequests { get; }

    /// <summary>Recent failed requests.</summary>
    public double RecentFailures { get; }

    /// <summary>Recent successful requests.</summary>
    public double RecentSuccesses { get; }

    /// <summary>When the node last answered.</summary>
    public DateTimeOffset? LastResponseTime { get; }

    /// <summary>How long the node is known, as the server formats it.</summary>
    public string? Age { get; }
}
