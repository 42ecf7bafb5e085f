using Presto.Testing;

namespace Presto.ReliabilityTests;

/// <summary>Tests that run alone (after the parallel ones), so allocation and leak figures are their own.</summary>
[CollectionDefinition(nameof(Isolated), DisableParallelization = true)]
public sealed class Isolated
{
}

/// <summary>
/// Every case of <see cref="HostileCorpus"/> against a fresh embedded server: the statement ends in the expected
/// <see cref="PrestoException"/> subclass with a clear message, within its timeouts, having allocated a bounded amount
/// however large the hostile body (the cap is 1 MB; bodies go up to 1 GB).
/// </summary>
[Collection(nameof(Isolated))]
public sealed class HostileServerTests
{
    /// <summary>Allocation allowed per case, server side included: a few times the 1 MB cap, far below the 1 GB bodies.</summary>
    private const long AllocationBound = 48L * 1024 * 1024;

    public static TheoryData<string> Cases => HostileCorpus.Names();

    [Fact]
    public void The_corpus_has_at_least_fifty_cases() => Assert.True(HostileCorpus.All.Count >= 50, $"{HostileCorpus.All.Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_server_ends_in_a_clear_presto_exception(string name)
    {
        var hostile = HostileCorpus.Get(name);
        await using var server = await Reliability.StartAsync();
        hostile.Arrange(server);
        string connectionString = Reliability.ConnectionString(
            $"RequestTimeout=1;CommandTimeout=3;MaxQueryAttempts=1;MaxResponseBytes={HostileCorpus.Cap}", server);
        await using var dataSource = PrestoDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new PrestoCommand(HostileCorpus.Sql, connection);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var failure = await Reliability.WithinAsync(Record.ExceptionAsync(() => Reliability.ReadAllAsync(command)), TimeSpan.FromSeconds(30), name);

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.NotNull(failure);
        Assert.True(failure.GetType() == hostile.Expected, $"{name}: expected {hostile.Expected.Name}, got {failure}");
        Assert.True(failure.Message.Contains(hostile.Fragment, StringComparison.Ordinal), $"{name}: '{hostile.Fragment}' not in: {failure.Message}");
        Assert.True(failure.Message.Length < 2048, $"{name}: a message of {failure.Message.Length} characters");
        Assert.True(hostile.TimeBound || allocated < AllocationBound, $"{name}: {allocated:N0} bytes allocated");
    }

    [Fact]
    public async Task MaxJsonDepth_bounds_the_nesting_a_server_may_send_and_nested_results_within_it_read_normally()
    {
        await using var server = await Reliability.StartAsync();
        const string nested = "SELECT x FROM nested_values";
        server.Script(nested, ScriptedResult.FromRawRows([new ResultColumn("x", "array(array(array(bigint)))")], ["[[[[1,2]]]]"]));
        await using var connection = new PrestoConnection(Reliability.ConnectionString("MaxJsonDepth=16;MaxQueryAttempts=1", server));
        await connection.OpenAsync();

        // Envelope, data, row and three arrays: six levels, well within 16.
        await using (var ok = new PrestoCommand(nested, connection))
        {
            Assert.Equal(1, await Reliability.ReadAllAsync(ok));
        }

        // Each cell is read with a reader of its own, under the same limit: 17 nested arrays in one cell are too deep.
        server.Script("SELECT deep", ScriptedResult.FromRawRows([new ResultColumn("x", "json")], ["[" + new string('[', 17) + new string(']', 17) + "]"]));
        await using (var tooDeep = new PrestoCommand("SELECT deep", connection))
        {
            var cellFailure = await Assert.ThrowsAsync<PrestoProtocolException>(() => Reliability.ReadAllAsync(tooDeep));
            Assert.Contains("maximum configured depth of 16", cellFailure.Message, StringComparison.Ordinal);
        }

        HostileCorpus.Get("arrays nested 100,000 deep").Arrange(server);
        await using var deep = new PrestoCommand(HostileCorpus.Sql, connection);
        var failure = await Assert.ThrowsAsync<PrestoProtocolException>(() => Reliability.ReadAllAsync(deep));
        Assert.Contains("maximum configured depth of 16", failure.Message, StringComparison.Ordinal);
        var invalid = Assert.Throws<ArgumentException>(() => PrestoDataSource.Create("Server=http://127.0.0.1:1;MaxJsonDepth=5"));
        Assert.Contains("MaxJsonDepth", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endless_nextUri_chain_is_cancelled_on_the_server_when_the_command_times_out()
    {
        await using var server = await Reliability.StartAsync();
        HostileCorpus.Get("endless nextUri chain").Arrange(server);
        await using var connection = new PrestoConnection(Reliability.ConnectionString("RequestTimeout=1;CommandTimeout=1;MaxQueryAttempts=1", server));
        await connection.OpenAsync();
        await using var command = new PrestoCommand(HostileCorpus.Sql, connection);

        var failure = await Assert.ThrowsAsync<PrestoException>(() => Reliability.ReadAllAsync(command));

        Assert.True(failure.IsTransient);
        await Reliability.DeletedAsync(server, "hostl");
        Assert.True(server.Requests.Count(r => r.Method == "GET") > 3, "the chain was followed");
    }
}
