using System;

namespace Presto;

/// <summary>One failed submission of a query, as kept in <see cref="PrestoException.AttemptHistory"/>.</summary>
public sealed class PrestoQueryAttempt
{
    internal PrestoQueryAttempt(int number, Uri server, string? queryId, Exception error, PrestoRetryClassification classification, TimeSpan? delay, TimeSpan elapsed)
    {
        Number = number;
        Server = server;
        QueryId = queryId;
        Error = error;
        Classification = classification;
        Delay = delay;
        Elapsed = elapsed;
    }

    /// <summary>1 for the first submission, 2 for the first resubmission…</summary>
    public int Number { get; }

    /// <summary>The cluster (coordinator base URL) the attempt was sent to.</summary>
    public Uri Server { get; }

    /// <summary>The server's query id, when the attempt got that far.</summary>
    public string? QueryId { get; }

    /// <summary>What failed.</summary>
    public Exception Error { get; }

    /// <summary>The rule that matched and its decision.</summary>
    public PrestoRetryClassification Classification { get; }

    /// <summary>The wait before the next attempt; <see langword="null"/> for the last one.</summary>
    public TimeSpan? Delay { get; }

    /// <summary>Time from the first submission to this failure.</summary>
    public TimeSpan Elapsed { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"#{Number} {Server.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)} {QueryId ?? "(no query id)"}: {Classification}";
}
