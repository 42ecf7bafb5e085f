using System.Text;
using Presto.Spooling;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Spooling;

/// <summary>
/// The Trino spooling protocol against the embedded server's spooling mode: the same rows as the direct protocol for every
/// type, encoding and segment placement; negotiation; segment headers and credentials; acknowledgements; retries of segment
/// downloads without duplicates; bounded downloads in flight.
/// </summary>
public sealed class SpoolingTests
{
    private const string TypesQuery = "SELECT * FROM spooling_types";

    private static readonly ResultColumn[] s_typeColumns =
    [
        new("b", "boolean"),
        new("ti", "tinyint"),
        new("si", "smallint"),
        new("i", "integer"),
        new("bi", "bigint"),
        new("r", "real"),
        new("d", "double"),
        new("dec", "decimal(38,10)"),
        new("small_dec", "decimal(10,2)"),
        new("v", "varchar"),
        new("c", "char(5)"),
        new("vb", "varbinary"),
        new("j", "json"),
        new("dt", "date"),
        new("t", "time(3)"),
        new("ttz", "time(3) with time zone"),
        new("ts", "timestamp(6)"),
        new("tstz", "timestamp(3) with time zone"),
        new("ids", "interval day to second"),
        new("iym", "interval year to month"),
        new("arr", "array(integer)"),
        new("m", "map(varchar,double)"),
        new("row", "row(a integer,b varchar)"),
        new("ip", "ipaddress"),
        new("u", "uuid"),
    ];

    private static readonly string[] s_typeRows =
    [
        """[true,-128,-32768,-2147483648,-9223372036854775808,1.0E-5,1.0E7,"12345678901234567890123456.7890123456","-1.00","héllo \u0000 wörld","ab   ","AAEC/w==","{\"a\":[1,2]}","+10000-01-01","23:59:59.999","01:02:03.456+05:30","2024-02-29 12:34:56.123456","2024-01-01 00:00:00.000 America/New_York","-106751991167 07:12:55.808","-178956970-8",[1,null,3],{"k":1.5,"z":null},[7,"x"],"2001:db8::1","0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"]""",
        """[false,127,32767,2147483647,9223372036854775807,"NaN","-Infinity","0.0000000001","0.05","","xyz  ","","null","0000-01-01","00:00:00.000","00:00:00.000+00:00","1970-01-01 00:00:00.000000","2024-06-30 23:59:59.999 UTC","0 00:00:00.000","1-2",[],{},[null,null],"10.0.0.1","00000000-0000-0000-0000-000000000000"]""",
        """[null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null]""",
    ];

    /// <summary>Every encoding the client decodes (json+zstd, json+lz4, json), in every placement.</summary>
    public static TheoryData<string, SegmentPlacement> EncodingsAndPlacements()
    {
        var data = new TheoryData<string, SegmentPlacement>();
        foreach (var encoding in SegmentCodecs.Supported)
        {
            data.Add(encoding, SegmentPlacement.Spooled);
            data.Add(encoding, SegmentPlacement.Inline);
            data.Add(encoding, SegmentPlacement.Alternate);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EncodingsAndPlacements))]
    public async Task Every_type_reads_the_same_as_with_the_direct_protocol(string encoding, SegmentPlacement placement)
    {
        await using var server = await StartAsync(o =>
        {
            o.Placement = placement;
            o.RowsPerSegment = 2;
            o.SegmentsPerResponse = 2;
            o.CompressionThresholdBytes = 0;
        });
        server.Script(TypesQuery, ScriptedResult.FromRawRows(s_typeColumns, Repeat(s_typeRows, 7)));

        var direct = await ReadAllAsync(TestServers.ConnectionString(server), TypesQuery);
        server.ClearRequests();
        var spooled = await ReadAllAsync(TestServers.ConnectionString(server, "SpoolingEncodings=" + encoding), TypesQuery);

        Assert.Equal(21, direct.Count);
        AssertSameRows(direct, spooled);
        var submission = Assert.Single(server.Submissions);
        Assert.Equal(encoding, submission.Header("X-Trino-Query-Data-Encoding"));
        var downloads = Downloads(server);
        if (placement == SegmentPlacement.Inline)
        {
            Assert.Empty(downloads);
        }
        else
        {
            // 21 rows in segments of 2: 11 segments; alternating placement spools every second one.
            Assert.Equal(placement == SegmentPlacement.Alternate ? 5 : 11, downloads.Count);
        }
    }

    [Fact]
    public async Task A_tpch_table_reads_the_same_through_the_fluent_client_spooled_and_direct()
    {
        await using var server = await StartAsync(o => o.RowsPerSegment = 1_000);
        const string sql = "SELECT * FROM tpch.tiny.orders ORDER BY orderkey";
        using var client = new PrestoClient(TestServers.ConnectionString(server));

        var direct = await ToListAsync(client.Query(sql).StreamRowsAsync());
        var spooled = await ToListAsync(client.Query(sql).WithSpooling().StreamRowsAsync());

        Assert.Equal(15_000, direct.Count);
        AssertSameRows(direct, spooled);
        Assert.Equal(15, Downloads(server).Count);
        var offered = server.Submissions[^1].Header("X-Trino-Query-Data-Encoding");
        Assert.Equal(string.Join(",", SegmentCodecs.Supported), offered);
        Assert.Equal(["json+zstd", "json+lz4", "json"], SegmentCodecs.Supported);
    }

    [Fact]
    public async Task The_synchronous_reader_reads_spooled_rows()
    {
        await using var server = await StartAsync(o => o.RowsPerSegment = 3);
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], 100, i => [i]));
        using var connection = new PrestoConnection(TestServers.ConnectionString(server, "SpoolingEncodings=auto"));
        connection.Open();
        using var command = new PrestoCommand("q", connection);
        using var reader = command.ExecuteReader();
        var expected = 0L;
        while (reader.Read())
        {
            Assert.Equal(expected++, reader.GetInt64(0));
        }

        Assert.Equal(100, expected);
        Assert.Equal(34, Downloads(server).Count);
    }

    [Fact]
    public async Task The_server_falls_back_to_the_direct_protocol_when_it_enables_none_of_the_offered_encodings()
    {
        await using var server = await StartAsync(o => o.Encodings = ["json+zstd"]);
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], 10, i => [i]));

        var rows = await ReadAllAsync(TestServers.ConnectionString(server, "SpoolingEncodings=json+lz4,json"), "q");

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (object?)(long)i), rows.Select(r => r[0]));
        Assert.Empty(Downloads(server));
    }

    [Fact]
    public async Task The_server_picks_the_first_offered_encoding_it_enables_and_a_command_can_override_the_connection()
    {
        await using var server = await StartAsync(o => o.CompressionThresholdBytes = 0);
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], 10, i => [i]));
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "SpoolingEncodings=json,json+lz4"));
        await connection.OpenAsync();

        await using (var command = new PrestoCommand("q", connection))
        {
            Assert.Equal(10, await CountAsync(command));
        }

        await using (var command = new PrestoCommand("q", connection) { SpoolingEncodings = "json+lz4" })
        {
            Assert.Equal(10, await CountAsync(command));
        }

        await using (var command = new PrestoCommand("q", connection) { SpoolingEncodings = string.Empty })
        {
            Assert.Equal(10, await CountAsync(command));
        }

        var offered = server.Submissions.Select(r => r.Header("X-Trino-Query-Data-Encoding")).ToArray();
        Assert.Equal(new[] { "json,json+lz4", "json+lz4", null }, offered);
        var answered = server.Requests.Where(r => r.Method == "POST").Select(r => r.StatusCode).ToArray();
        Assert.All(answered, status => Assert.Equal(200, status));
    }

    [Fact]
    public async Task A_presto_connection_never_offers_spooling()
    {
        await using var server = await TestServers.StartAsync(ServerDialect.Presto);
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], 5, i => [i]));

        var rows = await ReadAllAsync(TestServers.ConnectionString(server, "SpoolingEncodings=auto"), "q");

        Assert.Equal(5, rows.Count);
        Assert.Null(Assert.Single(server.Submissions).Header("X-Trino-Query-Data-Encoding"));
    }

    [Fact]
    public void Encodings_the_client_cannot_decode_are_rejected_when_configured()
    {
        var keyword = Assert.Throws<ArgumentException>(() => new PrestoConnection("Server=http://127.0.0.1:1;SpoolingEncodings=json+snappy").Open());
        Assert.Contains("json+snappy", keyword.Message);
        Assert.Contains("json+lz4", keyword.Message);
        Assert.Throws<ArgumentException>(() => new PrestoCommand { SpoolingEncodings = "arrow" });
        Assert.Throws<ArgumentException>(() => new PrestoClient("Server=http://127.0.0.1:1").Query("q").WithSpooling("json+brotli"));
        var downloads = Assert.Throws<ArgumentException>(() => new PrestoConnection("Server=http://127.0.0.1:1;SpoolingMaxDownloads=0").Open());
        Assert.Contains("SpoolingMaxDownloads", downloads.Message);
    }

    [Fact]
    public async Task Segment_requests_carry_exactly_the_segment_headers_and_no_credentials_even_through_a_redirect()
    {
        await using var server = await StartAsync(o =>
        {
            o.RowsPerSegment = 4;
            o.RedirectDownloads = true;
            o.SegmentHeaders["x-amz-server-side-encryption-customer-key"] = "c2VjcmV0LWtleQ==";
            o.SegmentHeaders["X-Segment-Tag"] = "t1";
        }, requireToken: true);
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], 20, i => [i]));
        var token = server.IssueAccessToken();
        var connectionString = TestServers.ConnectionString(server, $"AccessToken={token};AllowInsecureCredentials=true;ExtraCredentials=secret=hunter2;SessionProperties=query_max_run_time=1h;SpoolingEncodings=json");

        var rows = await ReadAllAsync(connectionString, "q");

        Assert.Equal(20, rows.Count);
        var segmentRequests = server.Requests.Where(r => r.PathAndQuery.StartsWith("/v1/spooled/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(15, segmentRequests.Length); // 5 downloads, 5 redirected storage reads, 5 acknowledgements
        Assert.All(segmentRequests, r =>
        {
            Assert.Equal(200 + (r.PathAndQuery.Contains("/download/", StringComparison.Ordinal) ? 103 : 0), r.StatusCode);
            Assert.Null(r.Header("Authorization"));
            Assert.Null(r.Header("Cookie"));
            Assert.DoesNotContain(r.Headers.Keys, name => name.StartsWith("X-Trino-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("X-Presto-", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(["c2VjcmV0LWtleQ=="], r.Headers["x-amz-server-side-encryption-customer-key"]);
            Assert.Equal(["t1"], r.Headers["X-Segment-Tag"]);
        });
        Assert.All(server.Requests.Where(r => r.PathAndQuery.StartsWith("/v1/statement", StringComparison.Ordinal)), r => Assert.Equal("Bearer " + token, r.Header("Authorization")));
    }

    [Fact]
    public async Task The_default_headers_of_an_application_http_client_never_reach_segment_uris()
    {
        await using var server = await StartAsync(o => o.RowsPerSegment = 5);
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], 20, i => [i]));
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer app-secret");
        http.DefaultRequestHeaders.TryAddWithoutValidation("X-App-Key", "app-key");
        await using var dataSource = new PrestoDataSourceBuilder(TestServers.ConnectionString(server, "SpoolingEncodings=json")).UseHttpClient(http).Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new PrestoCommand("q", connection);

        Assert.Equal(20, await CountAsync(command));

        Assert.Equal("Bearer app-secret", server.Submissions[^1].Header("Authorization"));
        var segmentRequests = server.Requests.Where(r => r.PathAndQuery.StartsWith("/v1/spooled/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(8, segmentRequests.Length);
        Assert.All(segmentRequests, r =>
        {
            Assert.Null(r.Header("Authorization"));
            Assert.Null(r.Header("X-App-Key"));
        });
    }

    [Fact]
    public async Task Every_spooled_segment_is_acknowledged_after_its_download()
    {
        await using var server = await StartAsync(o => o.RowsPerSegment = 10);
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], 95, i => [i]));

        var rows = await ReadAllAsync(TestServers.ConnectionString(server, "SpoolingEncodings=json+lz4"), "q");

        Assert.Equal(95, rows.Count);
        var requests = server.Requests;
        var downloads = Downloads(server);
        Assert.Equal(10, downloads.Count);
        foreach (var download in downloads)
        {
            var id = download.PathAndQuery[(download.PathAndQuery.LastIndexOf('/') + 1)..];
            var ack = Assert.Single(requests, r => r.PathAndQuery == "/v1/spooled/ack/" + id);
            Assert.Equal(200, ack.StatusCode);
            Assert.True(IndexOf(requests, ack) > IndexOf(requests, download));
        }
    }

    public static TheoryData<HttpFaultKind, int> SegmentFaults() => new()
    {
        { HttpFaultKind.Status, 503 },
        { HttpFaultKind.Status, 502 },
        { HttpFaultKind.Status, 429 },
        { HttpFaultKind.ResetConnection, 0 },
        { HttpFaultKind.AbortMidBody, 0 },
        { HttpFaultKind.TruncatedBody, 0 },
    };

    [Theory]
    [MemberData(nameof(SegmentFaults))]
    public async Task Failed_segment_downloads_are_retried_without_duplicate_or_missing_rows(HttpFaultKind kind, int status)
    {
        await using var server = await StartAsync(o =>
        {
            o.RowsPerSegment = 50;
            o.CompressionThresholdBytes = 0;
        });
        server.Script("q", ScriptedResult.Generated([new("n", "bigint"), new("s", "varchar")], 1_000, i => [i, "row " + i]));
        server.Faults.Http(new HttpFault { On = RequestKind.SegmentDownload, Kind = kind, StatusCode = status == 0 ? 503 : status, Times = 2 });
        server.Faults.Http(new HttpFault { On = RequestKind.SegmentDownload, Kind = kind, StatusCode = status == 0 ? 503 : status, Times = 3, Probability = 0.2 });

        var rows = await ReadAllAsync(TestServers.ConnectionString(server, "SpoolingEncodings=json+lz4;MaxQueryAttempts=1"), "q");

        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => (object?)(long)i), rows.Select(r => r[0]));
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => (object?)("row " + i)), rows.Select(r => r[1]));
        Assert.Equal(0, server.Faults.Pending);
        var downloads = Downloads(server);
        Assert.Equal(20, downloads.Select(r => r.PathAndQuery).Distinct().Count());
        Assert.Equal(25, downloads.Count);
        Assert.Single(server.Submissions);
    }

    [Fact]
    public async Task A_segment_that_keeps_failing_ends_the_read_with_an_error_naming_the_segment_and_the_status()
    {
        await using var server = await StartAsync(o => o.RowsPerSegment = 10);
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], 30, i => [i]));
        server.Faults.Http(new HttpFault { On = RequestKind.SegmentDownload, StatusCode = 503, Times = -1 });

        var error = await Assert.ThrowsAsync<PrestoException>(() => ReadAllAsync(TestServers.ConnectionString(server, "SpoolingEncodings=json;MaxQueryAttempts=1"), "q"));

        Assert.Contains("segment 1 (rows 1–10)", error.Message);
        Assert.Contains("5 attempts", error.Message);
        Assert.Contains("HTTP 503", error.Message);
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery.StartsWith("/v1/spooled/ack/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_segment_that_is_gone_is_a_protocol_error_and_is_not_retried()
    {
        await using var server = await StartAsync(o => o.RowsPerSegment = 10);
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], 30, i => [i]));
        server.Faults.Http(new HttpFault { On = RequestKind.SegmentDownload, StatusCode = 404, Times = 1, PathMatch = p => true });

        var error = await Assert.ThrowsAsync<PrestoProtocolException>(() => ReadAllAsync(TestServers.ConnectionString(server, "SpoolingEncodings=json;MaxQueryAttempts=1;SpoolingMaxDownloads=1"), "q"));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("expired or was already acknowledged", error.Message);
        Assert.Single(Downloads(server));
    }

    [Theory]
    [InlineData(100, 300, 3)]
    [InlineData(10_000, 100, 4)]
    public async Task Downloads_in_flight_stay_within_the_limit_while_the_reader_lags(int rowsPerSegment, int segments, int maxDownloads)
    {
        await using var server = await StartAsync(o =>
        {
            o.RowsPerSegment = rowsPerSegment;
            o.SegmentsPerResponse = 5;
        });
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], rowsPerSegment * segments, i => [i]));
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, $"SpoolingEncodings=json+lz4;SpoolingMaxDownloads={maxDownloads}"));
        await connection.OpenAsync();
        await using var command = new PrestoCommand("q", connection);
        await using var reader = await command.ExecuteReaderAsync();
        long row = 0;
        var most = 0;
        while (await reader.ReadAsync())
        {
            Assert.Equal(row, reader.GetInt64(0));
            if (row % rowsPerSegment == 0)
            {
                // Reading the first row of segment k: k + 1 segments were taken, at most maxDownloads more may be under way.
                var taken = (int)(row / rowsPerSegment) + 1;
                var started = Downloads(server).Count;
                Assert.InRange(started, taken, taken + maxDownloads);
                most = Math.Max(most, started - taken);
            }

            row++;
        }

        Assert.Equal(rowsPerSegment * segments, row);
        Assert.Equal(segments, Downloads(server).Count);
        Assert.Equal(segments, server.Requests.Count(r => r.PathAndQuery.StartsWith("/v1/spooled/ack/", StringComparison.Ordinal)));
        Assert.InRange(most, 0, maxDownloads);
    }

    [Fact]
    public async Task Highly_repetitive_rows_compress_into_long_overlapping_lz4_matches_and_decode_exactly()
    {
        await using var server = await StartAsync(o =>
        {
            o.RowsPerSegment = 500;
            o.CompressionThresholdBytes = 0;
        });
        var columns = new ResultColumn[] { new("s", "varchar"), new("n", "bigint") };
        server.Script("q", ScriptedResult.Generated(columns, 2_000, i => [new string((char)('a' + (i / 100 % 26)), (int)(i % 700)), i / 3]));

        var direct = await ReadAllAsync(TestServers.ConnectionString(server), "q");
        var spooled = await ReadAllAsync(TestServers.ConnectionString(server, "SpoolingEncodings=json+lz4"), "q");

        Assert.Equal(2_000, direct.Count);
        AssertSameRows(direct, spooled);
        Assert.Equal(4, Downloads(server).Count);
    }

    [Fact]
    public async Task Heartbeats_keep_the_query_alive_while_a_segment_downloads_slowly()
    {
        await using var server = await StartAsync(o =>
        {
            o.RowsPerSegment = 10;
            o.SegmentsPerResponse = 1;
        });
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], 30, i => [i]));
        server.Faults.Http(new HttpFault { On = RequestKind.SegmentDownload, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromSeconds(1.5), Times = 1 });

        var rows = await ReadAllAsync(TestServers.ConnectionString(server, "SpoolingEncodings=json;SpoolingMaxDownloads=1;HeartbeatInterval=0.1"), "q");

        Assert.Equal(30, rows.Count);
        Assert.Contains(server.Requests, r => r.Method == "HEAD" && r.PathAndQuery.StartsWith("/v1/statement/executing/", StringComparison.Ordinal) && r.StatusCode == 200);
    }

    [Fact]
    public async Task Cancelling_while_a_segment_downloads_stops_the_read_and_cancels_the_query()
    {
        await using var server = await StartAsync(o => o.RowsPerSegment = 10);
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], 100, i => [i]));
        server.Faults.Http(new HttpFault { On = RequestKind.SegmentDownload, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromMinutes(5), Times = -1 });
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "SpoolingEncodings=json"));
        await connection.OpenAsync();
        await using var command = new PrestoCommand("q", connection);
        await using var reader = await command.ExecuteReaderAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.ReadAsync(cancel.Token));

        // The DELETE goes out without the reader waiting for it.
        for (var i = 0; i < 200 && !server.Requests.Any(r => r.Method == "DELETE"); i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains(server.Requests, r => r.Method == "DELETE" && r.PathAndQuery.StartsWith("/v1/statement/executing/", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery.StartsWith("/v1/spooled/ack/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Closing_the_reader_early_cancels_the_query_and_leaves_no_failure()
    {
        await using var server = await StartAsync(o => o.RowsPerSegment = 10);
        server.Script("q", ScriptedResult.Generated([new("n", "bigint")], 10_000, i => [i]));
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server, "SpoolingEncodings=json"));
        await connection.OpenAsync();
        await using (var command = new PrestoCommand("q", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(0L, reader.GetInt64(0));
        }

        Assert.Contains(server.Requests, r => r.Method == "DELETE");
        Assert.Equal(1, Convert.ToInt32(await new PrestoCommand("SELECT 1", connection).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<PrestoTestServer> StartAsync(Action<SpoolingOptions> configure, bool requireToken = false)
    {
        var spooling = new SpoolingOptions();
        configure(spooling);
        return await TestServers.StartAsync(ServerDialect.Trino, o =>
        {
            o.Spooling = spooling;
            o.RequireBearerToken = requireToken;
        });
    }

    private static List<RecordedRequest> Downloads(PrestoTestServer server) =>
        server.Requests.Where(r => r.PathAndQuery.StartsWith("/v1/spooled/download/", StringComparison.Ordinal)).ToList();

    private static int IndexOf(IReadOnlyList<RecordedRequest> requests, RecordedRequest request)
    {
        for (var i = 0; i < requests.Count; i++)
        {
            if (ReferenceEquals(requests[i], request))
            {
                return i;
            }
        }

        return -1;
    }

    private static IEnumerable<string> Repeat(string[] rows, int times)
    {
        for (var i = 0; i < times; i++)
        {
            foreach (var row in rows)
            {
                yield return row;
            }
        }
    }

    private static async Task<List<object?[]>> ReadAllAsync(string connectionString, string sql)
    {
        await using var connection = new PrestoConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new PrestoCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static async Task<long> CountAsync(PrestoCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        long count = 0;
        while (await reader.ReadAsync())
        {
            count++;
        }

        return count;
    }

    private static async Task<List<object?[]>> ToListAsync(IAsyncEnumerable<object?[]> rows)
    {
        var list = new List<object?[]>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }

        return list;
    }

    private static void AssertSameRows(List<object?[]> expected, List<object?[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.Equal(expected[r].Length, actual[r].Length);
            for (var c = 0; c < expected[r].Length; c++)
            {
                Assert.True(Equivalent(expected[r][c], actual[r][c]), $"row {r + 1}, column {c + 1}: {Describe(expected[r][c])} != {Describe(actual[r][c])}");
            }
        }
    }

    private static bool Equivalent(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (double x, double y) => x.Equals(y),
        (float x, float y) => x.Equals(y),
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (string x, string y) => x == y,
        (System.Collections.IDictionary x, System.Collections.IDictionary y) => Describe(x) == Describe(y),
        (System.Collections.IEnumerable x, System.Collections.IEnumerable y) => Describe(x) == Describe(y),
        _ => Equals(a, b) && a!.GetType() == b!.GetType(),
    };

    private static string Describe(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case string s:
                return "\"" + s + "\"";
            case byte[] bytes:
                return Convert.ToBase64String(bytes);
            case System.Collections.IDictionary map:
                var sb = new StringBuilder("{");
                foreach (System.Collections.DictionaryEntry entry in map)
                {
                    sb.Append(Describe(entry.Key)).Append(':').Append(Describe(entry.Value)).Append(',');
                }

                return sb.Append('}').ToString();
            case System.Collections.IEnumerable items:
                var list = new StringBuilder("[");
                foreach (var item in items)
                {
                    list.Append(Describe(item)).Append(',');
                }

                return list.Append(']').ToString();
            default:
                return value.GetType().Name + ":" + value;
        }
    }
}
