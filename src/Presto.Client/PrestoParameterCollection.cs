using System;
using System.Collections;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;

namespace Presto;

/// <summary>The parameters of a <see cref="PrestoCommand"/>.</summary>
public sealed class PrestoParameterCollection : DbParameterCollection
{
    private readonly List<PrestoParameter> _items = new();

    /// <inheritdoc />
    public override int Count => _items.Count;

    /// <inheritdoc />
    public override object SyncRoot => ((ICollection)_items).SyncRoot;

    /// <summary>Adds a parameter.</summary>
    public PrestoParameter Add(PrestoParameter parameter)
    {
        _items.Add(parameter ?? throw new ArgumentNullException(nameof(parameter)));
        return parameter;
    }

    /// <summary>Adds a named parameter with a value.</summary>
    public PrestoParameter AddWithValue(string parameterName, object? value) => Add(new PrestoParameter(parameterName, value));

    /// <inheritdoc />
    public override int Add(object value)
    {
        Add(Cast(value));
        return _items.Count - 1;
    }

    /// <inheritdoc />
    public override void AddRange(Array values)
    {
        foreach (var value in values)
        {
            Add(Cast(value));
        }
    }

    /// <inheritdoc />
    public override void Clear() => _items.Clear();

    /// <inheritdoc />
    public override bool Contains(object value) => value is PrestoParameter p && _items.Contains(p);

    /// <inheritdoc />
    public override bool Contains(string value) => IndexOf(value) >= 0;

    /// <inheritdoc />
    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public override int IndexOf(object value) => value is PrestoParameter p ? _items.IndexOf(p) : -1;

    /// <inheritdoc />
    public override int IndexOf(string parameterName)
    {
        var name = Normalize(parameterName);
        return _items.FindIndex(p => string.Equals(Normalize(p.ParameterName), name, StringComparison.OrdinalIgnoreCase));
    }

    /// <inheritdoc />
    public override void Insert(int index, object value) => _items.Insert(index, Cast(value));

    /// <inheritdoc />
    public override void Remove(object value) => _items.Remove(Cast(value));

    /// <inheritdoc />
    public override void RemoveAt(int index) => _items.RemoveAt(index);

    /// <inheritdoc />
    public override void RemoveAt(string parameterName) => _items.RemoveAt(IndexOfOrThrow(parameterName));

    /// <inheritdoc />
    protected override DbParameter GetParameter(int index) => _items[index];

    /// <inheritdoc />
    protected override DbParameter GetParameter(string parameterName) => _items[IndexOfOrThrow(parameterName)];

    /// <inheritdoc />
    protected override void SetParameter(int index, DbParameter value) => _items[index] = Cast(value);

    /// <inheritdoc />
    protected override void SetParameter(string parameterName, DbParameter value) => _items[IndexOfOrThrow(parameterName)] = Cast(value);

    internal IReadOnlyList<PrestoParameter> Items => _items;

    private int IndexOfOrThrow(string parameterName)
    {
        var index = IndexOf(parameterName);
        return index >= 0 ? index : throw new ArgumentException($"No parameter named '{parameterName}'.", nameof(parameterName));
    }

    private static string Normalize(string? name) => PrestoParameter.NormalizeName(name);

    private static PrestoParameter Cast(object? value) => value as PrestoParameter
        ?? throw new InvalidCastException($"Only {nameof(PrestoParameter)} objects can be added, not {value?.GetType().Name ?? "null"}.");

    /// <summary>Names present more than once (for validation).</summary>
    internal IEnumerable<string> DuplicateNames() =>
        _items.GroupBy(p => Normalize(p.ParameterName), StringComparer.OrdinalIgnoreCase).Where(g => g.Key.Length > 0 && g.Count() > 1).Select(g => g.Key);
}
