using System;
using System.Collections.Generic;

namespace Presto;

/// <summary>One cluster of a data source (see <see cref="PrestoRoutingOptions.Clusters"/>).</summary>
public sealed class PrestoClusterOptions
{
    private double _shadowFraction = 1;

    /// <summary>Creates the options of a cluster.</summary>
    /// <param name="name">A unique name, used in the runtime API, logs and metrics.</param>
    /// <param name="uri">The coordinator's (or gateway's) base URL.</param>
    public PrestoClusterOptions(string name, Uri uri)
    {
        Name = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A cluster needs a name.", nameof(name)) : name;
        Uri = uri ?? throw new ArgumentNullException(nameof(uri));
    }

    /// <summary>The cluster's name.</summary>
    public string Name { get; }

    /// <summary>The coordinator's base URL.</summary>
    public Uri Uri { get; }

    /// <summary>Share of traffic under <see cref="PrestoRoutingStrategy.Weighted"/> (relative to the other clusters' weights; 0: none). Default 100.</summary>
    public int Weight { get; set; } = 100;

    /// <summary>Routing groups the cluster serves (e.g. <c>adhoc</c>, <c>etl</c>). A cluster without groups serves the default group.</summary>
    public IList<string> Groups { get; } = new List<string>();

    /// <summary>The endpoint is itself a gateway (trino-gateway): the query's routing group is forwarded in <c>X-Trino-Routing-Group</c>.</summary>
    public bool IsGateway { get; set; }

    /// <summary>
    /// Makes the cluster a shadow of this routing group (see docs/shadowing.md): it takes no queries of its own; a share
    /// (<see cref="ShadowFraction"/>) of the group's read-only queries is also sent to it, asynchronously, and its result
    /// compared with the primary's. <see langword="null"/> (the default): an ordinary cluster.
    /// </summary>
    public string? ShadowOf { get; set; }

    /// <summary>The share (0 to 1) of the group's eligible queries mirrored to this shadow cluster. Default 1 (all).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0..1.</exception>
    public double ShadowFraction
    {
        get => _shadowFraction;
        set => _shadowFraction = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A shadow fraction is between 0 and 1.");
    }
}
