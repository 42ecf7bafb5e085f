using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Presto.Resilience;

namespace Presto.Protocol;

/// <summary>
/// What every connection of one data source or client shares: parsed settings, the HTTP handler, the logger, the retry
/// policy (with its budget) and the router (with its probes and breakers). It is the one composition root:
/// <c>PrestoDataSource</c> and <see cref="PrestoClient"/> are both built on it, and the connections they hand out
/// are ordinary <see cref="PrestoConnection"/>s over the same pieces.
/// </summary>
internal sealed class ClientEngine : IDisposable
{
    private readonly string _connectionString;
    private readonly string _displayConnectionString;
    private readonly bool _ownsHttp;
    private int _disposed;

    /// <exception cref="ArgumentException">The connection string, a retry rule or a routing option is invalid, or credentials would travel over http.</exception>
    public ClientEngine(EngineOptions options)
    {
        var clusters = options.Routing.Clusters.Count > 0 ? options.Routing.Clusters.Select(c => c.Uri) : null;
        var settings = new PrestoConnectionStringBuilder(options.ConnectionString).ToSettings(clusters);

        LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        Logger = LoggerFactory.CreateLogger("Presto.Client");
        var retry = new QueryRetryPolicy(settings, options.Retry, Logger);
        var http = options.Http ?? new HttpMessageInvoker((options.CreateHandler ?? HttpClientCache.CreateHandler)(), disposeHandler: true);
        _ownsHttp = options.Http is null || options.OwnsHttp;
        try
        {
            if (options.TokenSource is { } tokenSource)
            {
                var source = tokenSource(http, settings.AllowInsecureCredentials);
                source.Logger = Logger;
                settings = settings with { TokenSource = source };
                settings.CheckCredentialTransport();
            }

            Router = new PrestoRouter(settings, options.Routing, http, Logger, stopWhenIdle: false);
        }
        catch
        {
            if (_ownsHttp)
            {
                http.Dispose();
            }

            throw;
        }

        _connectionString = options.ConnectionString;
        _displayConnectionString = PrestoConnection.WithoutSecrets(options.ConnectionString);
        Settings = settings;
        Http = http;
        Retry = retry;
    }

    public ConnectionSettings Settings { get; }

    /// <summary>The connection string without secrets.</summary>
    public string DisplayConnectionString => _displayConnectionString;

    public HttpMessageInvoker Http { get; }

    public ILoggerFactory LoggerFactory { get; }

    public ILogger Logger { get; }

    public QueryRetryPolicy Retry { get; }

    public PrestoRouter Router { get; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>A closed connection over this engine.</summary>
    /// <exception cref="ObjectDisposedException">The engine was disposed; <paramref name="owner"/> names the type the caller knows.</exception>
    public PrestoConnection CreateConnection(string owner)
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(owner);
        }

        return new PrestoConnection(_connectionString, _displayConnectionString, Settings, Http, Logger, Retry, Router);
    }

    /// <summary>Stops the health probes and disposes the HTTP invoker when the engine owns it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Router.Dispose();
        if (_ownsHttp)
        {
            Http.Dispose();
        }
    }
}
