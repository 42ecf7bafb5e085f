using System.Reflection;
using Presto.PackageTests.Support;
using Presto.Testing;

namespace Presto.PackageTests.PublicApi;

/// <summary>
/// The public API of each package against its committed snapshot (net10.0 build). A change to the public surface fails
/// here with a diff until the snapshot is regenerated with
/// <c>PRESTO_UPDATE_API_SNAPSHOT=1 dotnet test tests/Presto.Client.PackageTests -c Release --filter PublicApi</c>
/// and the new snapshot is committed with the change, so every API change shows up in review.
/// </summary>
public sealed class PublicApiTests
{
    private const string UpdateVariable = "PRESTO_UPDATE_API_SNAPSHOT";

    [Fact]
    public void PublicApi_of_Presto_Client_matches_the_snapshot() => Check(typeof(PrestoConnection).Assembly);

    [Fact]
    public void PublicApi_of_Presto_Client_Testing_matches_the_snapshot() => Check(typeof(PrestoTestServer).Assembly);

    [Fact]
    public void PublicApi_of_Presto_EntityFrameworkCore_matches_the_snapshot() => Check(typeof(Microsoft.EntityFrameworkCore.PrestoDbContextOptionsExtensions).Assembly);

    [Fact]
    public void PublicApi_formatter_spells_signatures_as_CSharp()
    {
        var api = PublicApiFormatter.Format(typeof(PrestoConnection).Assembly);

        Assert.Contains("public sealed class Presto.PrestoConnection : System.Data.Common.DbConnection", api, StringComparison.Ordinal);
        Assert.Contains("    public override System.Threading.Tasks.Task OpenAsync(System.Threading.CancellationToken cancellationToken);", api, StringComparison.Ordinal);
        Assert.Contains("    public string? Server { get; set; }", api, StringComparison.Ordinal);
        Assert.Contains("    public PrestoRetryRule(string id, Presto.PrestoRetryDecision decision)", api, StringComparison.Ordinal);
        Assert.Contains("    public System.Collections.Generic.IReadOnlyCollection<string>? ErrorNames { get; init; }", api, StringComparison.Ordinal);
        Assert.Contains("public enum Presto.PrestoDialect", api, StringComparison.Ordinal);
        Assert.DoesNotContain("Presto.Protocol.", api, StringComparison.Ordinal);
        Assert.DoesNotContain("<Clone>$", api, StringComparison.Ordinal);
    }

    private static void Check(Assembly assembly)
    {
        var name = assembly.GetName().Name!;
        var relative = $"tests/Presto.Client.PackageTests/PublicApi/{name}.txt";
        var actual = PublicApiFormatter.Format(assembly);
        if (RepositoryFiles.UpdateRequested(UpdateVariable))
        {
            File.WriteAllText(RepositoryFiles.PathOf(relative), actual);
            return;
        }

        var path = RepositoryFiles.PathOf(relative);
        var expected = File.Exists(path) ? RepositoryFiles.Read(relative) : string.Empty;
        if (expected != actual)
        {
            Assert.Fail(
                $"The public API of {name} differs from {relative} ('-' = snapshot, '+' = this build).\n" +
                $"If the change is intended, regenerate the snapshot and commit it with the change:\n" +
                $"  {UpdateVariable}=1 dotnet test tests/Presto.Client.PackageTests -c Release --filter PublicApi\n\n" +
                LineDiff.Format(expected, actual));
        }
    }
}
