using BenchmarkDotNet.Attributes;
using Polly;
using Presto.Resilience;
using Presto.Sql;
using Presto.Testing;

namespace Presto.Benchmarks;

/// <summary>
/// What query resubmission costs when nothing fails (target: under 2%). End to end, a small query (100 rows, one page)
/// against the embedded server with resubmission on (<c>MaxQueryAttempts=3</c>, the default: both pre-row steps of a
/// statement run inside the Polly pipeline) and off (<c>MaxQueryAttempts=1</c>: they run directly). In isolation, the
/// machinery a statement goes through on the success path: the statement-kind lexer, the budget count, and two pipeline
/// executions with a pooled context.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class RetryOverheadBenchmarks
{
    private const string Sql = "SELECT x FROM small WHERE x >= 0 -- a comment";

    private PrestoTestServer _server = null!;
    private PrestoConnection _resubmissionOn = null!;
    private PrestoConnection _resubmissionOff = null!;
    private QueryRetryPolicy _policy = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await PrestoTestServer.StartAsync(new PrestoTestServerOptions { RecordRequests = false });
        _server.Script(Sql, ScriptedResult.Generated([new ResultColumn("x", "bigint")], 100, i => [i]));
        _resubmissionOn = await OpenAsync("MaxQueryAttempts=3");
        _resubmissionOff = await OpenAsync("MaxQueryAttempts=1");
        _policy = new QueryRetryPolicy(new PrestoConnectionStringBuilder("Server=http://127.0.0.1:1;User=b").ToSettings(), new PrestoRetryOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _resubmissionOn.DisposeAsync();
        await _resubmissionOff.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<long> SmallQuery_ResubmissionOff() => ReadAsync(_resubmissionOff);

    [Benchmark]
    public Task<long> SmallQuery_ResubmissionOn() => ReadAsync(_resubmissionOn);

    /// <summary>The success-path work of one statement's resubmission machinery, without the query.</summary>
    [Benchmark]
    public async Task<bool> Machinery_PerStatement()
    {
        var kind = StatementKindLexer.Classify(Sql);
        _policy.Budget.RecordFirstSubmission();
        var first = await RunInPipelineAsync();
        var second = await RunInPipelineAsync();
        return first && second && kind == PrestoStatementKind.ReadOnly;
    }

    private async ValueTask<bool> RunInPipelineAsync()
    {
        var context = ResilienceContextPool.Shared.Get(CancellationToken.None);
        try
        {
            return await _policy.Pipeline.ExecuteAsync(static (_, state) => new ValueTask<bool>(state), context, true);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<PrestoConnection> OpenAsync(string retry)
    {
        var connection = new PrestoConnection($"Server={_server.BaseAddress};User=bench;Dialect=Trino;{retry}");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<long> ReadAsync(PrestoConnection connection)
    {
        await using var command = new PrestoCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        long sum = 0;
        while (await reader.ReadAsync())
        {
            sum += reader.GetInt64(0);
        }

        return sum;
    }
}
