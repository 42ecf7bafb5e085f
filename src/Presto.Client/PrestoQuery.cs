using System;
using System.Collections.Generic;
using System.Data;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Presto.Mapping;

namespace Presto;

/// <summary>
/// One query of a <see cref="PrestoClient"/>: configure it with the <c>With…</c> methods (each returns this query), then
/// run it with a terminal method. Each run opens a connection of the client's engine, runs the statement (with the
/// client's retry and routing), and closes the connection when the rows are read. Not thread-safe; a query can be run
/// more than once.
/// </summary>
public sealed class PrestoQuery
{
    private readonly PrestoClient _client;
    private readonly string _sql;
    private readonly List<PrestoParameter> _parameters = new();
    private readonly Dictionary<string, string> _session = new(StringComparer.Ordinal);
    private string? _catalog;
    private string? _schema;
    private IReadOnlyList<string>? _clientTags;
    private string? _routingGroup;
    private string? _spoolingEncodings;
    private TimeSpan? _timeout;
    private long? _readAheadBytes;
    private IProgress<PrestoQueryProgress>? _progress;

    internal PrestoQuery(PrestoClient client, string sql)
    {
        _client = client;
        _sql = sql;
    }

    /// <summary>Runs the query with this catalog (instead of the connection string's).</summary>
    public PrestoQuery WithCatalog(string catalog)
    {
        _catalog = catalog;
        return this;
    }

    /// <summary>Runs the query with this schema.</summary>
    public PrestoQuery WithSchema(string schema)
    {
        _schema = schema;
        return this;
    }

    /// <summary>Sets a session property for this query (<c>name</c> or <c>catalog.name</c>).</summary>
    public PrestoQuery WithSession(string name, string value)
    {
        _session[name] = value;
        return this;
    }

    /// <summary>Binds a named placeholder (<c>@name</c> or <c>:name</c>); sent as a server-side prepared statement, never pasted into the SQL.</summary>
    public PrestoQuery WithParameter(string name, object? value)
    {
        _parameters.Add(new PrestoParameter(name, value));
        return this;
    }

    /// <summary>Binds the next positional placeholder (<c>?</c>).</summary>
    public PrestoQuery WithParameter(object? value)
    {
        _parameters.Add(new PrestoParameter { Value = value });
        return this;
    }

    /// <summary>Sends these client tags (instead of the connection string's); a tag that names a routing group routes the query there.</summary>
    public PrestoQuery WithClientTags(params string[] tags)
    {
        _clientTags = tags;
        return this;
    }

    /// <summary>Routes the query to this group of clusters (see docs/routing.md).</summary>
    public PrestoQuery WithRoutingGroup(string group)
    {
        _routingGroup = group;
        return this;
    }

    /// <summary>
    /// Asks Trino for a spooled result (see docs/spooling.md), offering these segment encodings preferred first; none given
    /// offers every encoding this client decodes. Overrides the connection string's <c>SpoolingEncodings</c>.
    /// </summary>
    /// <exception cref="ArgumentException">An encoding this client cannot decode.</exception>
    public PrestoQuery WithSpooling(params string[] encodings)
    {
        var text = encodings is null || encodings.Length == 0 ? Spooling.SegmentCodecs.Auto : string.Join(",", encodings);
        Spooling.SegmentCodecs.Parse(text, "encodings");
        _spoolingEncodings = text;
        return this;
    }

    /// <summary>Limits the whole query (all submissions, until the last row is read); the query is cancelled on the server when it runs out.</summary>
    public PrestoQuery WithTimeout(TimeSpan timeout)
    {
        _timeout = timeout >= TimeSpan.Zero ? timeout : throw new ArgumentOutOfRangeException(nameof(timeout), "The timeout must not be negative.");
        return this;
    }

    /// <summary>Holds up to this many bytes before the first row, so that a late failure can still be resubmitted (see docs/retry.md).</summary>
    public PrestoQuery WithReadAhead(long bytes)
    {
        _readAheadBytes = bytes;
        return this;
    }

    /// <summary>Reports progress (state, splits, processed rows and bytes, elapsed time, percentage) after every response.</summary>
    public PrestoQuery WithProgress(IProgress<PrestoQueryProgress> progress)
    {
        _progress = progress;
        return this;
    }

    /// <summary>Streams the rows as <typeparamref name="T"/> while they arrive (constant memory). Breaking out of the loop cancels the query.</summary>
    public async IAsyncEnumerable<T> StreamAsync<T>([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = await ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var map = RowMapper<T>.For(reader);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return map(reader);
            }
        }
        finally
        {
            await reader.CloseAsync(async: true).ConfigureAwait(false);
        }
    }

    /// <summary>Streams the rows as value arrays (SQL NULL as <see langword="null"/>), natural CLR types as <see cref="PrestoDataReader.GetValue"/> returns them.</summary>
    public async IAsyncEnumerable<object?[]> StreamRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = await ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var values = new object?[reader.FieldCount];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                yield return values;
            }
        }
        finally
        {
            await reader.CloseAsync(async: true).ConfigureAwait(false);
        }
    }

    /// <summary>Reads every row into a list.</summary>
    public async Task<List<T>> ToListAsync<T>(CancellationToken cancellationToken = default) =>
        (List<T>)(await ExecuteQueryAsync<T>(cancellationToken).ConfigureAwait(false)).Rows;

    /// <summary>Reads every row, with the query id, columns, final statistics and warnings.</summary>
    public async Task<PrestoQueryResult<T>> ExecuteQueryAsync<T>(CancellationToken cancellationToken = default)
    {
        var reader = await ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = new List<T>();
            var map = RowMapper<T>.For(reader);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }

            var columns = new List<PrestoDbColumn>();
            foreach (var column in reader.GetColumnSchema())
            {
                columns.Add((PrestoDbColumn)column);
            }

            return new PrestoQueryResult<T>(rows, reader.QueryId, columns, reader.Stats, reader.Warnings, reader.UpdateType, reader.UpdateCount);
        }
        finally
        {
            await reader.CloseAsync(async: true).ConfigureAwait(false);
        }
    }

    /// <summary>The first row as <typeparamref name="T"/>, or the default when there is none; the rest of the query is cancelled.</summary>
    public async Task<T?> FirstOrDefaultAsync<T>(CancellationToken cancellationToken = default)
    {
        var reader = await ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? RowMapper<T>.For(reader)(reader) : default;
        }
        finally
        {
            await reader.CloseAsync(async: true).ConfigureAwait(false);
        }
    }

    /// <summary>The first column of the first row as <typeparamref name="T"/>; the default when there is no row or it is NULL.</summary>
    public async Task<T?> ScalarAsync<T>(CancellationToken cancellationToken = default)
    {
        var reader = await ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.FieldCount == 0 || reader.IsDBNull(0))
            {
                return default;
            }

            try
            {
                return ValueMapper.IsNative(typeof(T)) ? reader.GetFieldValue<T>(0) : (T)ValueMapper.Convert(reader.GetValue(0), typeof(T), reader.GetName(0))!;
            }
            catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException)
            {
                throw new PrestoMappingException(
                    $"Column '{reader.GetName(0)}' ({reader.GetDataTypeName(0)}) cannot be converted to {ValueMapper.Display(typeof(T))}: {ex.Message}", reader.GetName(0), null, ex);
            }
        }
        finally
        {
            await reader.CloseAsync(async: true).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the statement to its end; returns the update count of DML, or -1 when the server reports none.</summary>
    public async Task<long> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        var reader = await ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                }
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));

            return reader.TotalUpdateCount ?? -1;
        }
        finally
        {
            await reader.CloseAsync(async: true).ConfigureAwait(false);
        }
    }

    /// <summary>The raw row API: a data reader whose disposal closes the connection it runs on.</summary>
    public async Task<PrestoDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default)
    {
        var connection = _client.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (_catalog is not null)
            {
                connection.Session.Catalog = _catalog;
            }

            if (_schema is not null)
            {
                connection.Session.Schema = _schema;
            }

            var command = new PrestoCommand(_sql, connection)
            {
                RoutingGroup = _routingGroup,
                ReadAheadBytes = _readAheadBytes,
                SpoolingEncodings = _spoolingEncodings,
                ClientTags = _clientTags,
            };
            if (_timeout is { } timeout)
            {
                command.CommandTimeout = (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalSeconds));
            }

            foreach (var pair in _session)
            {
                command.SessionProperties[pair.Key] = pair.Value;
            }

            foreach (var parameter in _parameters)
            {
                command.Parameters.Add(parameter.Clone());
            }

            if (_progress is { } progress)
            {
                command.OnResponse = response => progress.Report(new PrestoQueryProgress(response.QueryId, response.Status));
            }

            return await command.ExecuteReaderAsync(CommandBehavior.CloseConnection, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            connection.Close();
            throw;
        }
    }
}
