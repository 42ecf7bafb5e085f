using System;

namespace Presto.Testing;

/// <summary>Settings of a <see cref="PrestoTestServer"/>. Every property has a default that imitates a real coordinator.</summary>
public sealed class PrestoTestServerOptions
{
    /// <summary>Which coordinator to imitate.</summary>
    /// <value>Default <see cref="ServerDialect.Trino"/>.</value>
    public ServerDialect Dialect { get; set; } = ServerDialect.Trino;

    /// <summary>TCP port on 127.0.0.1; 0 lets the operating system choose a free one.</summary>
    /// <value>Default 0.</value>
    public int Port { get; set; }

    /// <summary>Approximate JSON size of the rows in one response; a page closes once it reaches this size (so it can overshoot by one row).</summary>
    /// <value>Default 1,000,000 bytes, like Trino's <c>TARGET_RESULT_SIZE</c>.</value>
    public int TargetResultSizeBytes { get; set; } = 1_000_000;

    /// <summary>How long a query may go without a request before it fails with <c>ABANDONED_QUERY</c>.</summary>
    /// <value>Default 5 minutes, like <c>query.client.timeout</c>.</value>
    public TimeSpan AbandonedQueryTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a finished or failed query stays listed (and its last response retrievable) after its last request.</summary>
    /// <value>Default 15 minutes, like Trino's <c>query.min-expire-age</c>.</value>
    public TimeSpan QueryRetention { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many polls a query stays <c>QUEUED</c> after the first <c>GET</c> before it is dispatched.</summary>
    /// <value>Default 0: dispatched on the first poll, as an idle cluster does.</value>
    public int QueuedPolls { get; set; }

    /// <summary>Splits reported for a query in its statistics (progress is reported as the share of completed splits).</summary>
    /// <value>Default 16.</value>
    public int SplitsPerQuery { get; set; } = 16;

    /// <summary>Version reported by <c>/v1/info</c>; <see langword="null"/> picks <c>480</c> for Trino and <c>0.300</c> for PrestoDB.</summary>
    public string? NodeVersion { get; set; }

    /// <summary>Environment name reported by <c>/v1/info</c>.</summary>
    /// <value>Default <c>test</c>.</value>
    public string Environment { get; set; } = "test";

    /// <summary>
    /// Trino only: the <c>protocol.v1.alternate-header-name</c> setting. When <c>Presto</c>, the server also accepts
    /// <c>X-Presto-*</c> request headers (answering with the same prefix) and rejects requests that mix both prefixes.
    /// </summary>
    /// <value>Default <see langword="null"/>: <c>X-Presto-*</c> headers are ignored by a Trino server.</value>
    public string? AlternateHeaderName { get; set; }

    /// <summary>Seed of the random source used by probabilistic faults, so a fault schedule can be replayed.</summary>
    /// <value>Default 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Whether every request is recorded in <see cref="PrestoTestServer.Requests"/>.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool RecordRequests { get; set; } = true;

    internal PrestoTestServerOptions Clone() => (PrestoTestServerOptions)MemberwiseClone();
}
