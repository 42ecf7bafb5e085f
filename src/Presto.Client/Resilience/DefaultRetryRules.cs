using System.Collections.Generic;
using Presto.Protocol;

namespace Presto.Resilience;

/// <summary>
/// The default classification table: docs/retry.md explains every row. Delay factors multiply the base delay
/// (<c>RetryDelayMs</c>, 1 s by default): HTTP-level failures retry fast, worker and capacity failures give the
/// cluster a few seconds to notice the loss or free resources.
/// </summary>
internal static class DefaultRetryRules
{
    private static readonly PrestoQueryPhase[] s_afterSubmit = { PrestoQueryPhase.Queued, PrestoQueryPhase.Running, PrestoQueryPhase.Fetch };
    private static readonly int[] s_unavailable = { 429, 502, 503, 504 };
    private static readonly string[] s_genericInternal = { "GENERIC_INTERNAL_ERROR" };

    private const string WorkerMessages =
        "Encountered too many errors talking to a worker node|Could not communicate with the remote task|worker node running your query has restarted";

    private const string StorageMessages =
        "(?i)timed out|connection reset|broken pipe|SlowDown|reduce your request rate|Service Unavailable|Unable to execute HTTP request|Could not obtain block|Timeout waiting for connection from pool";

    public static PrestoRetryRuleCollection Create()
    {
        var rules = new PrestoRetryRuleCollection();
        foreach (var rule in Rules())
        {
            rules.Add(rule);
        }

        return rules;
    }

    private static IEnumerable<PrestoRetryRule> Rules()
    {
        // HTTP and transport failures (after the request-level retries of the same URI gave up).
        yield return new("transport-connect", PrestoRetryDecision.RetryOtherCluster)
        {
            TransportFailure = PrestoTransportFailure.ConnectionFailed,
            ProvesNotExecuted = true,
            DelayFactor = 0.1,
        };
        yield return new("http-unavailable-submit", PrestoRetryDecision.RetrySameCluster)
        {
            HttpStatuses = s_unavailable,
            Phases = new[] { PrestoQueryPhase.Submit },
            ProvesNotExecuted = true,
            DelayFactor = 0.1,
        };
        yield return new("transport-submit-trino", PrestoRetryDecision.RetrySameCluster)
        {
            // Trino only registers a query on POST and starts it on the first GET: a lost POST answer ran nothing.
            TransportFailure = PrestoTransportFailure.Interrupted,
            Phases = new[] { PrestoQueryPhase.Submit },
            Dialect = PrestoDialect.Trino,
            ProvesNotExecuted = true,
            DelayFactor = 0.1,
        };
        yield return new("transport-submit", PrestoRetryDecision.RetrySameCluster)
        {
            TransportFailure = PrestoTransportFailure.Interrupted,
            Phases = new[] { PrestoQueryPhase.Submit },
            DelayFactor = 0.1,
        };
        yield return new("transport-fetch", PrestoRetryDecision.RetryOtherCluster)
        {
            TransportFailure = PrestoTransportFailure.Any,
            Phases = s_afterSubmit,
            DelayFactor = 0.5,
        };
        yield return new("http-unavailable-fetch", PrestoRetryDecision.RetryOtherCluster)
        {
            HttpStatuses = s_unavailable,
            Phases = s_afterSubmit,
            DelayFactor = 0.5,
        };
        yield return new("http-invalid-body", PrestoRetryDecision.RetrySameCluster) { HttpStatuses = new[] { 200 }, DelayFactor = 0.1 };
        yield return new("http-query-gone", PrestoRetryDecision.RetryOtherCluster)
        {
            HttpStatuses = new[] { 404, 410 },
            Phases = s_afterSubmit,
            DelayFactor = 0.5,
        };
        yield return new("http-auth", PrestoRetryDecision.Never) { HttpStatuses = new[] { 401, 403 } };

        // Server errors by name.
        yield return new("server-starting", PrestoRetryDecision.RetryOtherCluster)
        {
            ErrorNames = new[] { "SERVER_STARTING_UP", "NO_NODES_AVAILABLE" },
            ProvesNotExecuted = true,
            DelayFactor = 5,
        };
        yield return new("server-shutting-down", PrestoRetryDecision.RetryOtherCluster)
        {
            ErrorNames = new[] { "SERVER_SHUTTING_DOWN" },
            DelayFactor = 0.5,
        };
        yield return new("queue-full", PrestoRetryDecision.RetryOtherCluster)
        {
            ErrorNames = new[] { "QUERY_QUEUE_FULL" },
            ProvesNotExecuted = true,
            DelayFactor = 2,
        };
        // Another cluster is unaffected by this one's lost worker; alone, the cluster gets a moment to notice the loss.
        yield return new("worker-failure", PrestoRetryDecision.RetryOtherCluster)
        {
            ErrorNames = new[]
            {
                "TOO_MANY_REQUESTS_FAILED", "PAGE_TRANSPORT_ERROR", "PAGE_TRANSPORT_TIMEOUT", "REMOTE_TASK_ERROR", "REMOTE_TASK_MISMATCH",
                "ABANDONED_TASK", "REMOTE_HOST_GONE", "REMOTE_BUFFER_CLOSE_FAILED", "REMOTE_TASK_FAILED", "CORRUPT_PAGE",
                "TOO_MANY_TASK_FAILED", "GENERIC_RECOVERY_ERROR", "SERIALIZED_PAGE_CHECKSUM_ERROR",
            },
            DelayFactor = 2,
        };
        yield return new("cluster-out-of-memory", PrestoRetryDecision.RetryOtherCluster)
        {
            ErrorNames = new[] { "CLUSTER_OUT_OF_MEMORY", "MEMORY_ARBITRATION_FAILURE" },
            DelayFactor = 5,
        };
        yield return new("resources-preempted", PrestoRetryDecision.RetrySameCluster)
        {
            ErrorNames = new[]
            {
                "ADMINISTRATIVELY_PREEMPTED", "GENERIC_INSUFFICIENT_RESOURCES", "CLUSTER_HAS_TOO_MANY_RUNNING_TASKS",
                "EXCEEDED_TASK_DESCRIPTOR_STORAGE_CAPACITY",
            },
            DelayFactor = 5,
        };
        yield return new("query-limit", PrestoRetryDecision.Never)
        {
            ErrorNames = new[]
            {
                "EXCEEDED_LOCAL_MEMORY_LIMIT", "EXCEEDED_GLOBAL_MEMORY_LIMIT", "EXCEEDED_TIME_LIMIT", "EXCEEDED_CPU_LIMIT",
                "EXCEEDED_SCAN_LIMIT", "EXCEEDED_SPILL_LIMIT", "OUT_OF_SPILL_SPACE", "EXCEEDED_MEMORY_LIMIT",
                "EXCEEDED_OUTPUT_SIZE_LIMIT", "EXCEEDED_WRITE_LIMIT",
            },
        };
        // Every user error repeats, ABANDONED_QUERY included: it means this client stopped polling, which heartbeats prevent.
        yield return new("user-error", PrestoRetryDecision.Never) { ErrorTypes = new[] { PrestoErrorType.UserError } };

        // Connector errors: writes never; reads when the cause is storage I/O.
        yield return new("write-path", PrestoRetryDecision.Never)
        {
            ErrorNames = new[]
            {
                "HIVE_WRITER_OPEN_ERROR", "HIVE_WRITER_CLOSE_ERROR", "HIVE_WRITER_DATA_ERROR", "ICEBERG_WRITER_OPEN_ERROR",
                "ICEBERG_WRITER_CLOSE_ERROR", "ICEBERG_WRITER_DATA_ERROR", "ICEBERG_COMMIT_ERROR",
            },
        };
        var splitErrors = new[] { "HIVE_CANNOT_OPEN_SPLIT", "ICEBERG_CANNOT_OPEN_SPLIT", "HIVE_MISSING_DATA", "HUDI_CANNOT_OPEN_SPLIT", "DELTA_CANNOT_OPEN_SPLIT" };
        yield return new("split-io", PrestoRetryDecision.RetrySameCluster)
        {
            ErrorNames = splitErrors,
            MessagePattern = StorageMessages,
            StatementKind = PrestoStatementKind.ReadOnly,
        };
        yield return new("split-deterministic", PrestoRetryDecision.Never) { ErrorNames = splitErrors };
        yield return new("concurrent-change", PrestoRetryDecision.RetrySameCluster)
        {
            ErrorNames = new[] { "HIVE_FILE_NOT_FOUND", "HIVE_PARTITION_DROPPED_DURING_QUERY", "HIVE_TABLE_DROPPED_DURING_QUERY" },
            StatementKind = PrestoStatementKind.ReadOnly,
            MaxAttempts = 2,
            DelayFactor = 2,
        };
        yield return new("storage-io", PrestoRetryDecision.RetrySameCluster)
        {
            ErrorNames = new[]
            {
                "HIVE_METASTORE_ERROR", "HIVE_CURSOR_ERROR", "HIVE_FILESYSTEM_ERROR", "HIVE_TABLE_LOCK_NOT_ACQUIRED", "HIVE_RANGER_SERVER_ERROR",
                "ICEBERG_FILESYSTEM_ERROR", "ICEBERG_CATALOG_ERROR", "ICEBERG_CURSOR_ERROR", "DELTA_LAKE_FILESYSTEM_ERROR",
                "HUDI_CURSOR_ERROR", "HUDI_FILESYSTEM_ERROR", "JDBC_ERROR",
            },
            StatementKind = PrestoStatementKind.ReadOnly,
        };
        yield return new("prestodb-retriable", PrestoRetryDecision.RetrySameCluster) { Retriable = true, Dialect = PrestoDialect.Presto };
        yield return new("infrastructure-trino", PrestoRetryDecision.RetrySameCluster)
        {
            ErrorNames = new List<string>(InfrastructureErrors.Names(ProtocolDialect.Trino)),
            Dialect = PrestoDialect.Trino,
            StatementKind = PrestoStatementKind.ReadOnly,
        };
        yield return new("infrastructure-presto", PrestoRetryDecision.RetrySameCluster)
        {
            ErrorNames = new List<string>(InfrastructureErrors.Names(ProtocolDialect.Presto)),
            Dialect = PrestoDialect.Presto,
            StatementKind = PrestoStatementKind.ReadOnly,
        };
        yield return new("external-error", PrestoRetryDecision.Never) { ErrorTypes = new[] { PrestoErrorType.External } };

        // A generic internal error (or none named) is retried only when its message names an infrastructure cause.
        yield return new("message-worker-failure", PrestoRetryDecision.RetrySameCluster) { ErrorNames = s_genericInternal, MessagePattern = WorkerMessages, DelayFactor = 2 };
        yield return new("message-server-starting", PrestoRetryDecision.RetryOtherCluster)
        {
            ErrorNames = s_genericInternal,
            MessagePattern = "still initializing|No (worker )?nodes available",
            DelayFactor = 5,
        };
        yield return new("message-server-shutting-down", PrestoRetryDecision.RetryOtherCluster)
        {
            ErrorNames = s_genericInternal,
            MessagePattern = "Server is shutting down",
            DelayFactor = 0.5,
        };
        yield return new("message-queue-full", PrestoRetryDecision.RetryOtherCluster)
        {
            ErrorNames = s_genericInternal,
            MessagePattern = "Too many queued queries for",
            DelayFactor = 2,
        };
        yield return new("message-out-of-memory", PrestoRetryDecision.RetryOtherCluster)
        {
            ErrorNames = s_genericInternal,
            MessagePattern = "cluster is out of memory",
            DelayFactor = 5,
        };
        yield return new("message-storage-io", PrestoRetryDecision.RetrySameCluster)
        {
            ErrorNames = s_genericInternal,
            MessagePattern = StorageMessages,
            StatementKind = PrestoStatementKind.ReadOnly,
        };
        yield return new("internal-error", PrestoRetryDecision.Never) { ErrorTypes = new[] { PrestoErrorType.InternalError, PrestoErrorType.InsufficientResources } };
    }
}
