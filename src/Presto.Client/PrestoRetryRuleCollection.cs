using System;
using System.Collections.ObjectModel;

namespace Presto;

/// <summary>
/// The ordered classification table (first match wins). Starts with the default rules; insert your own before them
/// (<c>Insert(0, rule)</c>) to override a default, <see cref="Replace"/> or <see cref="Remove(string)"/> one by id.
/// Ids are unique.
/// </summary>
public sealed class PrestoRetryRuleCollection : Collection<PrestoRetryRule>
{
    /// <summary>Creates an empty table.</summary>
    public PrestoRetryRuleCollection()
    {
    }

    /// <summary>The position of the rule with <paramref name="id"/>, or -1.</summary>
    public int IndexOf(string id)
    {
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(this[i].Id, id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The rule with <paramref name="id"/>, or <see langword="null"/>.</summary>
    public PrestoRetryRule? Find(string id) => IndexOf(id) is var i and >= 0 ? this[i] : null;

    /// <summary>Removes the rule with <paramref name="id"/>; <see langword="false"/> when there is none.</summary>
    public bool Remove(string id)
    {
        var index = IndexOf(id);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        return true;
    }

    /// <summary>Puts <paramref name="rule"/> in the place of the rule with <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">No rule has that id.</exception>
    public void Replace(string id, PrestoRetryRule rule)
    {
        var index = IndexOf(id);
        if (index < 0)
        {
            throw new ArgumentException($"There is no retry rule with id '{id}' to replace.", nameof(id));
        }

        this[index] = rule;
    }

    /// <inheritdoc />
    protected override void InsertItem(int index, PrestoRetryRule item)
    {
        CheckUnique(item, -1);
        base.InsertItem(index, item);
    }

    /// <inheritdoc />
    protected override void SetItem(int index, PrestoRetryRule item)
    {
        CheckUnique(item, index);
        base.SetItem(index, item);
    }

    private void CheckUnique(PrestoRetryRule item, int replacing)
    {
        if (item is null)
        {
            throw new ArgumentNullException(nameof(item));
        }

        var existing = IndexOf(item.Id);
        if (existing >= 0 && existing != replacing)
        {
            throw new ArgumentException($"A retry rule with id '{item.Id}' is already in the table; use Replace to change it.", nameof(item));
        }
    }
}
