using System;

namespace Presto.Testing;

/// <summary>A transport-level fault applied to the next matching requests (see <see cref="FaultInjector.Http(HttpFault)"/>).</summary>
public sealed class HttpFault
{
    /// <summary>Requests it applies to.</summary>
    public RequestKind On { get; init; } = RequestKind.Any;

    /// <summary>What the fault does.</summary>
    public HttpFaultKind Kind { get; init; } = HttpFaultKind.Status;

    /// <summary>Status for <see cref="HttpFaultKind.Status"/>.</summary>
    /// <value>Default 503.</value>
    public int StatusCode { get; init; } = 503;

    /// <summary>Body for <see cref="HttpFaultKind.Status"/> (text); <see langword="null"/> sends a short default text.</summary>
    public string? Body { get; init; }

    /// <summary>The answer of a <see cref="HttpFaultKind.Hostile"/> fault.</summary>
    public HostileResponse? Response { get; init; }

    /// <summary>Sent as a <c>Retry-After</c> header (whole seconds) when set.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Wait of a <see cref="HttpFaultKind.Delay"/> fault.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>How many matching requests it applies to; a negative value means every one.</summary>
    /// <value>Default 1.</value>
    public int Times { get; init; } = 1;

    /// <summary>Chance (0..1) that a matching request is hit, drawn from the server's seeded random source.</summary>
    /// <value>Default 1.</value>
    public double Probability { get; init; } = 1.0;

    /// <summary>Further restricts which requests match (path and query, method).</summary>
    public Func<string, bool>? PathMatch { get; init; }
}
