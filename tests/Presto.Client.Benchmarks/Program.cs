using BenchmarkDotNet.Running;

namespace Presto.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>--smoke [--rows N]</c>: each benchmark once, without BenchmarkDotNet (seconds). <c>--decode</c>: the CPU side
    /// alone on in-memory pages (see <see cref="DecodeLoop"/>); <c>--columns</c>: the same per type (see <see cref="ColumnCost"/>);
    /// <c>--spooling [--rows N]</c>: spooled against direct once, with peak heap (see <see cref="SpoolingBenchmarks"/>);
    /// <c>--memory</c>: peak memory of a small and a large result (see <see cref="MemoryFlatness"/>).
    /// Anything else goes to BenchmarkDotNet, e.g. <c>--filter '*'</c>.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--columns"))
        {
            ColumnCost.Run();
            return 0;
        }

        if (args.Contains("--memory"))
        {
            return await MemoryFlatness.RunAsync(args).ConfigureAwait(false);
        }

        if (args.Contains("--decode"))
        {
            return await DecodeLoop.RunAsync(args).ConfigureAwait(false);
        }

        if (args.Contains("--spooling"))
        {
            return await SpoolingBenchmarks.RunOnceAsync(args).ConfigureAwait(false);
        }

        if (args.Contains("--smoke"))
        {
            return await Smoke.RunAsync(args).ConfigureAwait(false);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
