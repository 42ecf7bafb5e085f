namespace Presto.Tests.Protocol;

/// <summary>What <see cref="StatementDriver"/> saw of one statement.</summary>
internal sealed class StatementOutcome
{
    public string? QueryId { get; set; }

    public string? ErrorName { get; set; }

    public string? UpdateType { get; set; }

    public List<string?[]> Rows { get; } = [];

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>HTTP attempts over all requests of the statement.</summary>
    public int Attempts { get; set; }

    public int Responses { get; set; }
}
