using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// <c>array(T)</c> → a typed CLR array of the element's natural type, nullable for value types (<c>array(bigint)</c> →
/// <c>long?[]</c>, <c>array(array(integer))</c> → <c>int?[][]</c>). When one element cannot be held by its natural type the
/// whole array is read as the element's exact type (<c>PrestoDecimal?[]</c>).
/// </summary>
internal sealed class ArrayDecoder : ColumnDecoder
{
    private readonly ColumnDecoder _element;
    private readonly Type _naturalElement;
    private readonly Type _exactElement;
    private readonly Func<List<object?>, Array> _naturalArray;
    private readonly Func<List<object?>, Array> _exactArray;

    public ArrayDecoder(TypeSignature signature, ColumnDecoder element)
        : base(signature)
    {
        _element = element;
        _naturalElement = ContainerTypes.Nullable(element.FieldType);
        _exactElement = ContainerTypes.Nullable(element.ExactType);
        _naturalArray = ContainerTypes.ArrayFactory(_naturalElement);
        _exactArray = ContainerTypes.ArrayFactory(_exactElement);
        FieldType = _naturalElement.MakeArrayType();
        ExactType = _exactElement.MakeArrayType();
    }

    public override Type FieldType { get; }

    public override Type ExactType { get; }

    public override object ReadObject(ref Utf8JsonReader reader)
    {
        var start = reader;
        var array = Read(ref reader, exact: false);
        if (array is not null)
        {
            return array;
        }

        reader = start;
        return Read(ref reader, exact: true)!;
    }

    public override object ReadExact(ref Utf8JsonReader reader) => Read(ref reader, exact: true)!;

    /// <summary>The array, or null (natural mode) when an element is not representable by its natural type.</summary>
    private Array? Read(ref Utf8JsonReader reader, bool exact)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WireText.WrongToken(Signature.ToString(), ref reader, "a JSON array");
        }

        var slot = exact ? _exactElement : _naturalElement;
        var values = new List<object?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                values.Add(null);
                continue;
            }

            var value = exact ? _element.ReadExact(ref reader) : _element.ReadObject(ref reader);
            if (!ContainerTypes.Fits(slot, exact ? _element.ExactType : _element.FieldType, value))
            {
                if (!exact)
                {
                    return null;
                }

                throw new FormatException("Invalid " + Signature.ToString() + " value: an element decoded as " + value.GetType().Name + ".");
            }

            values.Add(value);
        }

        return exact ? _exactArray(values) : _naturalArray(values);
    }
}
