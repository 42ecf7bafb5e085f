using BenchmarkDotNet.Attributes;

namespace Presto.Benchmarks;

/// <summary>
/// HTTP response compression on and off: the replay serves the same pages plain, gzip- or brotli-compressed (compressed once
/// at set-up, so the server's cost is the same copy), the floor and our reader decompress them (<c>AutomaticDecompression</c>;
/// the client's default handler accepts gzip, deflate and br). On loopback compression only costs CPU; on a real network it
/// trades that CPU for about a fifth of the bytes (see the wire bytes printed at set-up).
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class DecompressionBenchmarks : ReplayBenchmarks
{

    [Params("none", "gzip", "br")]
    public string Encoding { get; set; } = "none";

    [Params(200_000)]
    public int Rows { get; set; } = 200_000;

    internal override async Task<ReplayFixture> StartAsync()
    {
        var fixture = await ReplayFixture.StartAsync(BenchmarkResult.Sql, BenchmarkResult.Create(Rows), Rows, Encoding == "none" ? null : Encoding).ConfigureAwait(false);
        Console.WriteLine($"// {Encoding}: {fixture.Replay.WireBytes:N0} bytes on the wire for {fixture.Replay.TotalBytes:N0} bytes of JSON");
        return fixture;
    }

    [Benchmark]
    public Task<long> PrestoDataReader_TypedGetters() => Fixture.ReadTypedAsync(includeVarchar: true);
}
