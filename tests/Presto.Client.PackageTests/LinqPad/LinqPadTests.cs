using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Presto.PackageTests.Support;

namespace Presto.PackageTests.LinqPad;

/// <summary>
/// The LINQPad scripts in samples/linqpad: each one is compiled with Roslyn against this build of Presto.Client and
/// Presto.Client.Testing (the assemblies its NuGet references name) and then run, against the embedded coordinator it
/// starts itself, so that the scripts cannot rot.
/// </summary>
public sealed class LinqPadTests
{
    public static TheoryData<string> Scripts() => new(ScriptNames());

    [Fact]
    public void LinqPad_scripts_exist_for_the_main_scenarios()
    {
        var names = ScriptNames();

        Assert.Contains("ado-net.linq", names);
        Assert.Contains("fluent-client.linq", names);
        Assert.Contains("failover.linq", names);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task LinqPad_script_compiles_against_this_build_and_runs(string name)
    {
        var script = LinqPadScript.Parse(RepositoryFiles.Read("samples/linqpad/" + name));
        Assert.Contains("Presto.Client", script.NuGetReferences);
        var references = References(script);

        var compilation = CSharpCompilation.Create(
            "LinqPadQuery_" + Path.GetFileNameWithoutExtension(name).Replace('-', '_'),
            [CSharpSyntaxTree.ParseText(script.ToCSharp(), new CSharpParseOptions(LanguageVersion.Latest), path: name)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(emitted.Success, $"samples/linqpad/{name} does not compile against this build:\n{string.Join("\n", errors)}");

        var context = new AssemblyLoadContext(name, isCollectible: true);
        try
        {
            image.Position = 0;
            var query = context.LoadFromStream(image).GetType("UserQuery", throwOnError: true)!;
            var main = query.GetMethod("Main", BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!;
            var result = main.Invoke(main.IsStatic ? null : Activator.CreateInstance(query, nonPublic: true), null);
            if (result is Task task)
            {
                await task;
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static List<string> ScriptNames() =>
        Directory.EnumerateFiles(RepositoryFiles.PathOf("samples/linqpad"), "*.linq").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The framework plus, for each NuGet reference, the assembly of that name this test was built with.</summary>
    private static List<MetadataReference> References(LinqPadScript script)
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = platform.Where(p => Path.GetDirectoryName(p) == framework).ToList();
        foreach (var package in script.NuGetReferences)
        {
            var assembly = platform.FirstOrDefault(p => Path.GetFileNameWithoutExtension(p) == package);
            Assert.True(assembly is not null, $"The script references the NuGet package {package}, which is not one of this repository's packages.");
            paths.Add(assembly!);
        }

        // The packages' own dependencies (logging abstractions, Polly…) resolve from the test's output like NuGet would.
        paths.AddRange(platform.Where(p => Path.GetDirectoryName(p) == AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar) && !paths.Contains(p)));
        return paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }
}
