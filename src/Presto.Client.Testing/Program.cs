using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Presto.Testing;

/// <summary>Standalone mode: <c>dotnet run --project src/Presto.Client.Testing -- --port 8080 --dialect trino</c> serves until stopped.</summary>
internal static class Program
{
    private const string Usage = """
        Usage: Presto.Client.Testing [--port N] [--dialect trino|presto] [--queued-polls N] [--page-bytes N]
          --port          TCP port on 127.0.0.1 (default 8080; 0 = any free port)
          --dialect       trino (X-Trino-* headers) or presto (PrestoDB, X-Presto-* headers); default trino
          --queued-polls  polls a query stays QUEUED before dispatch (default 0)
          --page-bytes    target JSON size of one result page (default 1000000)
        """;

    public static async Task<int> Main(string[] args)
    {
        var options = new PrestoTestServerOptions { Port = 8080 };
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (arg)
            {
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535:
                    options.Port = port;
                    i++;
                    break;
                case "--dialect" when value is not null && TryDialect(value, out var dialect):
                    options.Dialect = dialect;
                    i++;
                    break;
                case "--queued-polls" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int polls):
                    options.QueuedPolls = polls;
                    i++;
                    break;
                case "--page-bytes" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int bytes) && bytes > 0:
                    options.TargetResultSizeBytes = bytes;
                    i++;
                    break;
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"Invalid argument '{arg}'{(value is null ? string.Empty : " " + value)}.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        // SIGTERM (docker stop, kill, a CI script's cleanup trap) stops the server the same way: Main returns normally.
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        var server = await PrestoTestServer.StartAsync(options).ConfigureAwait(false);
        await using var serverScope = server.ConfigureAwait(false);
        Console.WriteLine($"Embedded {options.Dialect} coordinator listening on {server.BaseAddress} (Ctrl+C to stop)");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("Stopping.");
        }

        return 0;
    }

    private static bool TryDialect(string text, out ServerDialect dialect)
    {
        switch (text.ToLowerInvariant())
        {
            case "trino":
                dialect = ServerDialect.Trino;
                return true;
            case "presto" or "prestodb":
                dialect = ServerDialect.Presto;
                return true;
            default:
                dialect = default;
                return false;
        }
    }
}
