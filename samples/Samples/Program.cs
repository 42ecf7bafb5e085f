// Samples: focused, runnable examples of Presto.Client. Each starts its own embedded coordinator(s), so no cluster is
// needed, and checks what it prints (a wrong answer ends the program with exit code 1).
//   dotnet run --project samples/Samples -- list
//   dotnet run --project samples/Samples -- parameters          (or transactions, types, streaming, retry-rules,
//                                                                  blue-green, monitoring, testing; and the code blocks
//                                                                  of docs/: ado-net, authentication, fluent-client,
//                                                                  routing, shadowing, spooling, test-server)
//   dotnet run --project samples/Samples -- all                 (what CI runs)
using Presto.Samples;

var samples = new SortedDictionary<string, Func<Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["parameters"] = ParametersSample.RunAsync,
    ["transactions"] = TransactionsSample.RunAsync,
    ["types"] = TypesSample.RunAsync,
    ["streaming"] = StreamingSample.RunAsync,
    ["retry-rules"] = RetryRulesSample.RunAsync,
    ["blue-green"] = BlueGreenSample.RunAsync,
    ["monitoring"] = MonitoringSample.RunAsync,
    ["testing"] = TestingSample.RunAsync,
    ["ado-net"] = AdoNetSample.RunAsync,
    ["authentication"] = AuthenticationSample.RunAsync,
    ["fluent-client"] = FluentClientSample.RunAsync,
    ["routing"] = RoutingSample.RunAsync,
    ["shadowing"] = ShadowingSample.RunAsync,
    ["spooling"] = SpoolingSample.RunAsync,
    ["test-server"] = TestServerSample.RunAsync,
};

if (args.Length != 1 || args[0] == "list" || (args[0] != "all" && !samples.ContainsKey(args[0])))
{
    Console.Error.WriteLine($"Usage: Samples <name>|all|list. Samples: {string.Join(", ", samples.Keys)}");
    return args.Length == 1 && args[0] == "list" ? 0 : 2;
}

var chosen = args[0] == "all" ? samples.ToList() : [new(args[0], samples[args[0]])];
foreach (var (name, run) in chosen)
{
    Console.WriteLine($"== {name}");
    try
    {
        await run();
    }
    catch (SampleCheckException ex)
    {
        Console.Error.WriteLine($"Sample '{name}' printed something unexpected: {ex.Message}");
        return 1;
    }
}

return 0;
