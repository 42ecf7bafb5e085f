using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Presto.Testing;
using Presto.Tests.Support;
using static Presto.Tests.Resilience.RetryKit;

namespace Presto.Tests.Resilience;

/// <summary>
/// Query resubmission against the embedded server's fault injection: what is resubmitted (infrastructure failures before
/// any row, writes that provably never ran), what is not (user errors, writes that may have run, rows already read, an
/// open transaction), and the limits (attempts, budget, cancellation).
/// </summary>
public sealed class QueryRetryTests
{
    [Theory]
    [InlineData(ServerDialect.Trino, "REMOTE_TASK_ERROR")]
    [InlineData(ServerDialect.Trino, "PAGE_TRANSPORT_TIMEOUT")]
    [InlineData(ServerDialect.Trino, "REMOTE_HOST_GONE")]
    [InlineData(ServerDialect.Presto, "PAGE_TRANSPORT_ERROR")]
    [InlineData(ServerDialect.Presto, "TOO_MANY_REQUESTS_FAILED")]
    public async Task A_worker_failure_before_the_first_row_is_resubmitted_and_the_result_arrives_once(ServerDialect dialect, string errorName)
    {
        await using var server = await StartAsync(dialect);
        server.Faults.FailQuery(new QueryFault { ErrorName = errorName, At = FaultPoint.BeforeFirstPage });
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand(ManyRows, connection);
        var seen = new List<long>();

        await ReadAllAsync(command, seen);

        Assert.Equal(Expected, seen);
        var queries = QueriesFor(server, ManyRows);
        Assert.Equal(2, queries.Count);
        Assert.Equal(errorName, queries[0].ErrorName);
        Assert.Null(queries[1].ErrorName);
        Assert.Equal(Rows, queries[1].RowsServed);
    }

    [Fact]
    public async Task The_synchronous_path_resubmits_the_same_way()
    {
        await using var server = await StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.Queued });
        using var connection = new PrestoConnection(TestServers.ConnectionString(server, "RetryDelayMs=0"));
        connection.Open();
        using var command = new PrestoCommand(ManyRows, connection);
        var seen = new List<long>();

        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                seen.Add(reader.GetInt64(0));
            }
        }

        Assert.Equal(Expected, seen);
        Assert.Equal(2, QueriesFor(server, ManyRows).Count);
    }

    [Fact]
    public async Task A_worker_failure_after_rows_were_read_reaches_the_caller_and_nothing_is_resubmitted()
    {
        await using var server = await StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.AfterPage, AfterPages = 2 });
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand(ManyRows, connection);
        var seen = new List<long>();

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ReadAllAsync(command, seen));

        Assert.NotEmpty(seen);
        Assert.Equal(Expected.Take(seen.Count), seen);
        Assert.True(seen.Count < Rows);
        Assert.True(error.IsTransient);
        Assert.Equal(1, error.Attempts);
        Assert.Equal("worker-failure", error.Classification?.RuleId);
        Assert.Equal(PrestoRetryDecision.RetryOtherCluster, error.Classification?.Decision);
        Assert.Equal(PrestoQueryPhase.Fetch, error.Classification?.Phase);
        Assert.Equal(PrestoRetryStopReason.RowsYielded, error.Classification?.StopReason);
        Assert.Single(QueriesFor(server, ManyRows));
    }

    [Fact]
    public async Task A_syntax_error_is_submitted_once()
    {
        await using var server = await StartAsync();
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELEC 1 FROM", connection);

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => command.ExecuteReaderAsync());

        Assert.Equal("SYNTAX_ERROR", error.ErrorName);
        Assert.False(error.IsTransient);
        Assert.Equal(1, error.Attempts);
        Assert.Equal("user-error", error.Classification?.RuleId);
        Assert.Equal(PrestoRetryStopReason.NotRetryable, error.Classification?.StopReason);
        Assert.Equal(1, SubmissionsOf(server, "SELEC 1 FROM"));
    }

    /// <summary>Every error name of type USER_ERROR in Trino and PrestoDB (from the project's error-code table).</summary>
    private static readonly string[] UserErrors =
    [
        "ABANDONED_QUERY", "ADMINISTRATIVELY_KILLED", "ALREADY_EXISTS", "AMBIGUOUS_FUNCTION_CALL", "AMBIGUOUS_NAME", "AMBIGUOUS_RETURN_TYPE",
        "AUTOCOMMIT_WRITE_CONFLICT", "BRANCH_ALREADY_EXISTS", "BRANCH_NOT_FOUND", "CATALOG_NOT_FOUND", "CATALOG_UNAVAILABLE", "COLUMN_ALREADY_EXISTS",
        "COLUMN_NOT_FOUND", "COLUMN_TYPE_UNKNOWN", "CONSTRAINT_VIOLATION", "DATATYPE_MISMATCH", "DELTA_UNSUPPORTED_COLUMN_TYPE",
        "DELTA_UNSUPPORTED_DATA_FORMAT", "DIVISION_BY_ZERO", "DUPLICATE_COLUMN_NAME", "DUPLICATE_COLUMN_OR_PATH_NAME", "DUPLICATE_NAMED_QUERY",
        "DUPLICATE_PARAMETER_NAME", "DUPLICATE_PROPERTY", "DUPLICATE_RANGE_VARIABLE", "DUPLICATE_WINDOW_NAME", "EXCEEDED_FUNCTION_MEMORY_LIMIT",
        "EXCEEDED_PLAN_NODE_LIMIT", "EXPRESSION_NOT_AGGREGATE", "EXPRESSION_NOT_CONSTANT", "EXPRESSION_NOT_IN_DISTINCT", "EXPRESSION_NOT_SCALAR",
        "FUNCTION_NOT_AGGREGATE", "FUNCTION_NOT_FOUND", "FUNCTION_NOT_WINDOW", "GENERATED_BYTECODE_TOO_LARGE", "GENERIC_USER_ERROR",
        "HIVE_COLUMN_ORDER_MISMATCH", "HIVE_EXCEEDED_PARTITION_LIMIT", "HIVE_EXCEEDED_SPLIT_BUFFERING_LIMIT", "HIVE_METASTORE_USER_ERROR",
        "HIVE_PARTITION_NOT_FOUND", "HIVE_PARTITION_NOT_READABLE", "HIVE_PARTITION_OFFLINE", "HIVE_PARTITION_READ_ONLY",
        "HIVE_TABLE_BUCKETING_IS_IGNORED", "HIVE_TABLE_NOT_READABLE", "HIVE_TABLE_OFFLINE", "HIVE_TABLE_READ_ONLY", "HIVE_TOO_MANY_OPEN_PARTITIONS",
        "HIVE_UNSERIALIZABLE_JSON_VALUE", "HIVE_UNSUPPORTED_ENCRYPTION_OPERATION", "ICEBERG_INCOMPATIBLE_COLUMN_TYPE", "ICEBERG_INVALID_FORMAT_VERSION",
        "ICEBERG_INVALID_SNAPSHOT_ID", "ICEBERG_INVALID_TABLE_TIMESTAMP", "ICEBERG_TOO_MANY_OPEN_PARTITIONS", "INCOMPATIBLE_CLIENT",
        "INVALID_ANALYZE_PROPERTY", "INVALID_ARGUMENTS", "INVALID_BRANCH_PROPERTY", "INVALID_CAST_ARGUMENT", "INVALID_CATALOG_PROPERTY",
        "INVALID_CHECK_CONSTRAINT", "INVALID_COLUMN_MASK", "INVALID_COLUMN_PROPERTY", "INVALID_COLUMN_REFERENCE", "INVALID_COPARTITIONING",
        "INVALID_DEFAULT_COLUMN_VALUE", "INVALID_ENTITY_KIND", "INVALID_FUNCTION_ARGUMENT", "INVALID_FUNCTION_PROPERTY", "INVALID_GRACE_PERIOD",
        "INVALID_JSON_LITERAL", "INVALID_LABEL", "INVALID_LIMIT_CLAUSE", "INVALID_LITERAL", "INVALID_MATERIALIZED_VIEW_PROPERTY",
        "INVALID_NAVIGATION_NESTING", "INVALID_ORDER_BY", "INVALID_PARAMETER_USAGE", "INVALID_PARTITION_BY", "INVALID_PATH",
        "INVALID_PATTERN_RECOGNITION_FUNCTION", "INVALID_PLAN", "INVALID_PRIVILEGE", "INVALID_PROCEDURE_ARGUMENT", "INVALID_PROCESSING_MODE",
        "INVALID_RANGE", "INVALID_RECURSIVE_REFERENCE", "INVALID_ROW_FILTER", "INVALID_ROW_PATTERN", "INVALID_SCHEMA_PROPERTY",
        "INVALID_SESSION_PROPERTY", "INVALID_SPATIAL_PARTITIONING", "INVALID_TABLE_FUNCTION_INVOCATION", "INVALID_TABLE_PROPERTY",
        "INVALID_TYPE_DEFINITION", "INVALID_VIEW", "INVALID_VIEW_PROPERTY", "INVALID_WINDOW_FRAME", "INVALID_WINDOW_MEASURE",
        "INVALID_WINDOW_REFERENCE", "JSON_INPUT_CONVERSION_ERROR", "JSON_OUTPUT_CONVERSION_ERROR", "JSON_VALUE_RESULT_ERROR",
        "MATERIALIZED_VIEW_STALE", "MAX_OUTPUT_PARTITION_COUNT_EXCEEDED", "MERGE_TARGET_ROW_MULTIPLE_MATCHES", "MISMATCHED_COLUMN_ALIASES",
        "MISSING_ARGUMENT", "MISSING_CATALOG_NAME", "MISSING_COLUMN_ALIASES", "MISSING_COLUMN_NAME", "MISSING_GROUP_BY", "MISSING_ORDER_BY",
        "MISSING_OVER", "MISSING_PATH_NAME", "MISSING_RETURN", "MISSING_RETURN_TYPE", "MISSING_ROW_PATTERN", "MISSING_SCHEMA_NAME", "MISSING_TABLE",
        "MISSING_VARIABLE_DEFINITIONS", "MULTI_CATALOG_WRITE_CONFLICT", "MV_MISSING_TOO_MUCH_DATA", "NATIVE_EXECUTION_BINARY_NOT_EXIST",
        "NESTED_AGGREGATION", "NESTED_RECURSIVE", "NESTED_ROW_PATTERN_RECOGNITION", "NESTED_WINDOW", "NOT_FOUND", "NOT_IN_TRANSACTION",
        "NOT_SUPPORTED", "NULL_TREATMENT_NOT_ALLOWED", "NUMERIC_VALUE_OUT_OF_RANGE", "OPERATOR_NOT_FOUND", "PATH_EVALUATION_ERROR",
        "PERMISSION_DENIED", "PROCEDURE_NOT_FOUND", "QUERY_EXCEEDED_COMPILER_LIMIT", "QUERY_HAS_TOO_MANY_STAGES", "QUERY_REJECTED",
        "QUERY_TEXT_TOO_LARGE", "READ_ONLY_VIOLATION", "ROLE_ALREADY_EXISTS", "ROLE_NOT_FOUND", "SCHEMA_ALREADY_EXISTS", "SCHEMA_NOT_EMPTY",
        "SCHEMA_NOT_FOUND", "SESSION_CATALOG_NOT_SET", "STACK_OVERFLOW", "SUBQUERY_MULTIPLE_ROWS", "SYNTAX_ERROR", "TABLE_ALREADY_EXISTS",
        "TABLE_HAS_NO_COLUMNS", "TABLE_NOT_FOUND", "TABLE_REDIRECTION_ERROR", "TOO_MANY_ARGUMENTS", "TOO_MANY_GROUPING_SETS",
        "TRANSACTION_ALREADY_ABORTED", "TRANSACTION_CONFLICT", "TYPE_MISMATCH", "TYPE_NOT_FOUND", "UNKNOWN_TRANSACTION", "UNKNOWN_TYPE",
        "UNSUPPORTED_ISOLATION_LEVEL", "UNSUPPORTED_SUBQUERY", "USER_CANCELED", "VIEW_IS_RECURSIVE", "VIEW_IS_STALE", "VIEW_NOT_FOUND",
        "WARNING_AS_ERROR",
    ];

    [Theory]
    [InlineData(ServerDialect.Trino)]
    [InlineData(ServerDialect.Presto)]
    public async Task Every_user_error_is_submitted_once(ServerDialect dialect)
    {
        await using var server = await StartAsync(dialect);
        await using var connection = await OpenAsync(server);
        var points = new[] { FaultPoint.Queued, FaultPoint.BeforeFirstPage, FaultPoint.AfterPage };
        for (var i = 0; i < UserErrors.Length; i++)
        {
            var sql = $"{ManyRows} /* {i} */";
            server.Faults.FailQuery(new QueryFault
            {
                ErrorName = UserErrors[i],
                ErrorType = "USER_ERROR",
                At = points[i % points.Length],
                Match = s => s == sql,
                // PrestoDB's flag must not override the error type.
                Retriable = dialect == ServerDialect.Presto ? true : null,
            });
            await using var command = new PrestoCommand(sql, connection);

            var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ReadAllAsync(command, []));

            Assert.Equal(UserErrors[i], error.ErrorName);
            Assert.Equal(1, error.Attempts);
            Assert.Equal(PrestoRetryDecision.Never, error.Classification?.Decision);
            Assert.Equal(1, SubmissionsOf(server, sql));
        }
    }

    [Fact]
    public async Task An_insert_failing_while_running_is_submitted_once()
    {
        await using var server = await StartAsync();
        await using var connection = await OpenAsync(server);
        await ExecuteAsync(connection, "CREATE TABLE memory.default.running_insert (id bigint)");
        const string insert = "INSERT INTO memory.default.running_insert VALUES (1)";
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.BeforeFirstPage, Match = s => s == insert });

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ExecuteAsync(connection, insert));

        Assert.Equal(PrestoStatementKind.Write, error.Classification?.StatementKind);
        Assert.Equal(PrestoRetryStopReason.WriteMayHaveExecuted, error.Classification?.StopReason);
        Assert.True(error.IsTransient);
        Assert.Equal(1, SubmissionsOf(server, insert));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM memory.default.running_insert"));
    }

    [Fact]
    public async Task An_insert_rejected_by_a_full_queue_is_resubmitted_and_runs_once()
    {
        await using var server = await StartAsync();
        await using var connection = await OpenAsync(server);
        await ExecuteAsync(connection, "CREATE TABLE memory.default.queued_insert (id bigint)");
        const string insert = "INSERT INTO memory.default.queued_insert VALUES (7)";
        server.Faults.FailQuery(new QueryFault { ErrorName = "QUERY_QUEUE_FULL", At = FaultPoint.Queued, Match = s => s == insert });

        Assert.Equal(1, await ExecuteAsync(connection, insert));

        var queries = QueriesFor(server, insert);
        Assert.Equal(2, queries.Count);
        Assert.Equal("QUERY_QUEUE_FULL", queries[0].ErrorName);
        Assert.False(queries[0].Dispatched);
        Assert.True(queries[1].Dispatched);
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM memory.default.queued_insert"));
    }

    [Fact]
    public async Task A_write_is_not_resubmitted_for_an_error_that_does_not_prove_it_never_ran_even_in_the_queue()
    {
        await using var server = await StartAsync();
        await using var connection = await OpenAsync(server);
        await ExecuteAsync(connection, "CREATE TABLE memory.default.queued_worker (id bigint)");
        const string insert = "INSERT INTO memory.default.queued_worker VALUES (1)";
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.Queued, Match = s => s == insert });

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ExecuteAsync(connection, insert));

        Assert.Equal(PrestoQueryPhase.Queued, error.Classification?.Phase);
        Assert.Equal(PrestoRetryStopReason.WriteMayHaveExecuted, error.Classification?.StopReason);
        Assert.Single(QueriesFor(server, insert));
    }

    [Theory]
    [InlineData("Encountered too many errors talking to a worker node. The node may have crashed or be under too much load.", true)]
    [InlineData("Could not communicate with the remote task. The node may have crashed or be under too much load.", true)]
    [InlineData("java.lang.NullPointerException: Cannot invoke \"Object.hashCode()\"", false)]
    public async Task A_generic_internal_error_is_resubmitted_only_when_its_message_names_an_infrastructure_cause(string message, bool resubmitted)
    {
        await using var server = await StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "GENERIC_INTERNAL_ERROR", Message = message });
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand(ManyRows, connection);
        var seen = new List<long>();

        if (resubmitted)
        {
            await ReadAllAsync(command, seen);
            Assert.Equal(Expected, seen);
            Assert.Equal(2, QueriesFor(server, ManyRows).Count);
        }
        else
        {
            var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ReadAllAsync(command, seen));
            Assert.Equal("internal-error", error.Classification?.RuleId);
            Assert.False(error.IsTransient);
            Assert.Single(QueriesFor(server, ManyRows));
        }
    }

    [Fact]
    public async Task PrestoDB_retriable_flag_is_honoured_for_an_error_no_rule_names()
    {
        await using var server = await StartAsync(ServerDialect.Presto);
        server.Faults.FailQuery(new QueryFault { ErrorName = "SOME_NEW_CONNECTOR_ERROR", ErrorCode = 0x0900_0001, ErrorType = "INTERNAL_ERROR", Retriable = true });
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand(ManyRows, connection);
        var seen = new List<long>();

        await ReadAllAsync(command, seen);

        Assert.Equal(Expected, seen);
        Assert.Equal(2, QueriesFor(server, ManyRows).Count);
    }

    [Fact]
    public async Task A_user_rule_overrides_the_default_table()
    {
        await using var server = await StartAsync();
        var builder = new PrestoDataSourceBuilder(TestServers.ConnectionString(server, "RetryDelayMs=0"));
        builder.ConfigureRetry(o =>
        {
            o.Rules.Insert(0, new PrestoRetryRule("no-retry-remote-task", PrestoRetryDecision.Never) { ErrorNames = ["REMOTE_TASK_ERROR"] });
            o.Rules.Insert(0, new PrestoRetryRule("flaky-connector", PrestoRetryDecision.RetrySameCluster)
            {
                ErrorNames = ["MYCONNECTOR_FLAKY"],
                MessagePattern = "(?i)try again",
            });
        });
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", Match = s => s.EndsWith("/* a */", StringComparison.Ordinal) });
        server.Faults.FailQuery(new QueryFault
        {
            ErrorName = "MYCONNECTOR_FLAKY",
            ErrorCode = 0x0700_0001,
            ErrorType = "EXTERNAL",
            Message = "Backend busy, TRY AGAIN later",
            Match = s => s.EndsWith("/* b */", StringComparison.Ordinal),
        });

        await using var first = new PrestoCommand(ManyRows + " /* a */", connection);
        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ReadAllAsync(first, []));
        Assert.Equal("no-retry-remote-task", error.Classification?.RuleId);
        Assert.Equal(1, error.Attempts);

        await using var second = new PrestoCommand(ManyRows + " /* b */", connection);
        var seen = new List<long>();
        await ReadAllAsync(second, seen);
        Assert.Equal(Expected, seen);
        Assert.Equal(2, QueriesFor(server, ManyRows + " /* b */").Count);
    }

    [Fact]
    public async Task Rules_from_configuration_replace_add_and_remove_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Presto:Retry:MaxRetryDuration"] = "00:00:30",
            ["Presto:Retry:ReadAheadRows"] = "500",
            ["Presto:Retry:Budget:Ratio"] = "0.5",
            ["Presto:Retry:RemoveRules:0"] = "queue-full",
            ["Presto:Retry:Rules:0:Id"] = "worker-failure",
            ["Presto:Retry:Rules:0:Decision"] = "Never",
            ["Presto:Retry:Rules:0:ErrorNames:0"] = "REMOTE_TASK_ERROR",
            ["Presto:Retry:Rules:1:Id"] = "metastore-throttled",
            ["Presto:Retry:Rules:1:Decision"] = "RetrySameCluster",
            ["Presto:Retry:Rules:1:ErrorTypes:0"] = "EXTERNAL",
            ["Presto:Retry:Rules:1:MessagePattern"] = "Rate exceeded",
            ["Presto:Retry:Rules:1:StatementKind"] = "ReadOnly",
            ["Presto:Retry:Rules:1:DelayFactor"] = "3",
        }).Build();
        var defaults = PrestoRetryOptions.DefaultRules;
        var options = new PrestoRetryOptions().Bind(configuration.GetSection("Presto:Retry"));

        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxRetryDuration);
        Assert.Equal(500, options.ReadAheadRows);
        Assert.Equal(0.5, options.Budget.Ratio);
        Assert.Null(options.Rules.Find("queue-full"));
        Assert.Equal("metastore-throttled", options.Rules[0].Id);
        Assert.Equal([PrestoErrorType.External], options.Rules[0].ErrorTypes);
        Assert.Equal(3, options.Rules[0].DelayFactor);
        var index = options.Rules.IndexOf("worker-failure");
        Assert.Equal(defaults.ToList().FindIndex(r => r.Id == "worker-failure"), index);
        Assert.Equal(PrestoRetryDecision.Never, options.Rules[index].Decision);

        await using var server = await StartAsync();
        var builder = new PrestoDataSourceBuilder(TestServers.ConnectionString(server, "RetryDelayMs=0"));
        builder.ConfigureRetry(o => o.Bind(configuration.GetSection("Presto:Retry")));
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR" });
        await using var command = new PrestoCommand(ManyRows, connection);

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ReadAllAsync(command, []));

        Assert.Equal("worker-failure", error.Classification?.RuleId);
        Assert.Equal(PrestoRetryDecision.Never, error.Classification?.Decision);
        Assert.Single(QueriesFor(server, ManyRows));
    }

    [Fact]
    public void Invalid_rules_are_refused_with_a_message_that_names_them()
    {
        var bad = new PrestoDataSourceBuilder("Server=http://127.0.0.1:1;User=u")
            .ConfigureRetry(o => o.Rules.Insert(0, new PrestoRetryRule("by-number", PrestoRetryDecision.RetrySameCluster) { ErrorCodes = [65542] }));
        var error = Assert.Throws<ArgumentException>(() => bad.Build());
        Assert.Contains("by-number", error.Message, StringComparison.Ordinal);
        Assert.Contains("dialect", error.Message, StringComparison.Ordinal);

        var pattern = new PrestoDataSourceBuilder("Server=http://127.0.0.1:1;User=u")
            .ConfigureRetry(o => o.Rules.Add(new PrestoRetryRule("broken-regex", PrestoRetryDecision.Never) { MessagePattern = "(unclosed" }));
        Assert.Contains("broken-regex", Assert.Throws<ArgumentException>(() => pattern.Build()).Message, StringComparison.Ordinal);

        var options = new PrestoRetryOptions();
        Assert.Throws<ArgumentException>(() => options.Rules.Add(new PrestoRetryRule("worker-failure", PrestoRetryDecision.Never)));
        Assert.Throws<ArgumentException>(() => options.Rules.Replace("no-such-rule", new PrestoRetryRule("x", PrestoRetryDecision.Never)));

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Retry:Rules:0:Id"] = "x",
            ["Retry:Rules:0:Decision"] = "Sometimes",
        }).Build();
        var bind = Assert.Throws<ArgumentException>(() => new PrestoRetryOptions().Bind(configuration.GetSection("Retry")));
        Assert.Contains("Retry:Rules:0:Decision", bind.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spent_retry_budget_stops_resubmission()
    {
        await using var server = await StartAsync();
        var builder = new PrestoDataSourceBuilder(TestServers.ConnectionString(server, "RetryDelayMs=0"));
        builder.ConfigureRetry(o => o.Budget = new PrestoRetryBudget { Ratio = 0, MinRetriesPerSecond = 0.1, Window = TimeSpan.FromMinutes(10) });
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR" });

        // 0.1 per second over 10 minutes: 60 resubmissions; spend them first.
        var seen = new List<long>();
        await using (var first = new PrestoCommand(ManyRows, connection))
        {
            await ReadAllAsync(first, seen);
        }

        Assert.Equal(Expected, seen);
        var budgetFaults = 0;
        for (var i = 0; i < 59; i++)
        {
            server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", Match = s => s.EndsWith("/* spend */", StringComparison.Ordinal) });
            await using var spend = new PrestoCommand(ManyRows + " /* spend */", connection);
            await ReadAllAsync(spend, []);
            budgetFaults++;
        }

        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", Match = s => s.EndsWith("/* last */", StringComparison.Ordinal) });
        await using var last = new PrestoCommand(ManyRows + " /* last */", connection);
        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ReadAllAsync(last, []));

        Assert.Equal(59, budgetFaults);
        Assert.Equal(PrestoRetryStopReason.BudgetExhausted, error.Classification?.StopReason);
        Assert.Equal(1, error.Attempts);
        Assert.True(error.IsTransient);
        Assert.Single(QueriesFor(server, ManyRows + " /* last */"));
    }

    [Fact]
    public async Task Cancelling_while_waiting_to_resubmit_ends_at_once()
    {
        await using var server = await StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR" });
        // The worker-failure rule waits 2 × the base delay: two minutes here.
        await using var connection = await OpenAsync(server, "RetryDelayMs=60000");
        await using var command = new PrestoCommand(ManyRows, connection);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => command.ExecuteReaderAsync(cts.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Single(QueriesFor(server, ManyRows));
    }

    [Fact]
    public async Task Command_Cancel_from_another_thread_ends_a_synchronous_wait_to_resubmit()
    {
        await using var server = await StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR" });
        using var connection = new PrestoConnection(TestServers.ConnectionString(server, "RetryDelayMs=60000"));
        connection.Open();
        using var command = new PrestoCommand(ManyRows, connection);
        var clock = Stopwatch.StartNew();
        var execute = Task.Run(() => command.ExecuteReader());
        while (QueriesFor(server, ManyRows).FirstOrDefault()?.ErrorName is null && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }

        await Task.Delay(200);
        command.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => execute);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Single(QueriesFor(server, ManyRows));
    }

    [Fact]
    public async Task An_open_transaction_disables_resubmission()
    {
        await using var server = await StartAsync();
        await using var connection = await OpenAsync(server);
        await using var transaction = await connection.BeginTransactionAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", Match = s => s == ManyRows });
        await using var command = new PrestoCommand(ManyRows, connection);

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ReadAllAsync(command, []));

        Assert.Equal(PrestoRetryStopReason.TransactionOpen, error.Classification?.StopReason);
        Assert.Single(QueriesFor(server, ManyRows));
    }

    [Fact]
    public async Task Attempts_and_history_describe_every_submission()
    {
        await using var server = await StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "PAGE_TRANSPORT_TIMEOUT", Times = 3 });
        await using var connection = await OpenAsync(server, "RetryDelayMs=5");
        await using var command = new PrestoCommand(ManyRows, connection);

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ReadAllAsync(command, []));

        Assert.Equal(3, error.Attempts);
        Assert.Equal(PrestoRetryStopReason.AttemptsExhausted, error.Classification?.StopReason);
        var history = error.AttemptHistory;
        Assert.Equal([1, 2, 3], history.Select(a => a.Number));
        Assert.Equal(QueriesFor(server, ManyRows).Select(q => q.QueryId), history.Select(a => a.QueryId));
        Assert.All(history, a => Assert.Equal(server.BaseAddress, a.Server));
        Assert.All(history, a => Assert.Equal("worker-failure", a.Classification.RuleId));
        Assert.All(history.Take(2), a => Assert.True(a.Delay > TimeSpan.Zero));
        Assert.Null(history[2].Delay);
        Assert.Same(error, history[2].Error);
        Assert.Equal(error.QueryId, history[2].QueryId);
        Assert.True(history[0].Elapsed <= history[2].Elapsed);
    }

    [Fact]
    public async Task MaxQueryAttempts_1_turns_resubmission_off()
    {
        await using var server = await StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR" });
        await using var connection = await OpenAsync(server, "MaxQueryAttempts=1");
        await using var command = new PrestoCommand(ManyRows, connection);

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ReadAllAsync(command, []));

        Assert.Equal(PrestoRetryStopReason.Disabled, error.Classification?.StopReason);
        Assert.True(error.IsTransient);
        Assert.Single(QueriesFor(server, ManyRows));
    }

    [Fact]
    public async Task A_throttled_submission_waits_as_long_as_Retry_After_asks_then_resubmits()
    {
        await using var server = await StartAsync();
        // The request deadline (1 s) is shorter than Retry-After, so the request layer gives up and the query is resubmitted.
        server.Faults.FailRequests(RequestKind.Post, 429, times: 1, retryAfter: TimeSpan.FromSeconds(2));
        await using var connection = await OpenAsync(server, "RequestTimeout=1");
        await using var command = new PrestoCommand(ManyRows, connection);
        var seen = new List<long>();
        var clock = Stopwatch.StartNew();

        await ReadAllAsync(command, seen);

        Assert.Equal(Expected, seen);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"resubmitted after {clock.Elapsed}");
        Assert.Equal(2, SubmissionsOf(server, ManyRows));
    }

    [Fact]
    public async Task Read_ahead_keeps_a_late_failure_inside_the_resubmission_window()
    {
        await using var server = await StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.AfterPage, AfterPages = 2 });
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand(ManyRows, connection) { ReadAheadBytes = 1 << 20 };
        var seen = new List<long>();

        await ReadAllAsync(command, seen);

        Assert.Equal(Expected, seen);
        var queries = QueriesFor(server, ManyRows);
        Assert.Equal(2, queries.Count);
        Assert.True(queries[0].RowsServed > 0);
    }

    [Fact]
    public async Task A_failure_beyond_the_read_ahead_limit_is_reported_after_the_held_rows()
    {
        await using var server = await StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.AfterPage, AfterPages = 2 });
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand(ManyRows, connection) { ReadAheadRows = 10 };
        var seen = new List<long>();

        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ReadAllAsync(command, seen));

        Assert.Equal(PrestoRetryStopReason.RowsYielded, error.Classification?.StopReason);
        Assert.NotEmpty(seen);
        Assert.Equal(Expected.Take(seen.Count), seen);
        Assert.Single(QueriesFor(server, ManyRows));
    }

    [Fact]
    public async Task Read_ahead_from_the_options_applies_to_every_command_and_a_command_can_turn_it_off()
    {
        await using var server = await StartAsync();
        var builder = new PrestoDataSourceBuilder(TestServers.ConnectionString(server, "RetryDelayMs=0"));
        builder.ConfigureRetry(o => o.ReadAheadRows = Rows);
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync();

        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.AfterPage, AfterPages = 2, Match = s => s == ManyRows });
        await using (var held = new PrestoCommand(ManyRows, connection))
        {
            var seen = new List<long>();
            await ReadAllAsync(held, seen);
            Assert.Equal(Expected, seen);
        }

        const string streamed = ManyRows + " /* streamed */";
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", At = FaultPoint.AfterPage, AfterPages = 2, Match = s => s == streamed });
        await using var command = new PrestoCommand(streamed, connection) { ReadAheadRows = 0 };
        var error = await Assert.ThrowsAsync<PrestoQueryException>(() => ReadAllAsync(command, []));
        Assert.Equal(PrestoRetryStopReason.RowsYielded, error.Classification?.StopReason);
    }

    [Theory]
    [InlineData("SELECT 1", PrestoStatementKind.ReadOnly)]
    [InlineData("  -- leading comment\n  select * from t", PrestoStatementKind.ReadOnly)]
    [InlineData("/* INSERT */ VALUES (1, 2)", PrestoStatementKind.ReadOnly)]
    [InlineData("((SELECT 1) UNION ALL (SELECT 2))", PrestoStatementKind.ReadOnly)]
    [InlineData("WITH a AS (SELECT 1), \"b\" (x) AS (SELECT (2)) SELECT * FROM a, b", PrestoStatementKind.ReadOnly)]
    [InlineData("WITH RECURSIVE t(n) AS (VALUES 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t", PrestoStatementKind.ReadOnly)]
    [InlineData("TABLE orders", PrestoStatementKind.ReadOnly)]
    [InlineData("SHOW TABLES", PrestoStatementKind.ReadOnly)]
    [InlineData("DESCRIBE orders", PrestoStatementKind.ReadOnly)]
    [InlineData("EXPLAIN INSERT INTO t VALUES 1", PrestoStatementKind.ReadOnly)]
    [InlineData("EXPLAIN (TYPE DISTRIBUTED) DELETE FROM t", PrestoStatementKind.ReadOnly)]
    [InlineData("EXPLAIN ANALYZE SELECT 1", PrestoStatementKind.ReadOnly)]
    [InlineData("EXPLAIN ANALYZE VERBOSE INSERT INTO t VALUES 1", PrestoStatementKind.Write)]
    [InlineData("WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a", PrestoStatementKind.Write)]
    [InlineData("INSERT INTO t SELECT * FROM s", PrestoStatementKind.Write)]
    [InlineData("/* SELECT */ DELETE FROM t", PrestoStatementKind.Write)]
    [InlineData("CREATE TABLE t AS SELECT 1 x", PrestoStatementKind.Write)]
    [InlineData("CALL system.flush_metadata_cache()", PrestoStatementKind.Write)]
    [InlineData("SET SESSION query_max_run_time = '1h'", PrestoStatementKind.Write)]
    [InlineData("EXECUTE stmt USING 1", PrestoStatementKind.Write)]
    [InlineData("'SELECT'", PrestoStatementKind.Write)]
    public async Task The_statement_kind_comes_from_a_lexer_that_skips_comments_and_parentheses(string sql, PrestoStatementKind kind)
    {
        await using var server = await StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "SERVER_SHUTTING_DOWN", At = FaultPoint.BeforeFirstPage });
        await using var connection = await OpenAsync(server, "MaxQueryAttempts=1");
        await using var command = new PrestoCommand(sql, connection);

        var error = await Assert.ThrowsAnyAsync<PrestoException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(kind, error.Classification?.StatementKind);
    }

    [Fact]
    public async Task A_parameterized_statement_is_classified_by_its_own_text_not_the_EXECUTE_that_carries_it()
    {
        await using var server = await StartAsync();
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR", Times = 1 });
        await using var connection = await OpenAsync(server);
        await using var command = new PrestoCommand("SELECT x FROM many WHERE x < @limit", connection);
        command.Parameters.Add(new PrestoParameter("limit", 10L));

        Assert.Equal(0L, await command.ExecuteScalarAsync());

        Assert.Equal(2, server.Submissions.Count(r => r.Body.StartsWith("EXECUTE", StringComparison.Ordinal)));
    }

    private static async Task<int> ExecuteAsync(PrestoConnection connection, string sql)
    {
        await using var command = new PrestoCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(PrestoConnection connection, string sql)
    {
        await using var command = new PrestoCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
