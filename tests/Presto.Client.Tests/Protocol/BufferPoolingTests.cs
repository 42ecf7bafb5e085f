using System.Globalization;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Protocol;

/// <summary>
/// Page bytes and column buffers come from shared pools and go back when nobody reads them any more (the statement ends,
/// a read-ahead page was passed, a spooled page was read, the reader is disposed half-way). Every query here has rows of
/// its own, so a buffer returned while still read, or handed to two queries at once, shows up as a wrong row.
/// </summary>
public sealed class BufferPoolingTests
{
    private const int Rows = 3_000;

    private static readonly ResultColumn[] s_columns =
    [
        new("n", "bigint"),
        new("tag", "varchar"),
        new("x", "double"),
        new("maybe", "integer"),
        new("list", "array(bigint)"),
    ];

    /// <summary>
    /// How a query is read: direct pages, pages held back by read-ahead, compressed spooled segments (decompressed into
    /// rented arrays), uncompressed ones (decoded from the rented download), spooled with read-ahead.
    /// </summary>
    public enum Mode
    {
        Direct,
        ReadAhead,
        Spooled,
        SpooledUncompressed,
        SpooledReadAhead,
    }

    public static TheoryData<Mode> Modes => new() { Mode.Direct, Mode.ReadAhead, Mode.Spooled, Mode.SpooledUncompressed, Mode.SpooledReadAhead };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Many_queries_on_one_data_source_read_exactly_their_own_rows(Mode mode)
    {
        await using var server = await StartAsync(queries: 12);
        await using var dataSource = PrestoDataSource.Create(ConnectionString(server, mode));

        for (var query = 0; query < 12; query++)
        {
            Assert.Equal(Rows, await ReadAndCheckAsync(dataSource, query, mode, stopAfter: null));
        }
    }

    [Fact]
    public async Task Synchronous_reads_of_spooled_and_read_ahead_pages_are_exact()
    {
        await using var server = await StartAsync(queries: 6);
        using var dataSource = PrestoDataSource.Create(ConnectionString(server, Mode.SpooledReadAhead));
        for (var query = 0; query < 6; query++)
        {
            using var connection = dataSource.OpenConnection();
            using var command = new PrestoCommand(Sql(query), connection) { ReadAheadRows = Rows };
            using var reader = command.ExecuteReader();
            long row = 0;
            while (reader.Read())
            {
                CheckRow(reader, query, row++);
            }

            Assert.Equal(Rows, row);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_reader_disposed_half_way_gives_its_pages_back_without_disturbing_later_queries(Mode mode)
    {
        await using var server = await StartAsync(queries: 10);
        await using var dataSource = PrestoDataSource.Create(ConnectionString(server, mode));

        for (var query = 0; query < 10; query += 2)
        {
            // Stops in the first page, in a middle page, or just before the end, with pages still held back or in flight.
            var stopAfter = query switch { 0 => 5, 2 => Rows / 2, 4 => Rows - 1, _ => 700 + query };
            Assert.Equal(stopAfter, await ReadAndCheckAsync(dataSource, query, mode, stopAfter));
            Assert.Equal(Rows, await ReadAndCheckAsync(dataSource, query + 1, mode, stopAfter: null));
        }
    }

    [Fact]
    public async Task Fifty_concurrent_queries_each_read_exactly_their_own_rows()
    {
        await using var server = await StartAsync(queries: 50);
        var modes = (Mode[])Enum.GetValues(typeof(Mode));
        var sources = modes.Select(mode => PrestoDataSource.Create(ConnectionString(server, mode))).ToArray();
        try
        {
            var tasks = new Task<long>[50];
            for (var query = 0; query < tasks.Length; query++)
            {
                var (source, mode, q) = (sources[query % modes.Length], modes[query % modes.Length], query);
                // Every seventh query stops early, so that pages go back to the pools while the others still read.
                int? stopAfter = query % 7 == 3 ? 400 + query : null;
                tasks[query] = Task.Run(() => ReadAndCheckAsync(source, q, mode, stopAfter));
            }

            var counts = await Task.WhenAll(tasks);
            for (var query = 0; query < counts.Length; query++)
            {
                Assert.Equal(query % 7 == 3 ? 400 + query : Rows, counts[query]);
            }
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Values_read_from_a_page_stay_intact_after_its_storage_went_back_to_the_pool(Mode mode)
    {
        await using var server = await StartAsync(queries: 8);
        await using var dataSource = PrestoDataSource.Create(ConnectionString(server, mode));
        var kept = new List<(long Row, string? Tag, object Value, long?[] List)>();

        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var command = Command(connection, 0, mode))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            long row = 0;
            while (await reader.ReadAsync())
            {
                if (row % 97 == 0)
                {
                    kept.Add((row, reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetValue(2), reader.GetFieldValue<long?[]>(4)));
                }

                row++;
            }
        }

        // Other queries now get the arrays the first one gave back and fill them with rows of their own.
        var others = await Task.WhenAll(Enumerable.Range(1, 7).Select(q => Task.Run(() => ReadAndCheckAsync(dataSource, q, mode, stopAfter: null))));
        Assert.All(others, count => Assert.Equal(Rows, count));

        Assert.Equal((Rows + 96) / 97, kept.Count);
        foreach (var (row, tag, value, list) in kept)
        {
            Assert.Equal(Tag(0, row), tag);
            Assert.Equal(X(0, row), value);
            Assert.Equal(List(0, row), list);
        }
    }

    private static async Task<PrestoTestServer> StartAsync(int queries)
    {
        // Small pages (several per query) and small segments, so that buffers are passed on and given back often.
        var server = await TestServers.StartAsync(ServerDialect.Trino, o =>
        {
            o.TargetResultSizeBytes = 24_000;
            o.Spooling = new SpoolingOptions { RowsPerSegment = 450, SegmentsPerResponse = 2, CompressionThresholdBytes = 0 };
        });
        for (var query = 0; query < queries; query++)
        {
            var q = query;
            server.Script(Sql(q), ScriptedResult.Generated(s_columns, Rows, row => [row, Tag(q, row), X(q, row), Maybe(q, row), List(q, row)]));
        }

        return server;
    }

    private static string ConnectionString(PrestoTestServer server, Mode mode) => TestServers.ConnectionString(server, mode switch
    {
        Mode.Spooled or Mode.SpooledReadAhead => "SpoolingEncodings=json+zstd",
        Mode.SpooledUncompressed => "SpoolingEncodings=json",
        _ => null,
    });

    private static PrestoCommand Command(PrestoConnection connection, int query, Mode mode) =>
        new(Sql(query), connection) { ReadAheadRows = mode is Mode.ReadAhead or Mode.SpooledReadAhead ? Rows / 3 : 0 };

    /// <summary>Reads query <paramref name="query"/> (all rows, or the first <paramref name="stopAfter"/>) checking every cell; returns the rows read.</summary>
    private static async Task<long> ReadAndCheckAsync(PrestoDataSource dataSource, int query, Mode mode, int? stopAfter)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = Command(connection, query, mode);
        await using var reader = await command.ExecuteReaderAsync();
        long row = 0;
        while ((stopAfter is null || row < stopAfter) && await reader.ReadAsync())
        {
            CheckRow(reader, query, row++);
        }

        return row;
    }

    private static void CheckRow(PrestoDataReader reader, int query, long row)
    {
        var n = reader.GetInt64(0);
        var tag = reader.IsDBNull(1) ? null : reader.GetString(1);
        var x = reader.GetDouble(2);
        int? maybe = reader.IsDBNull(3) ? null : reader.GetInt32(3);
        var list = reader.GetFieldValue<long?[]>(4);
        if (n != row || tag != Tag(query, row) || x != X(query, row) || maybe != Maybe(query, row) || !list.SequenceEqual(List(query, row)))
        {
            Assert.Fail($"query {query}, row {row}: got ({n}, {tag}, {x}, {maybe}, [{string.Join(",", list)}]), expected ({row}, {Tag(query, row)}, {X(query, row)}, {Maybe(query, row)}, [{string.Join(",", List(query, row))}])");
        }
    }

    private static string Sql(int query) => "SELECT n, tag, x, maybe, list FROM pooled_" + query.ToString(CultureInfo.InvariantCulture);

    private static string? Tag(int query, long row) => row % 11 == 5 ? null : string.Create(CultureInfo.InvariantCulture, $"q{query}-r{row}{new string('x', (int)(row % 7))}");

    private static double X(int query, long row) => (query * 1_000_003 + row) / 8.0;

    private static int? Maybe(int query, long row) => row % 3 == 0 ? null : query * 100_000 + (int)row;

    private static long?[] List(int query, long row) => row % 5 == 0 ? [] : [query, row % 4 == 1 ? null : row, -row];
}
