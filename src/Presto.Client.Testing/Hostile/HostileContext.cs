using System.Globalization;

namespace Presto.Testing.Hostile;

/// <summary>What placeholders expand to for one write of a hostile response.</summary>
internal sealed class HostileContext(string baseUri, int hit)
{
    public string BaseUri { get; } = baseUri;

    public int Hit { get; } = hit;

    public string Expand(string text) =>
        text.Replace("{base}", BaseUri, System.StringComparison.Ordinal).Replace("{hit}", Hit.ToString(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
}
