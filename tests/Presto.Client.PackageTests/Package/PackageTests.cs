using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using Presto.PackageTests.Support;

namespace Presto.PackageTests.Package;

/// <summary>
/// What <c>dotnet pack</c> produces: the packages' metadata and files, and a throwaway console project that installs them
/// from a local folder feed (dependencies from the machine's usual NuGet sources) and runs queries (fluent, ADO.NET and an
/// EF Core LINQ query) against the embedded server of the installed Presto.Client.Testing. This proves the packages, not
/// the project references, work.
/// </summary>
public sealed class PackageTests(PackedPackages packages) : IClassFixture<PackedPackages>
{
    private static readonly XNamespace s_nuspec = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";

    [Theory]
    [InlineData("Presto.Client")]
    [InlineData("Presto.Client.Testing")]
    [InlineData("Presto.EntityFrameworkCore")]
    public void Package_has_metadata_files_and_a_dependency_group_per_target_framework(string id)
    {
        var frameworks = PackedPackages.Frameworks[id];
        using var package = ZipFile.OpenRead(packages.PackagePath(id));
        var files = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        var metadata = Nuspec(package).Root!.Element(s_nuspec + "metadata")!;

        Assert.Equal(id, metadata.Element(s_nuspec + "id")!.Value);
        Assert.Equal(packages.Version, metadata.Element(s_nuspec + "version")!.Value);
        Assert.Equal("MIT", metadata.Element(s_nuspec + "license")!.Value);
        Assert.Equal("icon.png", metadata.Element(s_nuspec + "icon")!.Value);
        Assert.Equal("README.md", metadata.Element(s_nuspec + "readme")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(s_nuspec + "description")?.Value));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(s_nuspec + "releaseNotes")?.Value));
        Assert.StartsWith("https://github.com/", metadata.Element(s_nuspec + "repository")!.Attribute("url")!.Value, StringComparison.Ordinal);
        Assert.Contains("icon.png", files);
        Assert.Contains("README.md", files);
        using (var readme = new StreamReader(package.GetEntry("README.md")!.Open()))
        {
            // nuget.org shows the README without the repository around it: every link must be absolute.
            string text = readme.ReadToEnd();
            Assert.StartsWith("# " + id + "\n", text, StringComparison.Ordinal);
            var relative = System.Text.RegularExpressions.Regex.Matches(text, @"\]\((?!https?://)[^)]*\)").Select(m => m.Value).ToList();
            Assert.True(relative.Count == 0, $"relative links in the {id} README: {string.Join(", ", relative)}");
        }

        foreach (var framework in frameworks)
        {
            Assert.Contains($"lib/{framework}/{id}.dll", files);
            Assert.Contains($"lib/{framework}/{id}.xml", files);   // XML docs for IntelliSense
        }

        var groups = metadata.Element(s_nuspec + "dependencies")!.Elements(s_nuspec + "group")
            .Select(g => g.Attribute("targetFramework")!.Value)
            .Select(f => f.Replace(".NETStandard2.0", "netstandard2.0", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(frameworks.Order(StringComparer.Ordinal), groups);
    }

    [Fact]
    public void Package_client_depends_on_the_polyfills_only_for_netstandard()
    {
        using var package = ZipFile.OpenRead(packages.PackagePath("Presto.Client"));
        var groups = Nuspec(package).Root!.Element(s_nuspec + "metadata")!.Element(s_nuspec + "dependencies")!.Elements(s_nuspec + "group")
            .ToDictionary(g => g.Attribute("targetFramework")!.Value, g => g.Elements(s_nuspec + "dependency").Select(d => d.Attribute("id")!.Value).ToHashSet());

        Assert.Contains("System.Text.Json", groups[".NETStandard2.0"]);
        Assert.Contains("Microsoft.Bcl.AsyncInterfaces", groups[".NETStandard2.0"]);
        Assert.DoesNotContain("System.Text.Json", groups["net10.0"]);
        Assert.Contains("Polly.Core", groups["net10.0"]);
        Assert.Contains("Microsoft.Extensions.Logging.Abstractions", groups["net8.0"]);
    }

    [Fact]
    public void Package_efcore_depends_on_the_same_client_version_and_ef_core_10()
    {
        using var package = ZipFile.OpenRead(packages.PackagePath("Presto.EntityFrameworkCore"));
        var group = Nuspec(package).Root!.Element(s_nuspec + "metadata")!.Element(s_nuspec + "dependencies")!.Elements(s_nuspec + "group").Single();
        var dependencies = group.Elements(s_nuspec + "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);

        Assert.Equal("net10.0", group.Attribute("targetFramework")!.Value);
        Assert.Equal(packages.Version, dependencies["Presto.Client"]);   // ">= this build": the provider needs the client it was built with
        Assert.Equal("[10.0.14, 11.0.0)", dependencies["Microsoft.EntityFrameworkCore.Relational"]);   // EF Core 10 patches, not 11

        // Central transitive pinning lists pinned transitive packages as dependencies too; nothing else may appear (no
        // test, sample or server package such as SQLite or ASP.NET Core).
        var unexpected = dependencies.Keys.Where(id => id != "Presto.Client" && id != "Polly.Core" &&
                                                       !id.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) &&
                                                       !id.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal));
        Assert.Empty(unexpected);
    }

    [Theory]
    [InlineData("Presto.Client")]
    [InlineData("Presto.Client.Testing")]
    [InlineData("Presto.EntityFrameworkCore")]
    public void Package_has_a_symbol_package_with_portable_pdbs(string id)
    {
        using var symbols = ZipFile.OpenRead(packages.PackagePath(id, "snupkg"));

        Assert.Contains(symbols.Entries, e => e.FullName == $"lib/net10.0/{id}.pdb");
    }

    [Fact]
    public async Task Package_installs_from_a_folder_feed_and_runs_a_query()
    {
        var project = Path.Combine(packages.Work, "consumer");
        Directory.CreateDirectory(project);
        // Stop MSBuild and NuGet from looking further up than the throwaway project; sources = this feed + the machine's.
        File.WriteAllText(Path.Combine(project, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(project, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="presto-package-test" value="{packages.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Presto.Client" Version="[{packages.Version}]" />
                <PackageReference Include="Presto.Client.Testing" Version="[{packages.Version}]" />
                <PackageReference Include="Presto.EntityFrameworkCore" Version="[{packages.Version}]" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using System.Reflection;
            using Microsoft.EntityFrameworkCore;
            using Presto;
            using Presto.Testing;

            await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
            await using var client = new PrestoClient($"Server={server.BaseAddress};User=package-test;Catalog=tpch;Schema=tiny");
            var america = await client.Query("SELECT count(*) FROM nation WHERE regionkey = @region").WithParameter("region", 1).ScalarAsync<long>();
            await using var connection = client.CreateConnection();
            await connection.OpenAsync();
            await using var command = new PrestoCommand("SELECT name FROM region ORDER BY regionkey", connection);
            var first = (string?)await command.ExecuteScalarAsync();
            Console.WriteLine($"nations-in-america={america}");
            Console.WriteLine($"first-region={first}");
            Console.WriteLine($"client-assembly={typeof(PrestoClient).Assembly.GetName().Name}, {typeof(PrestoClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}");

            var options = new DbContextOptionsBuilder<TpchContext>().UsePresto($"Server={server.BaseAddress};User=package-test;Catalog=tpch;Schema=tiny").Options;
            await using var db = new TpchContext(options);
            var asia = await db.Nations.Where(n => n.RegionKey == 2).OrderBy(n => n.Name).Select(n => n.Name).ToListAsync();
            Console.WriteLine($"efcore-asia={string.Join(",", asia)}");

            internal sealed class Nation
            {
                public long NationKey { get; set; }
                public string Name { get; set; } = "";
                public long RegionKey { get; set; }
            }

            internal sealed class TpchContext(DbContextOptions<TpchContext> options) : DbContext(options)
            {
                public DbSet<Nation> Nations => Set<Nation>();

                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Nation>(e =>
                {
                    e.ToTable("nation");
                    e.HasKey(n => n.NationKey);
                    e.Property(n => n.NationKey).HasColumnName("nationkey");
                    e.Property(n => n.Name).HasColumnName("name");
                    e.Property(n => n.RegionKey).HasColumnName("regionkey");
                });
            }
            """);

        var output = await DotNet.RunAsync(project, TimeSpan.FromMinutes(5), "run", "-c", "Release");

        Assert.Contains("nations-in-america=5\n", output, StringComparison.Ordinal);
        Assert.Contains("first-region=AFRICA\n", output, StringComparison.Ordinal);
        Assert.Contains("efcore-asia=CHINA,INDIA,INDONESIA,JAPAN,VIETNAM\n", output, StringComparison.Ordinal);
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "obj", "project.assets.json")));
        foreach (var id in PackedPackages.Ids)
        {
            Assert.Equal("package", assets.RootElement.GetProperty("libraries").GetProperty($"{id}/{packages.Version}").GetProperty("type").GetString());
        }
    }

    private static XDocument Nuspec(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }
}
