using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Presto.Protocol;

namespace Presto.Benchmarks;

/// <summary>
/// Our reader against the raw floor (HttpClient + <see cref="Utf8JsonReader"/> tokenising the same pages). Both read a
/// recorded page sequence from a <see cref="ReplayServer"/>, so the server's cost is a memory copy and identical for both.
/// One operation is one whole query of <see cref="Rows"/> rows × 8 columns.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ReaderBenchmarks
{
    private RecordedQuery? _recording;
    private ReplayServer? _replay;
    private HttpClient? _http;
    private Uri _statementUri = null!;
    private string _connectionString = null!;
    private byte[] _sql = [];
    private byte[] _buffer = new byte[2 * 1024 * 1024];

    /// <summary>Rows in the result (8 columns each).</summary>
    [Params(1_000_000)]
    public int Rows { get; set; } = 1_000_000;

    /// <summary>
    /// Whether the typed getters work on this build. Until the type decoders land every column decodes as its wire
    /// text (a string) and the typed getters throw; the reader benchmarks then read every cell with GetString instead.
    /// </summary>
    public bool TypedGettersAvailable { get; private set; }

    /// <summary>Bytes of JSON the replay serves per query (all pages).</summary>
    public long BytesPerQuery => _replay?.TotalBytes ?? 0;

    /// <summary>Pages per query, the POST response included.</summary>
    public int PagesPerQuery => _replay?.PageCount ?? 0;

    /// <summary>Something derived from every value read, so no read can be optimised away.</summary>
    public double Checksum { get; private set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _recording = await RecordedQuery.RecordAsync(BenchmarkResult.Sql, Rows).ConfigureAwait(false);
        _replay = await ReplayServer.StartAsync(_recording).ConfigureAwait(false);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        })
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
        _statementUri = new Uri(_replay.BaseAddress, "/v1/statement");
        _sql = Encoding.UTF8.GetBytes(BenchmarkResult.Sql);
        _connectionString = string.Create(CultureInfo.InvariantCulture, $"Server={_replay.BaseAddress.GetLeftPart(UriPartial.Authority)};User=bench;Dialect=Trino");
        TypedGettersAvailable = await ProbeTypedGettersAsync().ConfigureAwait(false);
        if (!TypedGettersAvailable)
        {
            Console.WriteLine("// NOTE: typed getters are not available on this build (stub decoders); the PrestoDataReader benchmarks read every cell with GetString.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _http?.Dispose();
        if (_replay is not null)
        {
            await _replay.DisposeAsync().ConfigureAwait(false);
        }

        _replay = null;
        _recording = null;
    }

    /// <summary>
    /// The floor: POST, then GET nextUri until it is absent, each body read into one reused buffer and tokenised with
    /// <see cref="Utf8JsonReader"/> (every token visited, nothing decoded except <c>nextUri</c>). Returns the rows seen.
    /// </summary>
    [Benchmark(Baseline = true)]
    public async Task<long> RawFloor()
    {
        long rows = 0;
        string? next;
        using (var post = new HttpRequestMessage(HttpMethod.Post, _statementUri))
        {
            post.Content = new ByteArrayContent(_sql);
            post.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            post.Headers.Add("X-Trino-User", "bench");
            (next, long pageRows) = await FetchAndTokeniseAsync(post).ConfigureAwait(false);
            rows += pageRows;
        }

        while (next is not null)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, next);
            get.Headers.Add("X-Trino-User", "bench");
            (next, long pageRows) = await FetchAndTokeniseAsync(get).ConfigureAwait(false);
            rows += pageRows;
        }

        return rows;
    }

    /// <summary>Every cell through its typed getter (the way an application or Dapper reads a known schema).</summary>
    [Benchmark]
    public async Task<long> PrestoDataReader_TypedGetters()
    {
        await using var query = await OpenQueryAsync().ConfigureAwait(false);
        var reader = query.Reader;
        return TypedGettersAvailable
            ? await ReadTypedAsync(reader, includeVarchar: true).ConfigureAwait(false)
            : await ReadAsStringsAsync(reader, includeVarchar: true).ConfigureAwait(false);
    }

    /// <summary>The seven non-string columns through their typed getters: what remains is per-page cost, not per-cell.</summary>
    /// <summary>Layer breakdown: our transport fetching every page into one buffer, no JSON at all.</summary>
    [Benchmark]
    public Task<long> Layer_TransportOnly() => RunLayersAsync(parse: false);

    /// <summary>Layer breakdown: transport plus the page parser decoding every cell into typed storage, no reader.</summary>
    [Benchmark]
    public Task<long> Layer_TransportAndDecode() => RunLayersAsync(parse: true);

    [Benchmark]
    public async Task<long> PrestoDataReader_NonStringColumns()
    {
        await using var query = await OpenQueryAsync().ConfigureAwait(false);
        var reader = query.Reader;
        return TypedGettersAvailable
            ? await ReadTypedAsync(reader, includeVarchar: false).ConfigureAwait(false)
            : await ReadAsStringsAsync(reader, includeVarchar: false).ConfigureAwait(false);
    }

    /// <summary>Layer breakdown: the reader moving from row to row without reading any cell (transport, decode and ReadAsync).</summary>
    [Benchmark]
    public async Task<long> Layer_ReaderRowsOnly()
    {
        await using var query = await OpenQueryAsync().ConfigureAwait(false);
        var reader = query.Reader;
        long rows = 0;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows++;
        }

        return rows;
    }

    /// <summary>Every cell through <see cref="System.Data.Common.DbDataReader.GetValue"/> (boxing; for reference).</summary>
    [Benchmark]
    public async Task<long> PrestoDataReader_GetValue()
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

        Checksum = nulls;
        return rows;
    }

    /// <summary>A connection, a command and an open reader on the benchmark query, disposed together.</summary>
    private async Task<OpenQuery> OpenQueryAsync()
    {
        var connection = new PrestoConnection(_connectionString);
        var command = new PrestoCommand(BenchmarkResult.Sql, connection);
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

    private async Task<long> ReadTypedAsync(PrestoDataReader reader, bool includeVarchar)
    {
        long rows = 0;
        var row = default(TypedRow);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows++;
            row.Add(reader, includeVarchar);
        }

        Checksum = row.Checksum;
        return rows;
    }

    private async Task<long> ReadAsStringsAsync(PrestoDataReader reader, bool includeVarchar)
    {
        long rows = 0;
        long chars = 0;
        int fields = reader.FieldCount;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows++;
            for (int i = 0; i < fields; i++)
            {
                if (includeVarchar || i != BenchmarkResult.VarcharOrdinal)
                {
                    chars += reader.GetString(i).Length;
                }
            }
        }

        Checksum = chars;
        return rows;
    }

    private async Task<bool> ProbeTypedGettersAsync()
    {
        await using var query = await OpenQueryAsync().ConfigureAwait(false);
        var reader = query.Reader;
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            throw new InvalidOperationException("The benchmark query returned no rows.");
        }

        try
        {
            _ = reader.GetInt64(0);
            _ = reader.GetInt32(1);
            _ = reader.GetDouble(2);
            _ = reader.GetString(3);
            _ = reader.GetBoolean(4);
            _ = reader.GetDecimal(5);
            _ = reader.GetFieldValue<DateOnly>(6);
            _ = reader.GetDateTime(7);
            return true;
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or NotSupportedException)
        {
            return false;
        }
    }

    private async Task<(string? Next, long Rows)> FetchAndTokeniseAsync(HttpRequestMessage request)
    {
        using var response = await _http!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength is long expected && expected > _buffer.Length)
        {
            _buffer = new byte[expected];
        }

        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        int length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            int read = await stream.ReadAsync(_buffer.AsMemory(length)).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return Tokenise(_buffer.AsSpan(0, length));
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

    private async Task<long> RunLayersAsync(bool parse)
    {
        var settings = new PrestoConnectionStringBuilder(_connectionString).ToSettings();
        var transport = new ProtocolTransport(settings, ProtocolDialect.Trino, HttpClientCache.Shared, NullLogger.Instance);
        var body = new PageBuffer();
        var response = new QueryResponse();
        var session = new ClientSession(settings);
        long rows = 0;
        Uri? next = _statementUri;
        var first = true;
        while (next is not null)
        {
            var request = first
                ? new ProtocolRequest(HttpMethod.Post, next)
                {
                    Body = _sql,
                    ConfigureHeaders = m => RequestHeaders.AddSubmissionHeaders(m, ProtocolDialect.Trino, settings, session, null),
                }
                : new ProtocolRequest(HttpMethod.Get, next);
            first = false;
            await transport.SendAsync(request, body, async: true, CancellationToken.None).ConfigureAwait(false);
            if (parse)
            {
                QueryResultsParser.Parse(body, response, ProtocolDialect.Trino);
                rows += response.RowCount;
                next = response.NextUri;
            }
            else
            {
                // Tokenise like the floor does, so the only difference to RawFloor is our transport.
                var reader = new Utf8JsonReader(body.Span);
                string? text = null;
                while (reader.Read())
                {
                    if (reader.TokenType == JsonTokenType.StartArray && reader.CurrentDepth == 2)
                    {
                        rows++;
                    }
                    else if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("nextUri"u8))
                    {
                        reader.Read();
                        text = reader.GetString();
                    }
                }

                next = text is null ? null : new Uri(text);
            }
        }

        return rows;
    }

    private sealed class OpenQuery(PrestoConnection connection, PrestoCommand command, PrestoDataReader reader) : IAsyncDisposable
    {
        public PrestoDataReader Reader { get; } = reader;

        public async ValueTask DisposeAsync()
        {
            await Reader.DisposeAsync().ConfigureAwait(false);
            await command.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
