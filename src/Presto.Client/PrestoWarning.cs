namespace Presto;

/// <summary>A warning the server attached to a query (<c>warnings</c>).</summary>
/// <param name="Code">The warning number.</param>
/// <param name="Name">The warning name.</param>
/// <param name="Message">The text.</param>
public sealed record PrestoWarning(int Code, string Name, string Message);
