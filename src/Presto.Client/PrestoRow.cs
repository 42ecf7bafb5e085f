using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Presto;

/// <summary>
/// A Presto/Trino <c>row(...)</c> value: field values in declaration order (natural CLR values, <see langword="null"/>
/// for SQL NULL) and the field names from the type (<see langword="null"/> for anonymous fields).
/// Equality is structural (nested arrays, maps and rows compared element by element).
/// </summary>
public sealed class PrestoRow : IReadOnlyList<object?>, IEquatable<PrestoRow>
{
    private readonly object?[] _values;
    private readonly string?[] _names;

    /// <summary>Creates a row.</summary>
    /// <param name="values">Field values in order.</param>
    /// <param name="fieldNames">Field names in the same order (null entries for anonymous fields); all anonymous when omitted.</param>
    public PrestoRow(IEnumerable<object?> values, IEnumerable<string?>? fieldNames = null)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        _values = [.. values];
        _names = fieldNames is null ? new string?[_values.Length] : [.. fieldNames];
        if (_names.Length != _values.Length)
        {
            throw new ArgumentException("There must be one field name per value.", nameof(fieldNames));
        }
    }

    private PrestoRow(object?[] values, string?[] names, bool trusted)
    {
        _ = trusted;
        _values = values;
        _names = names;
    }

    /// <summary>A row over arrays the caller owns and will not change (decoders: names shared by every row of a column).</summary>
    internal static PrestoRow Create(object?[] values, string?[] names) => new(values, names, trusted: true);

    /// <summary>The number of fields.</summary>
    public int Count => _values.Length;

    /// <summary>Field names in order; <see langword="null"/> entries for anonymous fields.</summary>
    public IReadOnlyList<string?> FieldNames => _names;

    /// <summary>The value of the field at <paramref name="index"/>.</summary>
    /// <exception cref="IndexOutOfRangeException">No such field.</exception>
    public object? this[int index] => (uint)index < (uint)_values.Length
        ? _values[index]
        : throw new IndexOutOfRangeException("The row has no field " + index.ToString(CultureInfo.InvariantCulture) + "; it has " + _values.Length.ToString(CultureInfo.InvariantCulture) + ".");

    /// <summary>The value of the field named <paramref name="name"/> (exact match first, then case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No such field.</exception>
    public object? this[string name] => _values[GetOrdinal(name)];

    /// <summary>The index of the field named <paramref name="name"/> (exact match first, then case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No such field.</exception>
    public int GetOrdinal(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        for (var i = 0; i < _names.Length; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < _names.Length; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new KeyNotFoundException("The row has no field named '" + name + "'.");
    }

    /// <summary>The value of the field at <paramref name="index"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/> (or is null and <typeparamref name="T"/> is a non-nullable value type).</exception>
    public T GetFieldValue<T>(int index) => Cast<T>(this[index], index.ToString(CultureInfo.InvariantCulture));

    /// <summary>The value of the field named <paramref name="name"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/> (or is null and <typeparamref name="T"/> is a non-nullable value type).</exception>
    public T GetFieldValue<T>(string name) => Cast<T>(this[name], name);

    /// <inheritdoc />
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();

    /// <summary>Structural equality: same field names and equal values (nested collections compared element by element).</summary>
    public bool Equals(PrestoRow? other)
    {
        if (other is null || other._values.Length != _values.Length)
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            if (!string.Equals(_names[i], other._names[i], StringComparison.Ordinal) || !DeepEquals(_values[i], other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PrestoRow);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = _values.Length;
        foreach (var value in _values)
        {
            hash = unchecked((hash * 31) + DeepHash(value));
        }

        return hash;
    }

    /// <summary><c>{a=1, b=x}</c> (anonymous fields without <c>name=</c>), culture-invariant.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Append(builder, this);
        return builder.ToString();
    }

    private static T Cast<T>(object? value, string field)
    {
        if (value is T typed)
        {
            return typed;
        }

        if (value is null && default(T) is null)
        {
            return default!;
        }

        throw new InvalidCastException("Row field " + field + " holds " + (value is null ? "null" : value.GetType().Name) + ", not " + typeof(T).Name + ".");
    }

    private static bool DeepEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null)
        {
            return false;
        }

        if (a is IDictionary da && b is IDictionary db)
        {
            if (da.Count != db.Count)
            {
                return false;
            }

            foreach (DictionaryEntry entry in da)
            {
                if (!db.Contains(entry.Key) || !DeepEquals(entry.Value, db[entry.Key]))
                {
                    return false;
                }
            }

            return true;
        }

        if (a is IList la && b is IList lb && a is not PrestoRow && b is not PrestoRow)
        {
            if (la.Count != lb.Count)
            {
                return false;
            }

            for (var i = 0; i < la.Count; i++)
            {
                if (!DeepEquals(la[i], lb[i]))
                {
                    return false;
                }
            }

            return true;
        }

        return a.Equals(b);
    }

    private static int DeepHash(object? value) => value switch
    {
        null => 0,
        IDictionary d => d.Count,
        string s => StringComparer.Ordinal.GetHashCode(s),
        IList l when value is not PrestoRow => l.Count,
        _ => value.GetHashCode(),
    };

    internal static void Append(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case string s:
                builder.Append(s);
                break;
            case PrestoRow row:
                builder.Append('{');
                for (var i = 0; i < row._values.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    if (row._names[i] is { } name)
                    {
                        builder.Append(name).Append('=');
                    }

                    Append(builder, row._values[i]);
                }

                builder.Append('}');
                break;
            case byte[] bytes:
                builder.Append(Convert.ToBase64String(bytes));
                break;
            case IDictionary map:
                builder.Append('{');
                var first = true;
                foreach (DictionaryEntry entry in map)
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    first = false;
                    Append(builder, entry.Key);
                    builder.Append('=');
                    Append(builder, entry.Value);
                }

                builder.Append('}');
                break;
            case IList list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    Append(builder, list[i]);
                }

                builder.Append(']');
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case IFormattable formattable:
                builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                builder.Append(value.ToString());
                break;
        }
    }
}
