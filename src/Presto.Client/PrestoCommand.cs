using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Presto.Protocol;
using Presto.Resilience;
using Presto.Sql;

namespace Presto;

/// <summary>A SQL statement to run on a <see cref="PrestoConnection"/>.</summary>
public sealed class PrestoCommand : DbCommand
{
    private string _commandText = string.Empty;
    private int? _commandTimeout;
    private PrestoConnection? _connection;
    private static long s_statementCounter;
    private StatementRun? _run;

    /// <summary>Creates a command.</summary>
    public PrestoCommand()
    {
    }

    /// <summary>Creates a command with SQL text.</summary>
    public PrestoCommand(string commandText, PrestoConnection? connection = null)
    {
        CommandText = commandText;
        Connection = connection;
    }

    /// <summary>One SQL statement (no trailing semicolon needed).</summary>
    [AllowNull]
    public override string CommandText { get => _commandText; set => _commandText = value ?? string.Empty; }

    /// <summary>
    /// Whole-command timeout in seconds, from submission until the last row was read; 0 means none. When it
    /// expires the query is cancelled on the server and the read fails with a <see cref="PrestoException"/>.
    /// </summary>
    /// <value>Default: the connection string's <c>CommandTimeout</c> (0).</value>
    public override int CommandTimeout
    {
        get => _commandTimeout ?? (int)(_connection?.State == ConnectionState.Open ? _connection.Settings.CommandTimeout.TotalSeconds : 0);
        set => _commandTimeout = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The timeout must be 0 or more seconds.");
    }

    /// <summary>Only <see cref="System.Data.CommandType.Text"/> is supported.</summary>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException("Presto.Client supports only CommandType.Text.");
            }
        }
    }

    /// <inheritdoc />
    public override bool DesignTimeVisible { get; set; }

    /// <inheritdoc />
    public override UpdateRowSource UpdatedRowSource { get; set; }

    /// <summary>The connection the command runs on.</summary>
    public new PrestoConnection? Connection { get => _connection; set => _connection = value; }

    /// <summary>
    /// The parameters, bound to <c>@name</c>/<c>:name</c> placeholders by name or to <c>?</c> placeholders by position, and
    /// sent as a server-side prepared statement (<c>EXECUTE … USING</c> typed literals); see docs/ado-net.md, "Parameters".
    /// </summary>
    public new PrestoParameterCollection Parameters { get; } = new();

    /// <summary>Session properties for this statement only; they override the connection's.</summary>
    public IDictionary<string, string> SessionProperties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Read-ahead for this command: before the first row reaches the caller, hold up to this many bytes of result pages, so
    /// that a query whose result fits can still be resubmitted when it fails late. <see langword="null"/> (the default)
    /// takes <see cref="PrestoRetryOptions.ReadAheadBytes"/>; 0 turns it off.
    /// </summary>
    public long? ReadAheadBytes
    {
        get => _readAheadBytes;
        set => _readAheadBytes = value is null or >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The size must be 0 or more.");
    }

    /// <summary>Read-ahead by rows for this command (see <see cref="ReadAheadBytes"/>); <see langword="null"/> takes <see cref="PrestoRetryOptions.ReadAheadRows"/>.</summary>
    public int? ReadAheadRows
    {
        get => _readAheadRows;
        set => _readAheadRows = value is null or >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The count must be 0 or more.");
    }

    /// <summary>
    /// The routing group this command's statements go to when the connection has several clusters (see docs/routing.md);
    /// <see langword="null"/> lets the routing rules decide. Forwarded as <c>X-Trino-Routing-Group</c> to gateway endpoints.
    /// </summary>
    public string? RoutingGroup { get; set; }

    /// <summary>
    /// The Trino spooling encodings offered for this command's statements (see docs/spooling.md): a comma-separated preference
    /// list (<c>json+lz4</c>, <c>json</c>) or <c>auto</c>; an empty string turns spooling off for this command.
    /// <see langword="null"/> (the default) takes the connection string's <c>SpoolingEncodings</c>.
    /// </summary>
    /// <exception cref="ArgumentException">An encoding this client cannot decode.</exception>
    public string? SpoolingEncodings
    {
        get => _spoolingEncodings;
        set
        {
            _spooling = value is null ? null : Spooling.SegmentCodecs.Parse(value, nameof(SpoolingEncodings));
            _spoolingEncodings = value;
        }
    }

    private long? _readAheadBytes;
    private int? _readAheadRows;
    private string? _spoolingEncodings;
    private IReadOnlyList<string>? _spooling;

    /// <summary>Client tags for this command's statements (replacing the connection's), set by the fluent client.</summary>
    internal IReadOnlyList<string>? ClientTags { get; set; }

    /// <summary>Called after every response (progress), set by the fluent client.</summary>
    internal Action<QueryResponse>? OnResponse { get; set; }

    /// <summary>Trace token for this statement (correlates server logs).</summary>
    public string? TraceToken { get; set; }

    /// <summary>Client info for this statement.</summary>
    public string? ClientInfo { get; set; }

    /// <inheritdoc />
    protected override DbConnection? DbConnection
    {
        get => _connection;
        set => _connection = value switch
        {
            null => null,
            PrestoConnection p => p,
            _ => throw new InvalidCastException($"A {nameof(PrestoCommand)} needs a {nameof(PrestoConnection)}, not {value.GetType().Name}."),
        };
    }

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => Parameters;

    /// <summary>
    /// The connection's transaction, or <see langword="null"/>. Optional: while the connection has an active transaction every
    /// command on it runs inside that transaction (the transaction belongs to the Presto session). When set, it must be the
    /// connection's active transaction, otherwise running the command raises <see cref="InvalidOperationException"/>.
    /// </summary>
    public new PrestoTransaction? Transaction { get; set; }

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = value switch
        {
            null => null,
            PrestoTransaction p => p,
            _ => throw new InvalidCastException($"A {nameof(PrestoCommand)} needs a {nameof(PrestoTransaction)}, not {value.GetType().Name}."),
        };
    }

    /// <summary>
    /// Cancels the running statement: the server receives <c>DELETE</c> at once and the pending read (or a wait before a
    /// resubmission) ends with <see cref="OperationCanceledException"/>. Safe to call from any thread; does nothing when idle.
    /// </summary>
    public override void Cancel() => Volatile.Read(ref _run)?.Cancel();

    /// <summary>No-op: statements are sent as text.</summary>
    public override void Prepare()
    {
    }

    /// <summary>Runs the statement and returns a reader over its rows.</summary>
    public new PrestoDataReader ExecuteReader() => ExecuteReader(CommandBehavior.Default);

    /// <summary>Runs the statement and returns a reader over its rows.</summary>
    public new PrestoDataReader ExecuteReader(CommandBehavior behavior) =>
        ExecuteReaderAsync(behavior, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs the statement and returns a reader over its rows.</summary>
    public new Task<PrestoDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) =>
        ExecuteReaderAsync(CommandBehavior.Default, async: true, cancellationToken).AsTask();

    /// <summary>Runs the statement and returns a reader over its rows.</summary>
    public new Task<PrestoDataReader> ExecuteReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken = default) =>
        ExecuteReaderAsync(behavior, async: true, cancellationToken).AsTask();

    /// <summary>Runs the statement to the end and returns the server's update count, or -1 when it reports none.</summary>
    public override int ExecuteNonQuery() => (int)Math.Min(int.MaxValue, ExecuteNonQueryAsync(async: false, CancellationToken.None).GetAwaiter().GetResult());

    /// <inheritdoc />
    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) =>
        (int)Math.Min(int.MaxValue, await ExecuteNonQueryAsync(async: true, cancellationToken).ConfigureAwait(false));

    /// <summary>Like <see cref="ExecuteNonQuery"/>, returning the full 64-bit update count.</summary>
    public long ExecuteNonQueryLong() => ExecuteNonQueryAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs the statement and returns the first column of the first row (<see langword="null"/> when there is no row).</summary>
    public override object? ExecuteScalar() => ExecuteScalarAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => ExecuteScalarAsync(async: true, cancellationToken).AsTask();

    /// <inheritdoc />
    protected override DbParameter CreateDbParameter() => new PrestoParameter();

    /// <summary>Creates a parameter.</summary>
    public new PrestoParameter CreateParameter() => new();

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => ExecuteReader(behavior);

    /// <inheritdoc />
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await ExecuteReaderAsync(behavior, async: true, cancellationToken).ConfigureAwait(false);

    internal void OnReaderClosed(StatementRun run) => Interlocked.CompareExchange(ref _run, null, run);

    internal async ValueTask<long> ExecuteNonQueryAsync(bool async, CancellationToken cancellationToken)
    {
        var reader = await ExecuteReaderAsync(CommandBehavior.Default, async, cancellationToken).ConfigureAwait(false);
        try
        {
            do
            {
                while (await reader.ReadAsync(async, cancellationToken).ConfigureAwait(false))
                {
                }
            }
            while (await reader.NextResultAsync(async, cancellationToken).ConfigureAwait(false));

            return reader.TotalUpdateCount ?? -1;
        }
        finally
        {
            await reader.CloseAsync(async).ConfigureAwait(false);
        }
    }

    private async ValueTask<object?> ExecuteScalarAsync(bool async, CancellationToken cancellationToken)
    {
        var reader = await ExecuteReaderAsync(CommandBehavior.SingleRow, async, cancellationToken).ConfigureAwait(false);
        try
        {
            if (await reader.ReadAsync(async, cancellationToken).ConfigureAwait(false) && reader.FieldCount > 0)
            {
                return reader.GetValue(0);
            }

            return null;
        }
        finally
        {
            await reader.CloseAsync(async).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Binds the parameters as a server-side prepared statement: the statement (placeholders replaced by <c>?</c>) goes
    /// in the <c>Prepared-Statement</c> header of this request only, the body is <c>EXECUTE name USING literal, …</c>.
    /// A statement without placeholders runs unchanged. Positional <c>?</c> markers take the parameters from
    /// <paramref name="positionalOffset"/> on (a command's statements share one parameter list).
    /// </summary>
    internal static (string Sql, KeyValuePair<string, string>? Prepared) BindParameters(string commandText, PrestoParameterCollection parameters, ref int positionalOffset)
    {
        var scan = SqlParameterScanner.Scan(commandText);
        if (scan.Count == 0)
        {
            return (commandText, null);
        }

        var literals = new List<string>(scan.Count);
        if (scan.PositionalCount > 0)
        {
            if (parameters.Count < positionalOffset + scan.PositionalCount)
            {
                throw new InvalidOperationException(string.Format(
                    CultureInfo.InvariantCulture,
                    "The statement has {0} positional parameter placeholder(s) (?) but the command has only {1} parameter(s).",
                    positionalOffset + scan.PositionalCount,
                    parameters.Count));
            }

            for (int i = positionalOffset; i < positionalOffset + scan.PositionalCount; i++)
            {
                literals.Add(Literal(parameters.Items[i], "#" + (i + 1).ToString(CultureInfo.InvariantCulture)));
            }

            positionalOffset += scan.PositionalCount;
        }
        else
        {
            foreach (string duplicate in parameters.DuplicateNames())
            {
                throw new InvalidOperationException($"The command has more than one parameter named '{duplicate}'.");
            }

            foreach (string name in scan.Names)
            {
                int index = parameters.IndexOf(name);
                if (index < 0)
                {
                    throw new InvalidOperationException($"No parameter named '{name}' was added to the command for the placeholder of the same name.");
                }

                literals.Add(Literal(parameters.Items[index], "'" + name + "'"));
            }
        }

        string statementName = "presto_client_stmt_" + Interlocked.Increment(ref s_statementCounter).ToString(CultureInfo.InvariantCulture);
        string execute = "EXECUTE " + statementName + " USING " + string.Join(", ", literals);
        return (execute, new KeyValuePair<string, string>(statementName, scan.Sql));
    }

    private static string Literal(PrestoParameter parameter, string shown)
    {
        try
        {
            return ParameterLiteral.Format(parameter);
        }
        catch (NotSupportedException ex)
        {
            throw new NotSupportedException($"Parameter {shown}: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Parameter {shown}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The statements of the command text (split at top-level <c>;</c>), each with its parameters bound. Presto runs one
    /// statement per request, so several statements run one after another; the reader moves between their results with
    /// <see cref="DbDataReader.NextResult"/>.
    /// </summary>
    private IReadOnlyList<StatementPlan> PlanStatements()
    {
        var statements = SqlParameterScanner.SplitStatements(_commandText);
        if (statements.Count == 0)
        {
            throw new InvalidOperationException("The command text holds no statement (only comments or semicolons).");
        }

        var plans = new StatementPlan[statements.Count];
        var positional = 0;
        for (var i = 0; i < statements.Count; i++)
        {
            var (sql, prepared) = Parameters.Count > 0 ? BindParameters(statements[i], Parameters, ref positional) : (statements[i], null);
            plans[i] = new StatementPlan(sql, prepared);
        }

        return plans;
    }

    /// <summary>Submits one statement (resubmitting it on failures the retry rules allow) and reads until its columns are known; a failure before that is thrown here.</summary>
    internal async ValueTask<StatementRun> StartStatementAsync(PrestoConnection connection, StatementPlan plan, bool async, CancellationToken cancellationToken)
    {
        var options = SessionProperties.Count == 0 && TraceToken is null && ClientInfo is null && plan.Prepared is null && ClientTags is null && OnResponse is null && _spooling is null
            ? null
            : new StatementOptions
            {
                SessionProperties = SessionProperties.Count == 0 ? null : new Dictionary<string, string>(SessionProperties, StringComparer.Ordinal),
                TraceToken = TraceToken,
                ClientInfo = ClientInfo,
                PreparedStatement = plan.Prepared,
                ClientTags = ClientTags,
                OnResponse = OnResponse,
                SpoolingEncodings = _spooling,
            };
        var run = new StatementRun(connection, plan, options, connection.RetryPolicy, TimeSpan.FromSeconds(CommandTimeout), _readAheadBytes, _readAheadRows, RoutingGroup);
        Volatile.Write(ref _run, run);
        try
        {
            await run.StartAsync(async, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            OnReaderClosed(run);
            run.Dispose();
            throw;
        }

        return run;
    }

    internal async ValueTask<PrestoDataReader> ExecuteReaderAsync(CommandBehavior behavior, bool async, CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("The command has no connection.");
        connection.ThrowIfNotOpen();
        if (connection.ActiveReader is { IsClosed: false })
        {
            throw new InvalidOperationException("The connection already has an open data reader; close it before running another command.");
        }

        if (string.IsNullOrWhiteSpace(_commandText))
        {
            throw new InvalidOperationException("The command has no CommandText.");
        }

        if (Transaction is { } transaction && !ReferenceEquals(transaction, connection.Transaction))
        {
            throw new InvalidOperationException(transaction.IsCompleted
                ? "The command's Transaction has already been committed or rolled back; set Transaction to null or to the connection's active transaction."
                : "The command's Transaction does not belong to the command's connection; it must be null or the connection's active transaction.");
        }

        var plans = PlanStatements();
        var run = await StartStatementAsync(connection, plans[0], async, cancellationToken).ConfigureAwait(false);
        var reader = new PrestoDataReader(this, connection, run, behavior, plans);
        connection.ActiveReader = reader;
        if ((behavior & CommandBehavior.SchemaOnly) != 0)
        {
            await run.Execution.CloseAsync(async).ConfigureAwait(false);
        }

        return reader;
    }
}
