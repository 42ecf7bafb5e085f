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

        _engine = new ClientEngine(options.ConnectionString, options.HttpClient, ownsHttp: false, options.LoggerFactory, options.Retry, options.Routing, options.TokenProvider);
    }

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
    public PrestoConnection CreateConnection() => _engine.CreateConnection();

    /// <summary>Stops the health probes and releases the HTTP handler (unless it was supplied).</summary>
    public void Dispose() => _engine.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _engine.Dispose();
        return default;
    }
}
