using System.Collections.Generic;

namespace Presto.Resilience;

/// <summary>The ordered rule table, compiled: the first rule that matches a failure decides (none: not retried).</summary>
internal sealed class FailureClassifier
{
    private readonly CompiledRule[] _rules;

    public FailureClassifier(IEnumerable<PrestoRetryRule> rules)
    {
        var compiled = new List<CompiledRule>();
        foreach (var rule in rules)
        {
            compiled.Add(new CompiledRule(rule));
        }

        _rules = compiled.ToArray();
    }

    public CompiledRule? Classify(FailureFacts facts)
    {
        foreach (var rule in _rules)
        {
            if (rule.Matches(facts))
            {
                return rule;
            }
        }

        return null;
    }
}
