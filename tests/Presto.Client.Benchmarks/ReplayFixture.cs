using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Presto.Benchmarks;

/// <summary>
/// A recorded query served by a <see cref="ReplayServer"/>, with the raw floor (HttpClient + <see cref="Utf8JsonReader"/>
/// tokenising the same pages) and our reader over it: what every throughput benchmark compares.
/// </summary>
internal sealed class ReplayFixture : IAsyncDisposable
{
    private readonly ReplayServer _replay;
    private readonly HttpClient _http;
    private readonly byte[] _sql;

    private ReplayFixture(ReplayServer replay, string sql, string? encoding)
    {
        _replay = replay;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = encoding is null ? DecompressionMethods.None : DecompressionMethods.All,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        })
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
        StatementUri = new Uri(replay.BaseAddress, "/v1/statement");
        _sql = Encoding.UTF8.GetBytes(sql);
        SqlBytes = _sql;
        Sql = sql;
        ConnectionString = string.Create(CultureInfo.InvariantCulture, $"Server={replay.BaseAddress.GetLeftPart(UriPartial.Authority)};User=bench;Dialect=Trino");
    }

    public string Sql { get; }

    public byte[] SqlBytes { get; }

    /// <summary><c>/v1/statement</c> on the replay.</summary>
    public Uri StatementUri { get; }

    /// <summary>Our connection string for the replay (<c>Dialect=Trino</c>, so no probe).</summary>
    public string ConnectionString { get; }

    public ReplayServer Replay => _replay;

    /// <summary>Records <paramref name="result"/> from an embedded server and starts replaying it (<paramref name="encoding"/>: see <see cref="ReplayServer"/>).</summary>
    public static async Task<ReplayFixture> StartAsync(string sql, Testing.ScriptedResult result, int rows, string? encoding = null)
    {
        var recording = await RecordedQuery.RecordAsync(sql, result, rows).ConfigureAwait(false);
        return new ReplayFixture(await ReplayServer.StartAsync(recording, encoding).ConfigureAwait(false), sql, encoding);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _replay.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The floor (safe to run concurrently: each call reads into a pooled buffer of its own): POST, then GET nextUri until it is absent, each body read into one reused buffer and tokenised with
    /// <see cref="Utf8JsonReader"/> (every token visited, nothing decoded except <c>nextUri</c>). Returns the rows seen.
    /// </summary>
    public async Task<long> RawFloorAsync()
    {
        var buffer = new Buffer();
        try
        {
            return await RawFloorAsync(buffer).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer.Bytes);
        }
    }

    private async Task<long> RawFloorAsync(Buffer buffer)
    {
        long rows = 0;
        string? next;
        using (var post = new HttpRequestMessage(HttpMethod.Post, StatementUri))
        {
            post.Content = new ByteArrayContent(_sql);
            post.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            post.Headers.Add("X-Trino-User", "bench");
            (next, long pageRows) = await FetchAndTokeniseAsync(post, buffer).ConfigureAwait(false);
            rows += pageRows;
        }

        while (next is not null)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, next);
            get.Headers.Add("X-Trino-User", "bench");
            (next, long pageRows) = await FetchAndTokeniseAsync(get, buffer).ConfigureAwait(false);
            rows += pageRows;
        }

        return rows;
    }

    /// <summary>A connection, a command and an open reader on the query, disposed together.</summary>
    public async Task<OpenQuery> OpenQueryAsync()
    {
        var connection = new PrestoConnection(ConnectionString);
        var command = new PrestoCommand(Sql, connection);
        try
        {
            await connection.OpenAsync().ConfigureAwait(false);
            return new OpenQuery(connection, command, await command.ExecuteReaderAsync().ConfigureAwait(false));
        }
        catch
        {
            await command.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Something derived from every value the latest <see cref="ReadTypedAsync"/> read, so no read can be optimised away.</summary>
    public double Checksum { get; private set; }

    /// <summary>Every row of the query through the typed getters (<see cref="TypedRow"/>); returns the rows.</summary>
    public async Task<long> ReadTypedAsync(bool includeVarchar)
    {
        await using var query = await OpenQueryAsync().ConfigureAwait(false);
        (long rows, Checksum) = await TypedRow.ReadAllAsync(query.Reader, includeVarchar).ConfigureAwait(false);
        return rows;
    }

    /// <summary>Every cell of the query through <see cref="System.Data.Common.DbDataReader.GetValue"/>; returns the rows.</summary>
    public async Task<long> ReadAllValuesAsync()
    {
        await using var query = await OpenQueryAsync().ConfigureAwait(false);
        var reader = query.Reader;
        long rows = 0;
        long nulls = 0;
        int fields = reader.FieldCount;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows++;
            for (int i = 0; i < fields; i++)
            {
                if (reader.GetValue(i) is DBNull)
                {
                    nulls++;
                }
            }
        }

        GC.KeepAlive(nulls);
        return rows;
    }

    /// <summary>
    /// Visits every token of a page. Rows are the arrays directly inside the top-level <c>data</c> array
    /// (reader depth 2: the root object is depth 0, its properties and their values depth 1).
    /// </summary>
    internal static (string? Next, long Rows) Tokenise(ReadOnlySpan<byte> page)
    {
        var reader = new Utf8JsonReader(page);
        string? next = null;
        long rows = 0;
        bool inData = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                    inData = reader.ValueTextEquals("data"u8);
                    if (!inData && reader.ValueTextEquals("nextUri"u8))
                    {
                        reader.Read();
                        next = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }

                    break;
                case JsonTokenType.StartArray when inData && reader.CurrentDepth == 2:
                    rows++;
                    break;
            }
        }

        return (next, rows);
    }

    private async Task<(string? Next, long Rows)> FetchAndTokeniseAsync(HttpRequestMessage request, Buffer buffer)
    {
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength is long expected && expected > buffer.Bytes.Length)
        {
            buffer.Grow((int)expected);
        }

        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        int length = 0;
        while (true)
        {
            if (length == buffer.Bytes.Length)
            {
                buffer.Grow(length * 2, length);
            }

            int read = await stream.ReadAsync(buffer.Bytes.AsMemory(length)).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return Tokenise(buffer.Bytes.AsSpan(0, length));
    }

    /// <summary>One floor run's page buffer, rented from the shared pool and grown to the largest page.</summary>
    private sealed class Buffer
    {
        public byte[] Bytes { get; private set; } = ArrayPool<byte>.Shared.Rent(2 * 1024 * 1024);

        public void Grow(int size, int keep = 0)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(size);
            Bytes.AsSpan(0, keep).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(Bytes);
            Bytes = bigger;
        }
    }
}

/// <summary>A connection, a command and an open reader, disposed together.</summary>
internal sealed class OpenQuery(PrestoConnection connection, PrestoCommand command, PrestoDataReader reader) : IAsyncDisposable
{
    public PrestoDataReader Reader { get; } = reader;

    public async ValueTask DisposeAsync()
    {
        await Reader.DisposeAsync().ConfigureAwait(false);
        await command.DisposeAsync().ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
