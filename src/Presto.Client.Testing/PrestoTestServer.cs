using System;
using System.Collections.Generic;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Presto.Testing.Server;

namespace Presto.Testing;

/// <summary>
/// An embedded Presto or Trino coordinator: the real HTTP statement protocol served by Kestrel on 127.0.0.1, SQL executed
/// on an embedded SQLite (catalogs <c>tpch</c> with schema <c>tiny</c>, and <c>memory</c>), scripted results and
/// deterministic fault injection. Start several in one process to act as several clusters.
/// </summary>
/// <example>
/// <code>
/// await using var server = await PrestoTestServer.StartAsync();
/// // point a client at server.BaseAddress, e.g. "SELECT * FROM tpch.tiny.nation"
/// </code>
/// </example>
public sealed class PrestoTestServer : IAsyncDisposable
{
    private readonly ServerContext _context;
    private readonly RequestHandler _handler;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly Timer _sweeper;
    private WebApplication? _app;
    private readonly string _scheme;
    private int _port;
    private bool _disposed;

    private PrestoTestServer(PrestoTestServerOptions options)
    {
        _context = new ServerContext(options);
        _handler = new RequestHandler(_context);
        _port = options.Port;
        _scheme = options.UseHttps ? "https" : "http";
        Certificate = options.UseHttps ? TestCertificates.Create("CN=127.0.0.1", serverAddress: IPAddress.Loopback) : null;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(options.AbandonedQueryTimeout.TotalMilliseconds / 4, 10, 1000));
        _sweeper = new Timer(_ => _context.SweepAbandoned(), null, period, period);
    }

    /// <summary>Starts a server with the given options (or the defaults) and returns once it accepts connections.</summary>
    public static async Task<PrestoTestServer> StartAsync(PrestoTestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new PrestoTestServer((options ?? new PrestoTestServerOptions()).Clone());
        try
        {
            await server.StartListeningAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts a server imitating the given dialect.</summary>
    public static Task<PrestoTestServer> StartAsync(ServerDialect dialect, CancellationToken cancellationToken = default) =>
        StartAsync(new PrestoTestServerOptions { Dialect = dialect }, cancellationToken);

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:40123</c> (the port stays the same across restarts; <c>https</c> with <see cref="PrestoTestServerOptions.UseHttps"/>).</summary>
    public Uri BaseAddress => new(_scheme + "://127.0.0.1:" + _port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The self-signed server certificate (with <see cref="PrestoTestServerOptions.UseHttps"/>), else <see langword="null"/>.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>A new bearer token the server accepts (see <see cref="PrestoTestServerOptions.RequireBearerToken"/>).</summary>
    public string IssueAccessToken() => _context.Auth.IssueToken();

    /// <summary>Makes every token issued so far invalid (as if they had expired): the next request with one answers HTTP 401.</summary>
    public void RevokeAccessTokens() => _context.Auth.RevokeTokens();

    /// <summary>The dialect this server speaks.</summary>
    public ServerDialect Dialect => _context.Dialect;

    /// <summary>Whether the server is accepting connections.</summary>
    public bool IsListening => _app is not null;

    /// <summary>Fault injection for this server.</summary>
    public FaultInjector Faults => _context.Faults;

    /// <summary>Every request received so far, in arrival order (when <see cref="PrestoTestServerOptions.RecordRequests"/> is on).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _context.Requests;

    /// <summary>Statement submissions (<c>POST /v1/statement</c>) received so far.</summary>
    public IReadOnlyList<RecordedRequest> Submissions => Requests.Where(r => r.Method == "POST" && r.PathAndQuery == "/v1/statement").ToArray();

    /// <summary>Queries the server has registered, oldest first.</summary>
    public IReadOnlyList<ServerQueryInfo> Queries => _context.Queries
        .OrderBy(q => q.Created)
        .Select(q => new ServerQueryInfo(q.Id, q.Sql, q.State, q.Session.User, q.Error?.ErrorName, q.RowsServed, q.Ended, q.Dispatched))
        .ToArray();

    /// <summary>Running and queued queries, as <c>/v1/cluster</c> reports them.</summary>
    public ServerLoad Load => _context.Load;

    /// <summary>The node state reported by <c>/v1/info/state</c>; anything but Active makes new queries fail with SERVER_SHUTTING_DOWN.</summary>
    public ServerState State
    {
        get => _context.State;
        set => _context.State = value;
    }

    /// <summary>The <c>starting</c> flag of <c>/v1/info</c> (a coordinator that is still starting up).</summary>
    public bool Starting
    {
        get => _context.Starting;
        set => _context.Starting = value;
    }

    /// <summary>When set, new queries fail with QUERY_QUEUE_FULL when they are dispatched.</summary>
    public bool QueueFull
    {
        get => _context.QueueFull;
        set => _context.QueueFull = value;
    }

    /// <summary>
    /// Answers statements for which <paramref name="match"/> returns true with <paramref name="result"/> (the most recent
    /// matching registration wins). Dispose the returned value to remove it.
    /// </summary>
    public IDisposable Script(Func<string, bool> match, ScriptedResult result)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(result);
        return _context.AddScript(match, result);
    }

    /// <summary>Answers exactly this SQL text (ignoring surrounding whitespace and a trailing semicolon) with <paramref name="result"/>.</summary>
    public IDisposable Script(string sql, ScriptedResult result)
    {
        ArgumentNullException.ThrowIfNull(sql);
        string expected = SqlText.Normalize(sql);
        return Script(s => string.Equals(SqlText.Normalize(s), expected, StringComparison.Ordinal), result);
    }

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRequests() => _context.ClearRequests();

    /// <summary>Stops listening: new connections are refused until <see cref="StartListeningAsync"/>. Query state is kept.</summary>
    public async Task StopListeningAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_app is { } app)
            {
                _app = null;
                await app.StopAsync(cancellationToken).ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Starts listening again, on the same port as before.</summary>
    public async Task StartListeningAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_app is not null)
            {
                return;
            }

            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = 4_000_000;
                k.Listen(IPAddress.Loopback, _port, listen =>
                {
                    if (Certificate is { } certificate)
                    {
                        listen.UseHttps(https =>
                        {
                            https.ServerCertificate = certificate;
                            if (_context.Options.RequireClientCertificate)
                            {
                                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                                https.ClientCertificateValidation = static (_, _, _) => true;
                            }
                        });
                    }
                });
            });
            if (_context.Options.ResponseCompression)
            {
                builder.Services.AddResponseCompression(compression =>
                {
                    compression.EnableForHttps = true;
                    compression.MimeTypes = ["application/json", "text/plain"];
                    compression.Providers.Add<BrotliCompressionProvider>();
                    compression.Providers.Add<GzipCompressionProvider>();
                });
                builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
                builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
            }

            var app = builder.Build();
            if (_context.Options.ResponseCompression)
            {
                app.UseResponseCompression();
            }

            app.Run(_handler.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            _port = new Uri(address).Port;
            _app = app;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the server and releases its queries and database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopListeningAsync().ConfigureAwait(false);
        _disposed = true;
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        _context.Dispose();
        _lifecycle.Dispose();
        Certificate?.Dispose();
    }
}
