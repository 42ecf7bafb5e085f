using System;
using System.Linq;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Presto.Resilience;

namespace Presto.Protocol;

/// <summary>
/// What every connection of one client shares: parsed settings, the HTTP handler, the logger, the retry policy (with its
/// budget) and the router (with its probes and breakers). <see cref="PrestoClient"/> is built on it; connections it hands
/// out are ordinary <see cref="PrestoConnection"/>s over the same pieces.
/// </summary>
internal sealed class ClientEngine : IDisposable
{
    private readonly string _connectionString;
    private readonly string _displayConnectionString;
    private readonly bool _ownsHttp;
    private int _disposed;

    public ClientEngine(string connectionString, HttpMessageInvoker? http, bool ownsHttp, ILoggerFactory? loggerFactory, PrestoRetryOptions retry, PrestoRoutingOptions routing, Func<System.Threading.CancellationToken, System.Threading.Tasks.ValueTask<string>>? tokenProvider)
    {
        var settings = new PrestoConnectionStringBuilder(connectionString).ToSettings();
        if (routing.Clusters.Count > 0)
        {
            settings = settings with { Servers = PrestoConnectionStringBuilder.NormalizeServers(routing.Clusters.Select(c => c.Uri)) };
        }

        if (tokenProvider is not null)
        {
            settings = settings with { TokenSource = new Authentication.CallbackTokenSource(tokenProvider) };
        }

        settings.CheckCredentialTransport();

        _connectionString = connectionString;
        _displayConnectionString = PrestoConnection.WithoutSecrets(connectionString);
        Settings = settings;
        Http = http ?? new HttpMessageInvoker(HttpClientCache.CreateHandler(), disposeHandler: true);
        _ownsHttp = http is null || ownsHttp;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Logger = LoggerFactory.CreateLogger("Presto.Client");
        Retry = new QueryRetryPolicy(settings, retry, Logger);
        Router = new PrestoRouter(settings, routing, Http, Logger, stopWhenIdle: false);
    }

    public ConnectionSettings Settings { get; }

    public HttpMessageInvoker Http { get; }

    public ILoggerFactory LoggerFactory { get; }

    public ILogger Logger { get; }

    public QueryRetryPolicy Retry { get; }

    public PrestoRouter Router { get; }

    public bool IsDisposed => _disposed != 0;

    public PrestoConnection CreateConnection()
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(nameof(PrestoClient));
        }

        return new PrestoConnection(_connectionString, _displayConnectionString, Settings, Http, Logger, Retry, Router);
    }

    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _disposed, 1) != 0)
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
