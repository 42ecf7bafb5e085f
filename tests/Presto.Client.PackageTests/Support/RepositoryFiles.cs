namespace Presto.PackageTests.Support;

/// <summary>Finds the repository the tests were built from, and reads and writes its files with LF line ends.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The directory holding <c>PrestoClient.sln</c>.</summary>
    public static string Root => s_root.Value;

    /// <summary>The absolute path of a repository-relative path written with forward slashes.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>A file's text with CRLF folded to LF, so that a checkout's line ends never matter.</summary>
    public static string Read(string relative) => File.ReadAllText(PathOf(relative)).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>A path relative to the repository root, with forward slashes (for messages).</summary>
    public static string Relative(string absolute) => Path.GetRelativePath(Root, absolute).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>True when the environment variable <paramref name="name"/> is <c>1</c> or <c>true</c>: the update mode of a snapshot test.</summary>
    public static bool UpdateRequested(string name) =>
        Environment.GetEnvironmentVariable(name) is "1" or "true" or "TRUE" or "True";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PrestoClient.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No PrestoClient.sln above {AppContext.BaseDirectory}: run the tests from a checkout.");
    }
}
