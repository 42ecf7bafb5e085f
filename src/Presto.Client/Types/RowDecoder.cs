using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// <c>row(f1 T1, ...)</c> (a positional JSON array) → <see cref="PrestoRow"/> with the natural field values
/// (the exact value where a field's natural type cannot hold it) and the field names of the type.
/// </summary>
internal sealed class RowDecoder : ColumnDecoder
{
    private readonly ColumnDecoder[] _fields;
    private readonly string?[] _names;

    public RowDecoder(TypeSignature signature, IReadOnlyList<ColumnDecoder> fields, IReadOnlyList<string?> names)
        : base(signature)
    {
        _fields = [.. fields];
        _names = [.. names];
    }

    public override Type FieldType => typeof(PrestoRow);

    public override object ReadObject(ref Utf8JsonReader reader) => Read(ref reader, exact: false);

    public override object ReadExact(ref Utf8JsonReader reader) => Read(ref reader, exact: true);

    private PrestoRow Read(ref Utf8JsonReader reader, bool exact)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WireText.WrongToken(Signature.ToString(), ref reader, "a JSON array");
        }

        var values = new object?[_fields.Length];
        for (var i = 0; i < _fields.Length; i++)
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                throw FieldCount(i);
            }

            if (reader.TokenType != JsonTokenType.Null)
            {
                values[i] = exact ? _fields[i].ReadExact(ref reader) : _fields[i].ReadObject(ref reader);
            }
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw FieldCount(_fields.Length + 1);
        }

        return PrestoRow.Create(values, _names);
    }

    private FormatException FieldCount(int got) => new(
        "Invalid " + Signature.ToString() + " value: expected " + _fields.Length.ToString(CultureInfo.InvariantCulture) + " fields, got "
        + (got > _fields.Length ? "more" : got.ToString(CultureInfo.InvariantCulture)) + ".");
}
