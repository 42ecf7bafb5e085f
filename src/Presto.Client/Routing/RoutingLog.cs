using Microsoft.Extensions.Logging;

namespace Presto.Routing;

/// <summary>Log messages of the router: cluster names, groups, states; never SQL or credentials.</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Query routed to cluster {Cluster} (group {Group}, strategy {Strategy})")]
    public static partial void Routed(ILogger logger, string cluster, string group, PrestoRoutingStrategy strategy);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Query moves from cluster {From} to cluster {To} (group {Group})")]
    public static partial void MovedToOtherCluster(ILogger logger, string from, string to, string group);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Cluster {Cluster} is now {Health}: {Reason}")]
    private static partial void HealthDegraded(ILogger logger, string cluster, PrestoClusterHealth health, string reason);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Information, Message = "Cluster {Cluster} is now {Health}: {Reason}")]
    private static partial void HealthRestored(ILogger logger, string cluster, PrestoClusterHealth health, string reason);

    /// <summary>A health change: a warning when it takes a cluster out of use, information when it brings one back.</summary>
    public static void HealthChanged(ILogger logger, string cluster, PrestoClusterHealth health, string reason)
    {
        if (health is PrestoClusterHealth.Unhealthy or PrestoClusterHealth.Pending)
        {
            HealthDegraded(logger, cluster, health, reason);
        }
        else
        {
            HealthRestored(logger, cluster, health, reason);
        }
    }

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Cluster {Cluster} is shutting down ({Reason}): it takes no new queries")]
    public static partial void ShuttingDown(ILogger logger, string cluster, string reason);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "Cluster {Cluster} set to {State}")]
    public static partial void StateChanged(ILogger logger, string cluster, PrestoClusterState state);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Cluster {Cluster} weight set to {Weight}")]
    public static partial void WeightChanged(ILogger logger, string cluster, int weight);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Information, Message = "Hedged query: cluster {Winner} delivered first; the query on cluster {Loser} is cancelled")]
    public static partial void HedgeDecided(ILogger logger, string winner, string loser);
}
