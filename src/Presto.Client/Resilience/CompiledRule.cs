using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Presto.Protocol;

namespace Presto.Resilience;

/// <summary>A <see cref="PrestoRetryRule"/> checked and made fast to match: sets for the lists, the pattern compiled once.</summary>
internal sealed class CompiledRule
{
    /// <summary>How long one message match may run before it counts as no match.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private readonly HashSet<string>? _names;
    private readonly HashSet<int>? _codes;
    private readonly HashSet<PrestoErrorType>? _types;
    private readonly HashSet<PrestoQueryPhase>? _phases;
    private readonly HashSet<int>? _statuses;
    private readonly Regex? _pattern;

    public CompiledRule(PrestoRetryRule rule)
    {
        Rule = rule;
        if (rule.ErrorCodes is { Count: > 0 } && rule.Dialect == PrestoDialect.Auto)
        {
            throw new ArgumentException(
                $"Retry rule '{rule.Id}' matches error codes without a dialect; error numbers differ between Trino and PrestoDB, so set Dialect to Trino or Presto (or match ErrorNames).");
        }

        if (rule.MaxAttempts < 0)
        {
            throw new ArgumentException($"Retry rule '{rule.Id}': MaxAttempts must be 0 (no extra cap) or more.");
        }

        if (rule.DelayFactor < 0 || double.IsNaN(rule.DelayFactor) || double.IsInfinity(rule.DelayFactor))
        {
            throw new ArgumentException($"Retry rule '{rule.Id}': DelayFactor must be a finite number, 0 or more.");
        }

        _names = Set(rule.ErrorNames, StringComparer.Ordinal);
        _codes = Set(rule.ErrorCodes, null);
        _types = Set(rule.ErrorTypes, null);
        _phases = Set(rule.Phases, null);
        _statuses = Set(rule.HttpStatuses, null);
        if (rule.MessagePattern is { Length: > 0 } pattern)
        {
            try
            {
                _pattern = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Retry rule '{rule.Id}': MessagePattern is not a valid regular expression: {ex.Message}", ex);
            }
        }
    }

    public PrestoRetryRule Rule { get; }

    public string Id => Rule.Id;

    public bool Matches(FailureFacts facts)
    {
        var rule = Rule;
        if (rule.Dialect != PrestoDialect.Auto && (int)rule.Dialect != (int)facts.Dialect)
        {
            return false;
        }

        if ((_names is not null && (facts.ErrorName is null || !_names.Contains(facts.ErrorName))) ||
            (_codes is not null && (facts.ErrorCode is not { } code || !_codes.Contains(code))) ||
            (_types is not null && (facts.ErrorType is not { } type || !_types.Contains(type))) ||
            (_phases is not null && !_phases.Contains(facts.Phase)) ||
            (_statuses is not null && (facts.HttpStatus is not { } status || !_statuses.Contains(status))) ||
            (rule.StatementKind is { } kind && kind != facts.StatementKind) ||
            (rule.Retriable is { } retriable && facts.Retriable != retriable))
        {
            return false;
        }

        if (rule.TransportFailure is { } transport &&
            (facts.Transport is not { } actual || (transport != PrestoTransportFailure.Any && transport != actual)))
        {
            return false;
        }

        if (_pattern is not null)
        {
            try
            {
                return _pattern.IsMatch(facts.Message);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        return true;
    }

    private static HashSet<T>? Set<T>(IReadOnlyCollection<T>? items, IEqualityComparer<T>? comparer) =>
        items is { Count: > 0 } ? new HashSet<T>(items, comparer) : null;
}
