#if NET6_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Data.Common;

namespace Presto;

/// <summary>The statements of a <see cref="PrestoBatch"/>, run in order.</summary>
public sealed class PrestoBatchCommandCollection : DbBatchCommandCollection
{
    private readonly List<PrestoBatchCommand> _items = new();

    /// <inheritdoc />
    public override int Count => _items.Count;

    /// <inheritdoc />
    public override bool IsReadOnly => false;

    /// <summary>The command at <paramref name="index"/>.</summary>
    public new PrestoBatchCommand this[int index]
    {
        get => _items[index];
        set => _items[index] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Adds a command with SQL text and returns it.</summary>
    public PrestoBatchCommand Add(string commandText)
    {
        var command = new PrestoBatchCommand(commandText);
        _items.Add(command);
        return command;
    }

    /// <inheritdoc />
    public override void Add(DbBatchCommand item) => _items.Add(Cast(item));

    /// <inheritdoc />
    public override void Clear() => _items.Clear();

    /// <inheritdoc />
    public override bool Contains(DbBatchCommand item) => item is PrestoBatchCommand p && _items.Contains(p);

    /// <inheritdoc />
    public override void CopyTo(DbBatchCommand[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        for (int i = 0; i < _items.Count; i++)
        {
            array[arrayIndex + i] = _items[i];
        }
    }

    /// <inheritdoc />
    public override IEnumerator<DbBatchCommand> GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public override int IndexOf(DbBatchCommand item) => item is PrestoBatchCommand p ? _items.IndexOf(p) : -1;

    /// <inheritdoc />
    public override void Insert(int index, DbBatchCommand item) => _items.Insert(index, Cast(item));

    /// <inheritdoc />
    public override bool Remove(DbBatchCommand item) => item is PrestoBatchCommand p && _items.Remove(p);

    /// <inheritdoc />
    public override void RemoveAt(int index) => _items.RemoveAt(index);

    internal PrestoBatchCommand[] ToArray() => _items.ToArray();

    /// <inheritdoc />
    protected override DbBatchCommand GetBatchCommand(int index) => _items[index];

    /// <inheritdoc />
    protected override void SetBatchCommand(int index, DbBatchCommand batchCommand) => _items[index] = Cast(batchCommand);

    private static PrestoBatchCommand Cast(DbBatchCommand item) => item switch
    {
        null => throw new ArgumentNullException(nameof(item)),
        PrestoBatchCommand p => p,
        _ => throw new InvalidCastException($"A {nameof(PrestoBatch)} needs {nameof(PrestoBatchCommand)} items, not {item.GetType().Name}."),
    };
}
#endif
