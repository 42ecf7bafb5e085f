using System;
using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Presto.Protocol;
using Presto.Resilience;

namespace Presto;

/// <summary>
/// A connection to a Presto or Trino cluster. The protocol is stateless HTTP, so opening is cheap: it
/// validates the connection string and, once per endpoint and process, asks <c>GET /v1/info</c> whether the
/// server answers (learning its version and, with <c>Dialect=Auto</c>, its dialect). The connection carries the session (catalog, schema, session properties, prepared statements,
/// transaction) from statement to statement. One command runs at a time.
/// </summary>
public sealed partial class PrestoConnection : DbConnection
{
    /// <summary>Parsed connection strings. Bounded: applications that build one per user token must not grow it forever.</summary>
    private static readonly ConcurrentDictionary<string, ConnectionSettings> s_settingsCache = new(StringComparer.Ordinal);
    private const int SettingsCacheLimit = 256;

    private string _connectionString = string.Empty;
    private string? _displayConnectionString;
    private ConnectionSettings? _settings;
    private ConnectionState _state = ConnectionState.Closed;
    private ClientSession? _session;
    private ProtocolTransport? _transport;
    private Uri? _server;
    private bool _disposed;

    #region Constructors (data source binding)

    private readonly HttpMessageInvoker _http = HttpClientCache.Shared;
    private readonly QueryRetryPolicy? _retryPolicy;
    private readonly PrestoRouter? _router;

    /// <summary>Creates a closed connection without a connection string.</summary>
    public PrestoConnection()
    {
    }

    /// <summary>Creates a closed connection.</summary>
    public PrestoConnection(string connectionString) => ConnectionString = connectionString;

    /// <summary>A connection of a data source: its settings, HTTP handler and logger.</summary>
    internal PrestoConnection(string connectionString, string displayConnectionString, ConnectionSettings settings, HttpMessageInvoker http, ILogger logger, QueryRetryPolicy retryPolicy, PrestoRouter router)
    {
        _retryPolicy = retryPolicy;
        _router = router;
        _connectionString = connectionString;
        _displayConnectionString = displayConnectionString;
        _settings = settings;
        _http = http;
        Logger = logger;
    }

    #endregion

    /// <inheritdoc />
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string ConnectionString
    {
        get => _displayConnectionString ?? _connectionString;
        set
        {
            if (_state != ConnectionState.Closed)
            {
                throw new InvalidOperationException("The connection string cannot be changed while the connection is open.");
            }

            _connectionString = value ?? string.Empty;
            _displayConnectionString = null;
            _settings = null;
        }
    }

    /// <summary>The current catalog (changed by <c>USE</c> or <see cref="ChangeDatabase"/>).</summary>
    public override string Database => _session?.Catalog ?? GetSettings(throwIfInvalid: false)?.Catalog ?? string.Empty;

    /// <summary>The current schema.</summary>
    public string? Schema => _session is not null ? _session.Schema : GetSettings(throwIfInvalid: false)?.Schema;

    /// <summary>The coordinator URL(s) of the connection string.</summary>
    public override string DataSource => new PrestoConnectionStringBuilder(_connectionString).Server ?? string.Empty;

    /// <summary>
    /// The server's version (<c>480</c>, <c>0.300</c>) as <c>/v1/info</c> reported it when the endpoint was first opened in
    /// this process; an empty string when the endpoint did not report one (no request is made just to read this property).
    /// </summary>
    public override string ServerVersion
    {
        get
        {
            ThrowIfNotOpen();
            return DialectResolver.KnownVersion(_server!) ?? string.Empty;
        }
    }

    /// <summary>The dialect in use (known once open).</summary>
    public PrestoDialect Dialect => _transport is null ? GetSettings(throwIfInvalid: false)?.Dialect ?? PrestoDialect.Auto : (PrestoDialect)_transport.Dialect;

    /// <inheritdoc />
    public override ConnectionState State => _state;

    internal ConnectionSettings Settings => _settings ?? throw new InvalidOperationException("The connection is not open.");

    internal ClientSession Session => _session ?? throw new InvalidOperationException("The connection is not open.");

    internal ProtocolTransport Transport => _transport ?? throw new InvalidOperationException("The connection is not open.");

    internal Uri Server => _server ?? throw new InvalidOperationException("The connection is not open.");

    /// <summary>Failure classification and resubmission: the data source's, else the one shared by every connection with this connection string.</summary>
    internal QueryRetryPolicy RetryPolicy => _retryPolicy ?? QueryRetryPolicy.For(Settings);

    /// <summary>The clusters and how statements pick one: the data source's router, else the one shared by every connection with this connection string.</summary>
    internal PrestoRouter Router => _router ?? PrestoRouter.For(Settings, _http);

    /// <summary>The cluster this connection is pinned to while it holds cluster-local state (a transaction, session changes), else <see langword="null"/>.</summary>
    internal PrestoCluster? PinnedCluster { get; set; }

    #region Logger and HTTP handler plumbing

    /// <summary>The <c>Presto.Client</c> logger of the data source that made this connection; none otherwise.</summary>
    internal ILogger Logger { get; } = NullLogger.Instance;

    /// <summary>The HTTP handler: the data source's, else the process-wide one (<see cref="HttpClientCache"/>).</summary>
    internal HttpMessageInvoker Http => _http;

    #endregion

    internal PrestoDataReader? ActiveReader { get; set; }

    /// <summary>
    /// Changes the session's catalog (<c>tpch</c>) or catalog and schema (<c>tpch.tiny</c>) without a round trip,
    /// as <c>USE</c> does. A catalog alone clears the schema.
    /// </summary>
    public override void ChangeDatabase(string databaseName)
    {
        ThrowIfNotOpen();
        if (string.IsNullOrWhiteSpace(databaseName))
        {
            throw new ArgumentException("A catalog name is required.", nameof(databaseName));
        }

        var text = databaseName.Trim();
        var dot = text.IndexOf('.');
        var catalog = dot < 0 ? text : text.Substring(0, dot).Trim();
        var schema = dot < 0 ? null : text.Substring(dot + 1).Trim();
        if (catalog.Length == 0 || (schema is not null && (schema.Length == 0 || schema.IndexOf('.') >= 0)))
        {
            throw new ArgumentException("Expected 'catalog' or 'catalog.schema'.", nameof(databaseName));
        }

        _session!.Catalog = catalog;
        _session.Schema = schema;
    }

    /// <inheritdoc />
    public override void Open() => OpenAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override Task OpenAsync(CancellationToken cancellationToken) => OpenAsync(async: true, cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Close()
    {
        if (_state == ConnectionState.Closed)
        {
            return;
        }

        ActiveReader?.Dispose();
        ActiveReader = null;
        Transaction?.RollbackQuietlyAsync(async: false).GetAwaiter().GetResult();
        Transaction = null;
        _session = null;
        _transport = null;
        _server = null;
        PinnedCluster = null;
        SetState(ConnectionState.Closed);
    }

    /// <summary>Creates a command on this connection.</summary>
    public new PrestoCommand CreateCommand() => new() { Connection = this };

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <summary>The active transaction started with <see cref="BeginTransaction(IsolationLevel)"/>, or <see langword="null"/> (auto-commit).</summary>
    internal PrestoTransaction? Transaction { get; set; }

    /// <summary>Starts a transaction at the server's default isolation level (<c>START TRANSACTION</c>).</summary>
    public new PrestoTransaction BeginTransaction() => BeginTransaction(IsolationLevel.Unspecified);

    /// <summary>
    /// Starts a transaction (<c>START TRANSACTION [ISOLATION LEVEL …]</c>); until it ends every command on the connection
    /// runs inside it. <see cref="IsolationLevel.Snapshot"/> and <see cref="IsolationLevel.Chaos"/> raise
    /// <see cref="NotSupportedException"/>; a second transaction while one is active raises <see cref="InvalidOperationException"/>.
    /// </summary>
    public new PrestoTransaction BeginTransaction(IsolationLevel isolationLevel) =>
        PrestoTransaction.BeginAsync(this, isolationLevel, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => BeginTransaction(isolationLevel);

#if NET6_0_OR_GREATER
    /// <inheritdoc />
    public override bool CanCreateBatch => true;

    /// <summary>Creates a batch on this connection: its statements run one after another (see <see cref="PrestoBatch"/>).</summary>
    public new PrestoBatch CreateBatch() => new(this);

    /// <inheritdoc />
    protected override DbBatch CreateDbBatch() => CreateBatch();
#endif

#if NET5_0_OR_GREATER
    /// <inheritdoc />
    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
        await PrestoTransaction.BeginAsync(this, isolationLevel, async: true, cancellationToken).ConfigureAwait(false);
#endif

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
            _disposed = true;
        }

        base.Dispose(disposing);
    }

    internal void ThrowIfNotOpen()
    {
        if (_state != ConnectionState.Open)
        {
            throw new InvalidOperationException("The connection is not open.");
        }
    }

    private async ValueTask OpenAsync(bool async, CancellationToken cancellationToken)
    {
#if NET7_0_OR_GREATER
        ObjectDisposedException.ThrowIf(_disposed, this);
#else
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(PrestoConnection));
        }
#endif
        if (_state != ConnectionState.Closed)
        {
            throw new InvalidOperationException("The connection is already open.");
        }

        if (string.IsNullOrWhiteSpace(_connectionString))
        {
            throw new InvalidOperationException("The ConnectionString property has not been initialized.");
        }

        var settings = GetSettings(throwIfInvalid: true)!;
        SetState(ConnectionState.Connecting);
        try
        {
            // Validates an endpoint (and learns dialect and version) once per endpoint and process; later opens make no request.
            // With several clusters, the first the router picks that answers (a refused one is skipped and marked).
            var router = Router;
            var plan = router.Plan(new PrestoRoutingRequest(null, settings.User, settings.Source, settings.ClientTags, settings.Catalog, settings.Schema, PrestoStatementKind.ReadOnly), null, reportsDecisions: false);
            var cluster = plan.Next(otherCluster: false);
            while (true)
            {
                try
                {
                    _transport = await router.TransportAsync(cluster, async, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (PrestoException ex) when (!cancellationToken.IsCancellationRequested && plan.HasAlternative)
                {
                    router.OnAttemptFailed(cluster, ex.FailedTransport ?? PrestoTransportFailure.Interrupted, shuttingDown: false);
                    cluster = plan.Next(otherCluster: true);
                }
            }

            _session = new ClientSession(settings);
            _server = cluster.BaseUri;
            PinnedCluster = null;
            _displayConnectionString ??= WithoutSecrets(_connectionString);
            SetState(ConnectionState.Open);
        }
        catch
        {
            _transport = null;
            _session = null;
            SetState(ConnectionState.Closed);
            throw;
        }
    }

    private ConnectionSettings? GetSettings(bool throwIfInvalid)
    {
        if (_settings is not null)
        {
            return _settings;
        }

        if (s_settingsCache.TryGetValue(_connectionString, out var cached))
        {
            return _settings = cached;
        }

        try
        {
            var settings = new PrestoConnectionStringBuilder(_connectionString).ToSettings();
            if (s_settingsCache.Count >= SettingsCacheLimit)
            {
                s_settingsCache.Clear();
            }

            s_settingsCache.TryAdd(_connectionString, settings);
            return _settings = settings;
        }
        catch (ArgumentException) when (!throwIfInvalid)
        {
            return null;
        }
    }

    /// <summary>
    /// Once a connection has been opened its <see cref="ConnectionString"/> no longer shows secrets (as
    /// <c>Persist Security Info=false</c> does in other providers), so it can be logged or displayed safely.
    /// </summary>
    internal static string WithoutSecrets(string connectionString)
    {
        var builder = new PrestoConnectionStringBuilder(connectionString);
        builder.Remove("Password");
        builder.Remove("AccessToken");
        builder.Remove("ExtraCredentials");
        return builder.ConnectionString;
    }

    private void SetState(ConnectionState state)
    {
        var old = _state;
        _state = state;
        if (old != state)
        {
            OnStateChange(new StateChangeEventArgs(old, state));
        }
    }
}
