using System;
using System.Collections;
using System.Collections.Generic;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// <c>map(K,V)</c> (a JSON object) → <c>Dictionary&lt;K, V?&gt;</c> of the natural types, value types nullable
/// (<c>map(varchar,bigint)</c> → <c>Dictionary&lt;string,long?&gt;</c>). Keys arrive as strings and are re-parsed with the key
/// type's decoder (<c>"1"</c>, <c>"1.0"</c>, <c>"true"</c>, dates, Base64); keys of container types stay strings. When a key or
/// value cannot be held by its natural type the whole map is read with the exact types.
/// </summary>
internal sealed class MapDecoder : ColumnDecoder
{
    private readonly ColumnDecoder? _key;
    private readonly ColumnDecoder _value;
    private readonly Type _naturalKey;
    private readonly Type _exactKey;
    private readonly Type _naturalValue;
    private readonly Type _exactValue;
    private readonly Func<IDictionary> _naturalMap;
    private readonly Func<IDictionary> _exactMap;

    public MapDecoder(TypeSignature signature, ColumnDecoder key, ColumnDecoder value)
        : base(signature)
    {
        // Keys are toString() forms of the Java key; only scalar key types can be re-parsed.
        _key = key is ArrayDecoder or MapDecoder or RowDecoder or RawJsonDecoder ? null : key;
        _value = value;
        _naturalKey = _key?.FieldType ?? typeof(string);
        _exactKey = _key?.ExactType ?? typeof(string);
        _naturalValue = ContainerTypes.Nullable(value.FieldType);
        _exactValue = ContainerTypes.Nullable(value.ExactType);
        FieldType = typeof(Dictionary<,>).MakeGenericType(_naturalKey, _naturalValue);
        ExactType = typeof(Dictionary<,>).MakeGenericType(_exactKey, _exactValue);
        _naturalMap = ContainerTypes.DictionaryFactory(FieldType);
        _exactMap = ContainerTypes.DictionaryFactory(ExactType);
    }

    public override Type FieldType { get; }

    public override Type ExactType { get; }

    public override object ReadObject(ref Utf8JsonReader reader)
    {
        var start = reader;
        var map = Read(ref reader, exact: false);
        if (map is not null)
        {
            return map;
        }

        reader = start;
        return Read(ref reader, exact: true)!;
    }

    public override object ReadExact(ref Utf8JsonReader reader) => Read(ref reader, exact: true)!;

    private IDictionary? Read(ref Utf8JsonReader reader, bool exact)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw WireText.WrongToken(Signature.ToString(), ref reader, "a JSON object");
        }

        var map = exact ? _exactMap() : _naturalMap();
        var keySlot = exact ? _exactKey : _naturalKey;
        var valueSlot = exact ? _exactValue : _naturalValue;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            object key = _key is null ? reader.GetString()! : exact ? _key.ReadExact(ref reader) : _key.ReadObject(ref reader);
            if (!ContainerTypes.Fits(keySlot, keySlot, key))
            {
                return exact ? throw Mismatch(key) : null;
            }

            reader.Read();
            object? value = null;
            if (reader.TokenType != JsonTokenType.Null)
            {
                value = exact ? _value.ReadExact(ref reader) : _value.ReadObject(ref reader);
                if (!ContainerTypes.Fits(valueSlot, exact ? _value.ExactType : _value.FieldType, value))
                {
                    return exact ? throw Mismatch(value) : null;
                }
            }

            map[key] = value;
        }

        return map;
    }

    private FormatException Mismatch(object value) =>
        new("Invalid " + Signature.ToString() + " value: an entry decoded as " + value.GetType().Name + ".");
}
