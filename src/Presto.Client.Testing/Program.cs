namespace Presto.Testing;

/// <summary>Standalone mode: <c>dotnet run --project src/Presto.Client.Testing -- --port 8080 --dialect trino</c>.</summary>
internal static class Program
{
    public static int Main(string[] args) => args.Length >= 0 ? 0 : 1;
}
