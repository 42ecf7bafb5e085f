using System;
using System.Threading.Tasks;
using Presto.Protocol;

namespace Presto;

/// <summary>
/// The fluent client: <c>client.Query(sql).WithParameter(…).StreamAsync&lt;T&gt;()</c>. Thread-safe and meant to be a
/// singleton: it owns the HTTP handler, the retry budget, the router and its health probes, shared with the
/// <see cref="PrestoConnection"/>s it creates (<see cref="CreateConnection"/>), so ADO.NET and fluent code on one client run
/// on the same engine. See docs/fluent-client.md.
/// </summary>
/// <example>
/// <code>
/// await using var client = new PrestoClient("Server=https://trino.example.com;User=alice;Catalog=tpch;Schema=tiny");
/// await foreach (var nation in client.Query("SELECT nationkey, name FROM nation").StreamAsync&lt;Nation&gt;())
///     Console.WriteLine(nation.Name);
/// </code>
/// </example>
public sealed class PrestoClient : IDisposable, IAsyncDisposable
{
    private readonly ClientEngine _engine;
    private readonly bool _ownsEngine;

    /// <summary>Creates a client for <paramref name="connectionString"/> with default options.</summary>
    /// <exception cref="ArgumentException">The connection string is invalid (the message names the keyword, never a secret).</exception>
    public PrestoClient(string connectionString)
        : this(new PrestoClientOptions { ConnectionString = connectionString })
    {
    }

    /// <summary>Creates a client.</summary>
    /// <exception cref="ArgumentException">The connection string or an option is invalid.</exception>
    public PrestoClient(PrestoClientOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var tokenProvider = options.TokenProvider;
        _engine = new ClientEngine(new EngineOptions(options.ConnectionString, options.Retry, options.Routing)
        {
            LoggerFactory = options.LoggerFactory,
            Http = options.HttpClient,
            OwnsHttp = false,
            TokenSource = tokenProvider is null ? null : (_, _) => new Authentication.CallbackTokenSource(tokenProvider),
        });
        _ownsEngine = true;
    }

#if NET7_0_OR_GREATER
    /// <summary>
    /// Creates a fluent client over <paramref name="dataSource"/>: the same HTTP handler, authentication (OAuth2, external
    /// authentication, client certificates, Kerberos — everything <see cref="PrestoDataSourceBuilder"/> configures), retry
    /// budget and router. Disposing the client leaves the data source open; disposing the data source ends the client.
    /// </summary>
    public PrestoClient(PrestoDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _engine = dataSource.Engine;
        _ownsEngine = false;
    }
#endif

    /// <summary>The clusters and the runtime API to drain, deactivate and reweight them (see docs/routing.md).</summary>
    public PrestoRouter Router => _engine.Router;

    /// <summary>The operator's view: server info and state, queries, killing a query, nodes.</summary>
    public PrestoMonitor Monitor => _monitor ??= new PrestoMonitor(_engine.Router);

    private PrestoMonitor? _monitor;

    /// <summary>Starts a query; configure it with the <c>With…</c> methods, then run it with one of its terminal methods.</summary>
    public PrestoQuery Query(string sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new ArgumentException("The query text is empty.", nameof(sql));
        }

        return new PrestoQuery(this, sql);
    }

    /// <summary>A closed ADO.NET connection on this client's engine (same handler, retry budget and router).</summary>
    public PrestoConnection CreateConnection() => _engine.CreateConnection(nameof(PrestoClient));

    /// <summary>Stops the health probes and releases the HTTP handler (unless it was supplied, or the client was made over a data source).</summary>
    public void Dispose()
    {
        if (_ownsEngine)
        {
            _engine.Dispose();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
