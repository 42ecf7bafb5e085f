using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Fluent;

/// <summary>The fluent client against the embedded server: building queries, every terminal method, mapping, progress, errors.</summary>
public sealed class FluentClientTests
{
    private const string People = "SELECT * FROM people";

    private static readonly ResultColumn[] PeopleColumns =
    [
        new("person_id", "bigint"),
        new("full_name", "varchar"),
        new("tags", "array(varchar)"),
        new("scores", "map(varchar, double)"),
        new("address", "row(city varchar, zip_code integer)"),
        new("nickname", "varchar"),
    ];

    private static readonly string[] PeopleRows =
    [
        """[1, "Ann Lee", ["admin", "ops"], {"q1": 1.5, "q2": 2.0}, ["Paris", 75001], null]""",
        """[2, "Bo Chen", [], {}, ["Oslo", 150], "bo"]""",
    ];

    public sealed record Person(long PersonId, string FullName, IReadOnlyList<string> Tags, Dictionary<string, double> Scores, Address Address, string? Nickname);

    public sealed record Address(string City, int ZipCode);

    public sealed class PersonClass
    {
        public long PersonId { get; set; }

        public string FullName { get; set; } = string.Empty;

        public string[] Tags { get; set; } = [];

        public AddressClass? Address { get; set; }
    }

    public sealed class AddressClass
    {
        public string City { get; set; } = string.Empty;

        public long ZipCode { get; set; }
    }

    [Fact]
    public async Task Rows_stream_into_records_with_nested_rows_arrays_and_maps_by_column_name()
    {
        await using var server = await StartAsync();
        await using var client = new PrestoClient(TestServers.ConnectionString(server));
        var people = new List<Person>();

        await foreach (var person in client.Query(People).StreamAsync<Person>())
        {
            people.Add(person);
        }

        Assert.Equal(2, people.Count);
        Assert.Equal(1, people[0].PersonId);
        Assert.Equal("Ann Lee", people[0].FullName);
        Assert.Equal(["admin", "ops"], people[0].Tags);
        Assert.Equal(2.0, people[0].Scores["q2"]);
        Assert.Equal(new Address("Paris", 75001), people[0].Address);
        Assert.Null(people[0].Nickname);
        Assert.Equal("bo", people[1].Nickname);
        Assert.Empty(people[1].Tags);
    }

    [Fact]
    public async Task Classes_with_settable_properties_tuples_and_scalars_map_too()
    {
        await using var server = await StartAsync();
        await using var client = new PrestoClient(TestServers.ConnectionString(server));

        var classes = await client.Query(People).ToListAsync<PersonClass>();
        Assert.Equal("Oslo", classes[1].Address!.City);
        Assert.Equal(150, classes[1].Address!.ZipCode);
        Assert.Equal(["admin", "ops"], classes[0].Tags);

        var tuples = await client.Query(People).ToListAsync<(long Id, string Name)>();
        Assert.Equal((2L, "Bo Chen"), tuples[1]);

        var ids = await client.Query(People).ToListAsync<long>();
        Assert.Equal([1L, 2L], ids);
        Assert.Equal("Ann Lee", (await client.Query(People).FirstOrDefaultAsync<PersonClass>())!.FullName);
        Assert.Equal(2L, await client.Query("SELECT count(*) FROM tpch.tiny.region WHERE regionkey < 2").ScalarAsync<long>());
        Assert.Null(await client.Query("SELECT name FROM tpch.tiny.region WHERE regionkey < 0").FirstOrDefaultAsync<PersonClass>());
    }

    [Fact]
    public async Task Query_options_reach_the_server()
    {
        await using var server = await StartAsync();
        await using var client = new PrestoClient(TestServers.ConnectionString(server, "Catalog=memory;Schema=default"));

        var names = await client.Query("SELECT name FROM region WHERE regionkey >= @low AND regionkey < :high ORDER BY regionkey")
            .WithCatalog("tpch")
            .WithSchema("tiny")
            .WithSession("query_max_run_time", "1h")
            .WithClientTags("team-a", "nightly")
            .WithParameter("low", 1)
            .WithParameter("high", 3L)
            .WithTimeout(TimeSpan.FromMinutes(1))
            .ToListAsync<string>();

        Assert.Equal(["AMERICA", "ASIA"], names);
        var submission = server.Submissions.Last();
        Assert.Equal("tpch", submission.Header("X-Trino-Catalog"));
        Assert.Equal("tiny", submission.Header("X-Trino-Schema"));
        Assert.Contains("query_max_run_time=1h", submission.Header("X-Trino-Session"), StringComparison.Ordinal);
        Assert.Equal("team-a,nightly", submission.Header("X-Trino-Client-Tags"));
        Assert.StartsWith("EXECUTE", submission.Body, StringComparison.Ordinal);

        var positional = await client.Query("SELECT name FROM tpch.tiny.region WHERE regionkey = ?").WithParameter(4).ScalarAsync<string>();
        Assert.Equal("MIDDLE EAST", positional);
    }

    [Fact]
    public async Task ExecuteQueryAsync_carries_query_id_columns_stats_and_warnings()
    {
        await using var server = await StartAsync();
        server.Script("SELECT 42 AS answer", ScriptedResult.FromRows([new ResultColumn("answer", "integer")], [[42]]).WithWarnings("approximate answer"));
        await using var client = new PrestoClient(TestServers.ConnectionString(server));

        var result = await client.Query("SELECT 42 AS answer").ExecuteQueryAsync<int>();

        Assert.Equal([42], result.Rows);
        Assert.Equal(server.Queries.Single(q => q.Sql == "SELECT 42 AS answer").QueryId, result.QueryId);
        Assert.Equal("answer", Assert.Single(result.Columns).ColumnName);
        Assert.Equal("integer", result.Columns[0].DataTypeName);
        Assert.Equal("FINISHED", result.Stats.State);
        Assert.Contains(result.Warnings, w => w.Message.Contains("approximate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_returns_the_update_count_and_the_raw_row_api_streams_values()
    {
        await using var server = await StartAsync();
        await using var client = new PrestoClient(TestServers.ConnectionString(server));
        await client.Query("CREATE TABLE memory.default.fluent (id bigint, name varchar)").ExecuteAsync();

        Assert.Equal(2, await client.Query("INSERT INTO memory.default.fluent VALUES (1, 'a'), (2, NULL)").ExecuteAsync());

        var rows = new List<object?[]>();
        await foreach (var row in client.Query("SELECT id, name FROM memory.default.fluent ORDER BY id").StreamRowsAsync())
        {
            rows.Add(row);
        }

        Assert.Equal([1L, "a"], rows[0]);
        Assert.Equal([2L, null], rows[1]);
        await using var reader = await client.Query("SELECT id FROM memory.default.fluent").ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
    }

    [Fact]
    public async Task Progress_is_reported_as_responses_arrive()
    {
        await using var server = await TestServers.StartAsync(configure: o =>
        {
            o.TargetResultSizeBytes = 2_000;
            o.QueuedPolls = 2;
        });
        server.Script("SELECT x FROM many", ScriptedResult.Generated([new ResultColumn("x", "bigint")], 2_000, i => [i]));
        await using var client = new PrestoClient(TestServers.ConnectionString(server));
        var progress = new Recorder();

        var total = await client.Query("SELECT x FROM many").WithProgress(progress).ToListAsync<long>();

        Assert.Equal(2_000, total.Count);
        Assert.True(progress.Reports.Count > 5, $"{progress.Reports.Count} reports");
        Assert.Equal("QUEUED", progress.Reports[0].State);
        var last = progress.Reports[^1];
        Assert.Equal("FINISHED", last.State);
        Assert.Equal(last.TotalSplits, last.CompletedSplits);
        Assert.True(last.TotalSplits > 0);
        Assert.True(last.ProcessedRows > 0);
        Assert.All(progress.Reports, r => Assert.Equal(progress.Reports[0].QueryId, r.QueryId));
    }

    [Fact]
    public async Task A_value_that_cannot_be_converted_names_the_column_and_the_member()
    {
        await using var server = await StartAsync();
        await using var client = new PrestoClient(TestServers.ConnectionString(server));

        var nullIntoInt = await Assert.ThrowsAsync<PrestoMappingException>(() => client.Query("SELECT nickname AS person_id FROM people").ToListAsync<NotNullable>());
        Assert.Equal("person_id", nullIntoInt.Column);
        Assert.Contains("NotNullable.PersonId", nullIntoInt.Message, StringComparison.Ordinal);

        var textIntoInt = await Assert.ThrowsAsync<PrestoMappingException>(() => client.Query("SELECT full_name AS person_id FROM people").ToListAsync<NotNullable>());
        Assert.Equal("NotNullable.PersonId", textIntoInt.Member);
        Assert.Contains("varchar", textIntoInt.Message, StringComparison.Ordinal);

        var nothing = await Assert.ThrowsAsync<PrestoMappingException>(() => client.Query(People).ToListAsync<Unrelated>());
        Assert.Contains("Unrelated", nothing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaving_a_stream_early_cancels_the_query_and_the_client_shares_its_engine_with_ADO_NET()
    {
        await using var server = await TestServers.StartAsync(configure: o => o.TargetResultSizeBytes = 2_000);
        server.Script("SELECT x FROM many", ScriptedResult.Generated([new ResultColumn("x", "bigint")], 5_000, i => [i]));
        server.Faults.FailQuery(new QueryFault { ErrorName = "REMOTE_TASK_ERROR" });
        await using var client = new PrestoClient(TestServers.ConnectionString(server, "RetryDelayMs=0"));

        await foreach (var x in client.Query("SELECT x FROM many").StreamAsync<long>())
        {
            if (x == 10)
            {
                break;
            }
        }

        Assert.Contains(server.Requests, r => r.Method == "DELETE");
        Assert.Equal(2, server.Queries.Count);

        await using var connection = client.CreateConnection();
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT 1", connection);
        Assert.Equal(1, await command.ExecuteScalarAsync());
    }

    public sealed class NotNullable
    {
        public int PersonId { get; set; }
    }

    public sealed class Unrelated
    {
        public int Something { get; set; }
    }

    private static async Task<PrestoTestServer> StartAsync()
    {
        var server = await TestServers.StartAsync();
        server.Script(sql => sql.Contains("FROM people", StringComparison.Ordinal) && sql.StartsWith("SELECT *", StringComparison.Ordinal), ScriptedResult.FromRawRows(PeopleColumns, PeopleRows));
        server.Script("SELECT nickname AS person_id FROM people", ScriptedResult.FromRawRows([new ResultColumn("person_id", "varchar")], ["[null]"]));
        server.Script("SELECT full_name AS person_id FROM people", ScriptedResult.FromRawRows([new ResultColumn("person_id", "varchar")], ["[\"Ann\"]"]));
        return server;
    }

    /// <summary>Records reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class Recorder : IProgress<PrestoQueryProgress>
    {
        public List<PrestoQueryProgress> Reports { get; } = [];

        public void Report(PrestoQueryProgress value) => Reports.Add(value);
    }
}
