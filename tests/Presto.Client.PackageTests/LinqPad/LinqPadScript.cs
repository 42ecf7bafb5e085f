using System.Xml.Linq;

namespace Presto.PackageTests.LinqPad;

/// <summary>
/// A LINQPad <c>.linq</c> file: an XML header (<c>&lt;Query Kind="…"&gt;</c> with <c>NuGetReference</c> and <c>Namespace</c>
/// elements) followed by C# code, turned into a compilable C# file the way LINQPad does it.
/// </summary>
internal sealed class LinqPadScript
{
    /// <summary>Namespaces LINQPad imports into every C# query (besides those the header lists).</summary>
    private static readonly string[] s_defaultNamespaces =
    [
        "System", "System.Collections", "System.Collections.Generic", "System.Data", "System.Diagnostics", "System.IO",
        "System.Linq", "System.Linq.Expressions", "System.Net.Http", "System.Reflection", "System.Text",
        "System.Text.RegularExpressions", "System.Threading", "System.Threading.Tasks", "LINQPad",
    ];

    private LinqPadScript(string kind, IReadOnlyList<string> nuGetReferences, IReadOnlyList<string> namespaces, string code)
    {
        Kind = kind;
        NuGetReferences = nuGetReferences;
        Namespaces = namespaces;
        Code = code;
    }

    /// <summary><c>Program</c> (members with a <c>Main</c>), <c>Statements</c> or <c>Expression</c>.</summary>
    public string Kind { get; }

    public IReadOnlyList<string> NuGetReferences { get; }

    public IReadOnlyList<string> Namespaces { get; }

    public string Code { get; }

    public static LinqPadScript Parse(string text)
    {
        var end = text.IndexOf("</Query>", StringComparison.Ordinal);
        if (!text.StartsWith("<Query ", StringComparison.Ordinal) || end < 0)
        {
            throw new FormatException("A .linq file starts with a <Query Kind=\"…\"> … </Query> header.");
        }

        var header = XElement.Parse(text[..(end + "</Query>".Length)]);
        return new LinqPadScript(
            header.Attribute("Kind")?.Value ?? "Expression",
            header.Elements("NuGetReference").Select(e => e.Value.Trim()).ToList(),
            header.Elements("Namespace").Select(e => e.Value.Trim()).ToList(),
            text[(end + "</Query>".Length)..]);
    }

    /// <summary>The script as one C# file: usings, then its code inside LINQPad's <c>UserQuery</c> class, then <c>Dump()</c>.</summary>
    public string ToCSharp()
    {
        var usings = string.Concat(s_defaultNamespaces.Concat(Namespaces).Distinct(StringComparer.Ordinal).Select(n => $"using {n};\n"));
        var body = Kind switch
        {
            "Program" => Code,
            "Statements" => "public async Task Main()\n{\n" + Code + "\n}\n",
            "Expression" => "public object Main() => (\n" + Code + "\n);\n",
            _ => throw new NotSupportedException($"LINQPad query kind '{Kind}' is not C#."),
        };
        return usings + "\npublic partial class UserQuery\n{\n" + body + "\n}\n\n" + DumpExtension;
    }

    /// <summary>LINQPad's <c>Dump()</c> (it returns its argument); here it writes the value's text to the console.</summary>
    private const string DumpExtension = """
        namespace LINQPad
        {
            public static class LinqPadExtensions
            {
                public static T Dump<T>(this T value, string? description = null)
                {
                    System.Console.WriteLine((description is null ? "" : description + ": ") + value);
                    return value;
                }
            }
        }
        """;
}
