using System.Globalization;
using Presto.PackageTests.Support;

namespace Presto.PackageTests.Package;

/// <summary>
/// Packs Presto.Client, Presto.Client.Testing and Presto.EntityFrameworkCore once per test run into a temporary folder feed, with a version of their
/// own (so that NuGet's global packages folder never serves an older build), and removes that version from the global
/// packages folder afterwards. When the Release build of every target framework is newer than the project's sources (as
/// after <c>dotnet test PrestoClient.sln -c Release</c>, which builds every project of the solution), that build is packed
/// (<c>--no-build</c>); otherwise the projects are built into a temporary artifacts path, leaving the repository's bin alone.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    public static readonly string[] Ids = ["Presto.Client", "Presto.Client.Testing", "Presto.EntityFrameworkCore"];

    /// <summary>The target frameworks of each package (their csproj files' TargetFrameworks).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Frameworks = new Dictionary<string, string[]>
    {
        ["Presto.Client"] = ["netstandard2.0", "net8.0", "net10.0"],
        ["Presto.Client.Testing"] = ["net8.0", "net10.0"],
        ["Presto.EntityFrameworkCore"] = ["net10.0"],
    };

    public PackedPackages()
    {
        Work = Directory.CreateTempSubdirectory("presto-package-test-").FullName;
        Feed = Path.Combine(Work, "feed");
        Version = "0.0.0-packagetest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." +
                  Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A temporary directory for everything the package tests write.</summary>
    public string Work { get; }

    /// <summary>The folder feed holding the .nupkg and .snupkg files.</summary>
    public string Feed { get; }

    /// <summary>The version the packages were packed with.</summary>
    public string Version { get; }

    /// <summary>The path of a package file in the feed (<paramref name="extension"/> <c>nupkg</c> or <c>snupkg</c>).</summary>
    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    public async Task InitializeAsync()
    {
        var timeout = TimeSpan.FromMinutes(10);

        // All packed from the existing build or all built here: Presto.EntityFrameworkCore is compiled against the
        // Presto.Client assembly version, so mixing the two would ship a provider the packed client cannot satisfy.
        var built = Ids.All(IsBuilt);
        await Task.WhenAll(Ids.Select(id =>
        {
            var project = RepositoryFiles.PathOf($"src/{id}/{id}.csproj");
            return built
                ? DotNet.RunAsync(RepositoryFiles.Root, timeout, "pack", project, "-c", "Release", "--no-build", "-o", Feed, $"-p:PackageVersion={Version}")
                : DotNet.RunAsync(RepositoryFiles.Root, timeout, "pack", project, "-c", "Release", "-o", Feed,
                    "--artifacts-path", Path.Combine(Work, "artifacts", id), $"-p:Version={Version}");
        }));
    }

    /// <summary>
    /// True when bin/Release holds every target framework's assembly, each newer than every source of the build — its own
    /// and those of the packages it references (Presto.Client for the EF provider). (The packed README and icon are read
    /// at pack time, so they do not count.)
    /// </summary>
    private static bool IsBuilt(string id)
    {
        var directory = RepositoryFiles.PathOf($"src/{id}");
        var separator = Path.DirectorySeparatorChar;
        var projects = id == "Presto.EntityFrameworkCore" ? new[] { directory, RepositoryFiles.PathOf("src/Presto.Client") } : new[] { directory };
        var sources = projects.SelectMany(p => Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
            .Concat(new[] { "Directory.Build.props", "Directory.Packages.props", "src/Directory.Build.props" }.Select(RepositoryFiles.PathOf));
        var newest = sources.Max(File.GetLastWriteTimeUtc);
        return Frameworks[id].All(framework =>
            File.Exists(Path.Combine(directory, "bin", "Release", framework, id + ".dll")) &&
            File.GetLastWriteTimeUtc(Path.Combine(directory, "bin", "Release", framework, id + ".dll")) > newest);
    }

    public async Task DisposeAsync()
    {
        var packages = await GlobalPackagesFolderAsync();
        foreach (var id in Ids)
        {
            var installed = Path.Combine(packages, id.ToLowerInvariant(), Version.ToLowerInvariant());
            if (Directory.Exists(installed))
            {
                Directory.Delete(installed, recursive: true);
            }

            var parent = Path.GetDirectoryName(installed)!;
            if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any())
            {
                Directory.Delete(parent);
            }
        }

        Directory.Delete(Work, recursive: true);
    }

    /// <summary>Where NuGet extracts packages on this machine (<c>NUGET_PACKAGES</c>, a config setting, or ~/.nuget/packages).</summary>
    private async Task<string> GlobalPackagesFolderAsync()
    {
        var output = await DotNet.RunAsync(Work, TimeSpan.FromMinutes(1), "nuget", "locals", "global-packages", "--list");
        var line = output.Split('\n').First(l => l.Contains("global-packages:", StringComparison.Ordinal));
        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
