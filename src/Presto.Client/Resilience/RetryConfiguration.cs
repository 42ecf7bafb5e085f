using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace Presto.Resilience;

/// <summary>Reads <see cref="PrestoRetryOptions"/> from an <see cref="IConfiguration"/> section, by hand (no reflection binder).</summary>
internal static class RetryConfiguration
{
    public static void Apply(PrestoRetryOptions options, IConfiguration section)
    {
        if (Time(section, "MaxRetryDelay") is { } maxDelay)
        {
            options.MaxRetryDelay = maxDelay;
        }

        if (Time(section, "MaxRetryDuration") is { } maxDuration)
        {
            options.MaxRetryDuration = maxDuration;
        }

        if (Number(section, "ReadAheadBytes") is { } bytes)
        {
            options.ReadAheadBytes = (long)bytes;
        }

        if (Number(section, "ReadAheadRows") is { } rows)
        {
            options.ReadAheadRows = checked((int)rows);
        }

        var budget = section.GetSection("Budget");
        if (budget.Exists())
        {
            options.Budget = new PrestoRetryBudget
            {
                Ratio = Number(budget, "Ratio") ?? options.Budget.Ratio,
                MinRetriesPerSecond = Number(budget, "MinRetriesPerSecond") ?? options.Budget.MinRetriesPerSecond,
                Window = Time(budget, "Window") ?? options.Budget.Window,
            };
        }

        foreach (var id in section.GetSection("RemoveRules").GetChildren())
        {
            if (id.Value is { Length: > 0 } value && !options.Rules.Remove(value))
            {
                throw new ArgumentException($"{id.Path}: there is no retry rule '{value}' to remove.");
            }
        }

        var insertAt = 0;
        foreach (var child in section.GetSection("Rules").GetChildren())
        {
            var rule = ReadRule(child);
            if (options.Rules.IndexOf(rule.Id) >= 0)
            {
                options.Rules.Replace(rule.Id, rule);
            }
            else
            {
                options.Rules.Insert(insertAt++, rule);
            }
        }
    }

    private static PrestoRetryRule ReadRule(IConfigurationSection s)
    {
        var id = s["Id"] ?? throw new ArgumentException($"{s.Path}: a retry rule needs an Id.");
        var decision = Enum<PrestoRetryDecision>(s, "Decision") ?? throw new ArgumentException($"{s.Path}: retry rule '{id}' needs a Decision (Never, RetrySameCluster or RetryOtherCluster).");
        var defaults = new PrestoRetryRule(id, decision);
        return new PrestoRetryRule(id, decision)
        {
            ErrorNames = List(s, "ErrorNames", c => c.Value!),
            ErrorCodes = List(s, "ErrorCodes", c => (int)Parse(c, c.Value!)),
            Dialect = Enum<PrestoDialect>(s, "Dialect") ?? PrestoDialect.Auto,
            ErrorTypes = List(s, "ErrorTypes", c => EnumValue<PrestoErrorType>(c, c.Value!)),
            MessagePattern = s["MessagePattern"],
            Phases = List(s, "Phases", c => EnumValue<PrestoQueryPhase>(c, c.Value!)),
            HttpStatuses = List(s, "HttpStatuses", c => (int)Parse(c, c.Value!)),
            TransportFailure = Enum<PrestoTransportFailure>(s, "TransportFailure"),
            StatementKind = Enum<PrestoStatementKind>(s, "StatementKind"),
            Retriable = Bool(s, "Retriable"),
            ProvesNotExecuted = Bool(s, "ProvesNotExecuted") ?? false,
            MaxAttempts = Number(s, "MaxAttempts") is { } max ? checked((int)max) : defaults.MaxAttempts,
            DelayFactor = Number(s, "DelayFactor") ?? defaults.DelayFactor,
            Backoff = Enum<PrestoRetryBackoff>(s, "Backoff") ?? defaults.Backoff,
            HonorRetryAfter = Bool(s, "HonorRetryAfter") ?? defaults.HonorRetryAfter,
        };
    }

    private static IReadOnlyCollection<T>? List<T>(IConfigurationSection s, string key, Func<IConfigurationSection, T> read)
    {
        var items = s.GetSection(key).GetChildren().Where(c => c.Value is { Length: > 0 }).Select(read).ToList();
        return items.Count > 0 ? items : null;
    }

    internal static double? Number(IConfiguration s, string key) =>
        s.GetSection(key) is { Value: { Length: > 0 } text } item ? Parse(item, text) : null;

    internal static double Parse(IConfigurationSection item, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{item.Path}: '{text}' is not a number.");

    internal static TimeSpan? Time(IConfiguration s, string key)
    {
        if (s.GetSection(key) is not { Value: { Length: > 0 } text } item)
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{item.Path}: '{text}' is not a time span (use hh:mm:ss, e.g. 00:00:30).");
    }

    internal static bool? Bool(IConfiguration s, string key) =>
        s.GetSection(key) is { Value: { Length: > 0 } text } item
            ? bool.TryParse(text, out var value) ? value : throw new ArgumentException($"{item.Path}: '{text}' is not true or false.")
            : null;

    internal static T? Enum<T>(IConfigurationSection s, string key)
        where T : struct, Enum =>
        s.GetSection(key) is { Value: { Length: > 0 } text } item ? EnumValue<T>(item, text) : null;

    /// <summary>An enum member by name, case-insensitive, underscores ignored (so <c>USER_ERROR</c> reads as <c>UserError</c>).</summary>
    internal static T EnumValue<T>(IConfigurationSection item, string text)
        where T : struct, Enum
    {
        var wanted = text.Replace("_", string.Empty);
        foreach (var name in System.Enum.GetNames(typeof(T)))
        {
            if (string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return (T)System.Enum.Parse(typeof(T), name);
            }
        }

        throw new ArgumentException($"{item.Path}: '{text}' is not one of {string.Join(", ", System.Enum.GetNames(typeof(T)))}.");
    }
}
