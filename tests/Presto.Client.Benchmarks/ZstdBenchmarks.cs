using BenchmarkDotNet.Attributes;
using Presto.Compression;

namespace Presto.Benchmarks;

/// <summary>
/// Zstandard decoding throughput for a <c>json+zstd</c> spooled segment: about 4 MB of JSON rows compressed by the
/// zstd CLI at level 3 (tests/Presto.Client.Tests/Compression/ZstdVectors/json-4m.l3.zst, with a content checksum).
/// MB/s = 4,194,304 bytes / Mean.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ZstdBenchmarks
{
    private byte[] _compressed = null!;
    private byte[] _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compressed = File.ReadAllBytes(FindVector("json-4m.l3.zst"));
        _output = new byte[4 * 1024 * 1024];
    }

    [Benchmark]
    public int Decompress_json_4MB_level3() => ZstdDecoder.Decompress(_compressed, _output);

    private static string FindVector(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "tests", "Presto.Client.Tests", "Compression", "ZstdVectors", name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("Run the benchmarks from inside the repository: " + name + " not found.");
    }
}
