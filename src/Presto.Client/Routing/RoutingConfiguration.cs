using System;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Presto.Resilience;

namespace Presto.Routing;

/// <summary>Reads <see cref="PrestoRoutingOptions"/> from configuration, by hand (no reflection binder).</summary>
internal static class RoutingConfiguration
{
    public static void Apply(PrestoRoutingOptions options, IConfiguration section)
    {
        var strategy = section.GetSection("Strategy");
        if (strategy.Value is { Length: > 0 } text)
        {
            options.Strategy = RetryConfiguration.EnumValue<PrestoRoutingStrategy>(strategy, text);
        }

        if (RetryConfiguration.Time(section, "HealthCheckInterval") is { } interval)
        {
            options.HealthCheckInterval = interval;
        }

        if (RetryConfiguration.Time(section, "HedgeDelay") is { } hedge)
        {
            options.HedgeDelay = hedge;
        }

        if (RetryConfiguration.Bool(section, "StrictGroupIsolation") is { } strict)
        {
            options.StrictGroupIsolation = strict;
        }

        if (section["DefaultGroup"] is { Length: > 0 } group)
        {
            options.DefaultGroup = group;
        }

        foreach (var child in section.GetSection("Clusters").GetChildren())
        {
            var name = child["Name"] ?? throw new ArgumentException($"{child.Path}: a cluster needs a Name.");
            var uri = child["Uri"] is { } text2 && Uri.TryCreate(text2, UriKind.Absolute, out var parsed)
                ? parsed
                : throw new ArgumentException($"{child.Path}: cluster '{name}' needs an absolute Uri.");
            var cluster = new PrestoClusterOptions(name, uri)
            {
                Weight = RetryConfiguration.Number(child, "Weight") is { } weight ? checked((int)weight) : 100,
                IsGateway = RetryConfiguration.Bool(child, "IsGateway") ?? false,
                ShadowOf = child["ShadowOf"] is { Length: > 0 } shadowOf ? shadowOf : null,
            };
            if (RetryConfiguration.Number(child, "ShadowFraction") is { } fraction)
            {
                cluster.ShadowFraction = fraction is >= 0 and <= 1 ? fraction : throw new ArgumentException($"{child.Path}:ShadowFraction: a shadow fraction is between 0 and 1.");
            }

            foreach (var g in child.GetSection("Groups").GetChildren().Select(c => c.Value).Where(v => v is { Length: > 0 }))
            {
                cluster.Groups.Add(g!);
            }

            options.Clusters.Add(cluster);
        }

        var shadowing = section.GetSection("Shadowing");
        if (RetryConfiguration.Number(shadowing, "MaxConcurrency") is { } concurrency)
        {
            options.Shadowing.MaxConcurrency = concurrency >= 1 ? checked((int)concurrency) : throw new ArgumentException($"{shadowing.Path}:MaxConcurrency: at least 1.");
        }

        if (RetryConfiguration.Time(shadowing, "Timeout") is { } timeout)
        {
            options.Shadowing.Timeout = timeout > TimeSpan.Zero ? timeout : throw new ArgumentException($"{shadowing.Path}:Timeout: a shadow timeout is positive.");
        }

        if (RetryConfiguration.Number(shadowing, "Seed") is { } seed)
        {
            options.Shadowing.Seed = checked((int)seed);
        }
    }
}
