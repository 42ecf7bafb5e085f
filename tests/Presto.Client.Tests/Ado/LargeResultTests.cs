using Presto.Testing;
using Xunit.Abstractions;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

public sealed class LargeResultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_million_rows_stream_exactly_in_flat_memory()
    {
        const long rows = 10_000_000;
        await using var server = await TestServers.StartAsync();
        server.Script("SELECT n, tag FROM big", ScriptedResult.Generated(
            [new ResultColumn("n", "bigint"), new ResultColumn("tag", "varchar")],
            rows,
            i => [i, (i % 1_000 == 0) ? "k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) : null]));
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();
        await using var command = new PrestoCommand("SELECT n, tag FROM big", connection);
        await using var reader = await command.ExecuteReaderAsync();

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var peak = 0L;
        long expected = 0;
        long tags = 0;
        while (await reader.ReadAsync())
        {
            var n = reader.GetInt64(0);
            if (n != expected)
            {
                Assert.Fail($"row {expected} holds {n}");
            }

            if (!reader.IsDBNull(1))
            {
                Assert.Equal("k" + n.ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1));
                tags++;
            }
            else if (n % 1_000 == 0)
            {
                Assert.Fail($"row {n} lost its tag");
            }

            expected++;
            if (expected % 2_000_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        output.WriteLine($"{rows:N0} rows in {clock.Elapsed.TotalSeconds:0.0} s; heap growth peak {peak / (1024.0 * 1024):0.0} MB");
        Assert.Equal(rows, expected);
        Assert.Equal(rows / 1_000, tags);
        Assert.True(peak < 48 * 1024 * 1024, $"the heap grew by {peak / (1024 * 1024)} MB while streaming");
    }
}
