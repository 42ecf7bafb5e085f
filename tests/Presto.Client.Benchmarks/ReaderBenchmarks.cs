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
public class ReaderBenchmarks : ReplayBenchmarks
{

    /// <summary>Rows in the result (8 columns each).</summary>
    [Params(1_000_000)]
    public int Rows { get; set; } = 1_000_000;

    /// <summary>Bytes of JSON the replay serves per query (all pages).</summary>
    public long BytesPerQuery => Fixture.Replay.TotalBytes;

    /// <summary>Pages per query, the POST response included.</summary>
    public int PagesPerQuery => Fixture.Replay.PageCount;

    /// <summary>Something derived from every value read, so no read can be optimised away.</summary>
    public double Checksum { get; private set; }

    internal override Task<ReplayFixture> StartAsync() => ReplayFixture.StartAsync(BenchmarkResult.Sql, BenchmarkResult.Create(Rows), Rows);

    /// <summary>Every cell through its typed getter (the way an application or Dapper reads a known schema).</summary>
    [Benchmark]
    public Task<long> PrestoDataReader_TypedGetters() => Fixture.ReadTypedAsync(includeVarchar: true);

    /// <summary>Layer breakdown: our transport fetching every page into one buffer, then the floor's tokenising.</summary>
    [Benchmark]
    public Task<long> Layer_TransportOnly() => RunLayersAsync(parse: false);

    /// <summary>Layer breakdown: transport plus the page parser decoding every cell into typed storage, no reader.</summary>
    [Benchmark]
    public Task<long> Layer_TransportAndDecode() => RunLayersAsync(parse: true);

    /// <summary>The seven non-string columns through their typed getters: what remains is per-page cost, not per-cell.</summary>
    [Benchmark]
    public Task<long> PrestoDataReader_NonStringColumns() => Fixture.ReadTypedAsync(includeVarchar: false);

    /// <summary>Layer breakdown: the reader moving from row to row without reading any cell (transport, decode and ReadAsync).</summary>
    [Benchmark]
    public async Task<long> Layer_ReaderRowsOnly()
    {
        await using var query = await Fixture.OpenQueryAsync().ConfigureAwait(false);
        var reader = query.Reader;
        long rows = 0;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows++;
        }

        return rows;
    }

    /// <summary>Every cell through <see cref="System.Data.Common.DbDataReader.GetValue"/> (boxing; target 0.6x).</summary>
    [Benchmark]
    public Task<long> PrestoDataReader_GetValue() => Fixture.ReadAllValuesAsync();

    /// <summary>The fluent client streaming every row mapped to a <see cref="BenchmarkRecord"/> by column name (target 0.5x).</summary>
    [Benchmark]
    public async Task<long> FluentClient_Record()
    {
        await using var client = new PrestoClient(Fixture.ConnectionString);
        long rows = 0;
        long sum = 0;
        await foreach (var record in client.Query(BenchmarkResult.Sql).StreamAsync<BenchmarkRecord>().ConfigureAwait(false))
        {
            rows++;
            sum += record.Id + record.Name.Length;
        }

        Checksum = sum;
        return rows;
    }

    private async Task<long> RunLayersAsync(bool parse)
    {
        var settings = new PrestoConnectionStringBuilder(Fixture.ConnectionString).ToSettings();
        var transport = new ProtocolTransport(settings, ProtocolDialect.Trino, HttpClientCache.Shared, NullLogger.Instance);
        var body = new PageBuffer();
        var response = new QueryResponse();
        var session = new ClientSession(settings);
        long rows = 0;
        Uri? next = Fixture.StatementUri;
        var first = true;
        while (next is not null)
        {
            var request = first
                ? new ProtocolRequest(HttpMethod.Post, next)
                {
                    Body = Fixture.SqlBytes,
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
}
