#if NET7_0_OR_GREATER
using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Presto.Protocol;

namespace Presto;

/// <summary>
/// An immutable, thread-safe source of <see cref="PrestoConnection"/>s for one connection string: it parses the connection
/// string once and owns one HTTP handler (connection pool) and logger shared by every connection it creates. Create one per
/// cluster and application (a singleton), with <see cref="Create"/> or a <see cref="PrestoDataSourceBuilder"/>.
/// </summary>
/// <remarks>
/// Available on .NET 8 and later (<see cref="DbDataSource"/> exists from .NET 7). On .NET Standard 2.0, connections
/// created with <c>new PrestoConnection(connectionString)</c> share one process-wide handler and do not log.
/// </remarks>
public sealed class PrestoDataSource : DbDataSource
{
    private readonly ClientEngine _engine;

    internal PrestoDataSource(ClientEngine engine) => _engine = engine;

    /// <summary>The connection string without <c>Password</c>, <c>AccessToken</c> and <c>ExtraCredentials</c>.</summary>
    public override string ConnectionString => _engine.DisplayConnectionString;

    /// <summary>The logger factory given to the builder (<see cref="NullLoggerFactory"/> when none was).</summary>
    public ILoggerFactory LoggerFactory => _engine.LoggerFactory;

    /// <summary>The clusters of this data source and the runtime API to drain, deactivate, reactivate and reweight them (see docs/routing.md).</summary>
    public PrestoRouter Router => _engine.Router;

    /// <summary>The engine shared with the <see cref="PrestoClient"/>s made over this data source.</summary>
    internal ClientEngine Engine => _engine;

    /// <summary>Creates a data source for <paramref name="connectionString"/> with default options.</summary>
    /// <exception cref="ArgumentException">The connection string is invalid (the message names the keyword).</exception>
    public static PrestoDataSource Create(string connectionString) => new PrestoDataSourceBuilder(connectionString).Build();

    /// <summary>Creates a closed connection that uses this data source's settings, HTTP handler and logger.</summary>
    public new PrestoConnection CreateConnection() => (PrestoConnection)CreateDbConnection();

    /// <summary>Creates and opens a connection.</summary>
    public new PrestoConnection OpenConnection() => (PrestoConnection)OpenDbConnection();

    /// <summary>Creates and opens a connection.</summary>
    public new async ValueTask<PrestoConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        (PrestoConnection)await OpenDbConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection()
    {
        return _engine.CreateConnection(nameof(PrestoDataSource));
    }

    /// <inheritdoc />
    protected override DbConnection OpenDbConnection()
    {
        var connection = CreateDbConnection();
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = CreateDbConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the health probes; disposes the HTTP handler when the data source created it or was told to dispose it. Open connections stop working.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _engine.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return default;
    }
}
#endif
