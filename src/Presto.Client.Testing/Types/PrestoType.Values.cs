using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Presto.Testing.Types;

/// <summary>Value encoding for the <c>data</c> rows (PROTOCOL.md §6).</summary>
internal sealed partial class PrestoType
{
    private const int ScalarBufferSize = 128;

    private static readonly ConcurrentDictionary<Type, (PropertyInfo Key, PropertyInfo Value)?> s_pairAccessors = new();

    /// <summary>
    /// Writes <paramref name="value"/> as this type's JSON value, exactly as the <paramref name="dialect"/> server would.
    /// <c>null</c> (or <see cref="DBNull"/>) is JSON null at any level; a <see cref="string"/> is the exact wire text and is
    /// written as a JSON string for every type (<c>char(n)</c> strings are right-padded to n); a <see cref="JsonElement"/>/<see cref="JsonNode"/>
    /// is written as-is (for <c>json</c> as its text). Throws <see cref="ArgumentException"/> when the value cannot be encoded.
    /// </summary>
    public void WriteValue(Utf8JsonWriter writer, object? value, ServerDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null || value is DBNull || Kind == TypeKind.Unknown)
        {
            writer.WriteNullValue();
            return;
        }

        if (value is string text)
        {
            if (Kind == TypeKind.Char && text.Length < _length)
            {
                text = text.PadRight(_length);
            }

            writer.WriteStringValue(text);
            return;
        }

        switch (Kind)
        {
            case TypeKind.Boolean:
                if (value is not bool boolean)
                {
                    throw Mismatch(value);
                }

                writer.WriteBooleanValue(boolean);
                return;
            case TypeKind.TinyInt:
            case TypeKind.SmallInt:
            case TypeKind.Integer:
            case TypeKind.BigInt:
                writer.WriteNumberValue(GetIntegerInRange(value));
                return;
            case TypeKind.Array:
                WriteArray(writer, value, dialect);
                return;
            case TypeKind.Map:
                WriteMap(writer, value, dialect);
                return;
            case TypeKind.Row:
                WriteRow(writer, value, dialect);
                return;
            case TypeKind.Varbinary:
            case TypeKind.Sketch:
                if (!TryGetBytes(value, out ReadOnlySpan<byte> bytes))
                {
                    goto default;
                }

                writer.WriteBase64StringValue(bytes);
                return;
            case TypeKind.Varchar:
            case TypeKind.Char:
                if (value is char c)
                {
                    WriteValue(writer, c.ToString(), dialect);
                    return;
                }

                throw Mismatch(value);
            case TypeKind.Json:
                switch (value)
                {
                    case JsonElement element:
                        writer.WriteStringValue(element.GetRawText());
                        return;
                    case JsonNode node:
                        writer.WriteStringValue(node.ToJsonString());
                        return;
                }

                throw Mismatch(value);
            default:
                switch (value)
                {
                    case JsonElement element:
                        element.WriteTo(writer);
                        return;
                    case JsonNode node:
                        node.WriteTo(writer);
                        return;
                }

                // Scalars with a fixed-size text form: formatted into a stack buffer; strings are
                // written raw with their quotes (the text is plain ASCII that needs no escaping).
                Span<byte> buffer = stackalloc byte[ScalarBufferSize];
                int length = FormatScalar(value, buffer, 1, dialect, out bool isString);
                if (isString)
                {
                    buffer[0] = (byte)'"';
                    buffer[length++] = (byte)'"';
                    writer.WriteRawValue(buffer[..length], skipInputValidation: true);
                }
                else
                {
                    writer.WriteRawValue(buffer[1..length], skipInputValidation: true);
                }

                return;
        }
    }

    /// <summary>The text of a value as a map key: the Java <c>toString()</c> of the server's value object (§6).</summary>
    internal string FormatMapKey(object? key, ServerDialect dialect)
    {
        switch (key)
        {
            case null:
            case DBNull:
                throw new ArgumentException($"A map key of type {DisplayName} cannot be null.", nameof(key));
            case string text:
                return Kind == TypeKind.Char && text.Length < _length ? text.PadRight(_length) : text;
        }

        switch (Kind)
        {
            case TypeKind.Varbinary:
            case TypeKind.Sketch:
                if (TryGetBytes(key, out ReadOnlySpan<byte> bytes))
                {
                    return Convert.ToBase64String(bytes);
                }

                break;
            case TypeKind.Varchar:
            case TypeKind.Char:
                if (key is char c)
                {
                    return FormatMapKey(c.ToString(), dialect);
                }

                break;
            case TypeKind.Boolean:
                if (key is bool boolean)
                {
                    return boolean ? "true" : "false";
                }

                break;
            case TypeKind.TinyInt:
            case TypeKind.SmallInt:
            case TypeKind.Integer:
            case TypeKind.BigInt:
                return GetIntegerInRange(key).ToString(CultureInfo.InvariantCulture);
            case TypeKind.Array:
            case TypeKind.Map:
            case TypeKind.Row:
            case TypeKind.Json:
            case TypeKind.Unknown:
                throw new ArgumentException($"Map keys of type {DisplayName} are not supported by this test server; pass the key as a string.", nameof(key));
            default:
                Span<byte> buffer = stackalloc byte[ScalarBufferSize];
                int length = FormatScalar(key, buffer, 0, dialect, out _);
                return System.Text.Encoding.ASCII.GetString(buffer[..length]);
        }

        throw Mismatch(key);
    }

    /// <summary>
    /// Formats a fixed-size scalar (numbers, decimals, date-time, intervals, uuid, ipaddress) as ASCII at <paramref name="pos"/>;
    /// <paramref name="isString"/> tells whether the JSON value is a string. Returns the end position.
    /// </summary>
    private int FormatScalar(object value, Span<byte> d, int pos, ServerDialect dialect, out bool isString)
    {
        isString = true;
        switch (Kind)
        {
            case TypeKind.Boolean when value is bool boolean:
                isString = false;
                return Append(boolean ? "true"u8 : "false"u8, d, pos);
            case TypeKind.TinyInt:
            case TypeKind.SmallInt:
            case TypeKind.Integer:
            case TypeKind.BigInt:
                isString = false;
                return WireFormat.Integer(GetIntegerInRange(value), d, pos);
            case TypeKind.Double:
            {
                double number = value switch
                {
                    double x => x,
                    float x => x,
                    decimal x => (double)x,
                    _ => TryGetInt64(value, out long l) ? l : throw Mismatch(value),
                };
                if (!double.IsFinite(number))
                {
                    return Append(double.IsNaN(number) ? "NaN"u8 : number > 0 ? "Infinity"u8 : "-Infinity"u8, d, pos);
                }

                isString = false;
                return WireFormat.JavaDouble(number, d, pos);
            }

            case TypeKind.Real:
            {
                float number = value switch
                {
                    float x => x,
                    double x => (float)x,
                    decimal x => (float)x,
                    _ => TryGetInt64(value, out long l) ? l : throw Mismatch(value),
                };
                if (!float.IsFinite(number))
                {
                    return Append(float.IsNaN(number) ? "NaN"u8 : number > 0 ? "Infinity"u8 : "-Infinity"u8, d, pos);
                }

                isString = false;
                return WireFormat.JavaFloat(number, d, pos);
            }

            case TypeKind.Decimal:
                return FormatDecimal(value, d, pos);
            case TypeKind.Date:
                switch (value)
                {
                    case DateOnly date:
                        return WireFormat.Date(date.Year, date.Month, date.Day, d, pos);
                    case DateTime dateTime:
                        return WireFormat.Date(dateTime.Year, dateTime.Month, dateTime.Day, d, pos);
                    case DateTimeOffset offset:
                        return WireFormat.Date(offset.Year, offset.Month, offset.Day, d, pos);
                }

                break;
            case TypeKind.Time:
            {
                long ticks = value switch
                {
                    TimeOnly time => time.Ticks,
                    TimeSpan span when span >= TimeSpan.Zero && span.Ticks < TimeSpan.TicksPerDay => span.Ticks,
                    TimeSpan => throw new ArgumentException($"A TimeSpan for {DisplayName} must be within 00:00:00..23:59:59.9999999.", nameof(value)),
                    _ => throw Mismatch(value),
                };
                int precision = dialect == ServerDialect.Presto ? 3 : _precision;
                return WireFormat.TimeOfDay(WireFormat.RoundTicks(ticks, precision) % TimeSpan.TicksPerDay, precision, d, pos);
            }

            case TypeKind.TimeWithTimeZone:
                if (value is DateTimeOffset timeWithZone)
                {
                    int precision = dialect == ServerDialect.Presto ? 3 : _precision;
                    long ticks = WireFormat.RoundTicks(timeWithZone.TimeOfDay.Ticks, precision) % TimeSpan.TicksPerDay;
                    pos = WireFormat.TimeOfDay(ticks, precision, d, pos);
                    if (dialect == ServerDialect.Presto)
                    {
                        d[pos++] = (byte)' ';
                        return WireFormat.Zone(timeWithZone.Offset, d, pos);
                    }

                    return WireFormat.Offset(timeWithZone.Offset, d, pos);
                }

                break;
            case TypeKind.Timestamp:
            case TypeKind.TimestampMicroseconds:
                if (value is DateTime timestamp)
                {
                    int precision = dialect == ServerDialect.Presto && Kind == TypeKind.Timestamp ? 3 : _precision;
                    return FormatTimestamp(timestamp.Ticks, precision, d, pos);
                }

                break;
            case TypeKind.TimestampWithTimeZone:
            {
                DateTimeOffset zoned;
                switch (value)
                {
                    case DateTimeOffset offset:
                        zoned = offset;
                        break;
                    case DateTime { Kind: DateTimeKind.Utc } utc:
                        zoned = new DateTimeOffset(utc, TimeSpan.Zero);
                        break;
                    case DateTime { Kind: DateTimeKind.Local } local:
                        zoned = new DateTimeOffset(local);
                        break;
                    case DateTime:
                        throw new ArgumentException($"A DateTime for {DisplayName} must have Kind Utc or Local (or pass a DateTimeOffset).", nameof(value));
                    default:
                        throw Mismatch(value);
                }

                int precision = dialect == ServerDialect.Presto ? 3 : _precision;
                pos = FormatTimestamp(zoned.Ticks, precision, d, pos);
                d[pos++] = (byte)' ';
                return WireFormat.Zone(zoned.Offset, d, pos);
            }

            case TypeKind.IntervalDayToSecond:
                switch (value)
                {
                    case TimeSpan span:
                        return WireFormat.IntervalDayToSecond((long)Math.Round(span.Ticks / (decimal)TimeSpan.TicksPerMillisecond, MidpointRounding.AwayFromZero), d, pos);
                    default:
                        if (TryGetInt64(value, out long millis))
                        {
                            return WireFormat.IntervalDayToSecond(millis, d, pos);
                        }

                        break;
                }

                break;
            case TypeKind.IntervalYearToMonth:
                if (TryGetInt64(value, out long months))
                {
                    if (months is < int.MinValue or > int.MaxValue)
                    {
                        throw new ArgumentException($"{DisplayName} takes a total number of months within the int range, got {months.ToString(CultureInfo.InvariantCulture)}.", nameof(value));
                    }

                    return WireFormat.IntervalYearToMonth((int)months, d, pos);
                }

                break;
            case TypeKind.Uuid:
                if (value is Guid guid && guid.TryFormat(d[pos..], out int guidLength, "D"))
                {
                    return pos + guidLength;
                }

                break;
            case TypeKind.IpAddress:
                if (value is IPAddress address)
                {
                    Span<byte> raw = stackalloc byte[16];
                    if (address.TryWriteBytes(raw, out int rawLength))
                    {
                        return WireFormat.IpAddress(raw[..rawLength], d, pos);
                    }
                }

                break;
            case TypeKind.Number:
                if (TryGetInt64(value, out long integral))
                {
                    return WireFormat.Integer(integral, d, pos);
                }

                break;
        }

        throw Mismatch(value);
    }

    private static int Append(ReadOnlySpan<byte> text, Span<byte> d, int pos)
    {
        text.CopyTo(d[pos..]);
        return pos + text.Length;
    }

    private static int FormatTimestamp(long ticks, int precision, Span<byte> d, int pos)
    {
        long rounded = WireFormat.RoundTicks(ticks, precision);
        if (rounded > DateTime.MaxValue.Ticks)
        {
            rounded = ticks - (ticks % (TimeSpan.TicksPerSecond / (precision >= 7 ? TimeSpan.TicksPerSecond : PowerOfTen(precision))));
        }

        var dateTime = new DateTime(rounded);
        pos = WireFormat.Date(dateTime.Year, dateTime.Month, dateTime.Day, d, pos);
        d[pos++] = (byte)' ';
        return WireFormat.TimeOfDay(rounded % TimeSpan.TicksPerDay, precision, d, pos);
    }

    private static long PowerOfTen(int exponent)
    {
        long result = 1;
        for (int k = 0; k < exponent; k++)
        {
            result *= 10;
        }

        return result;
    }

    private int FormatDecimal(object value, Span<byte> d, int pos)
    {
        int integerDigitsAllowed = _precision - _scale;
        decimal number;
        switch (value)
        {
            case decimal x:
                number = x;
                break;
            case double or float:
            {
                double x = value is float f ? f : (double)value;
                if (!double.IsFinite(x) || Math.Abs(x) >= 7.9e28)
                {
                    throw new ArgumentException($"The double {x.ToString("R", CultureInfo.InvariantCulture)} cannot be encoded as {DisplayName}; pass a decimal, BigInteger or string.", nameof(value));
                }

                number = (decimal)x;
                break;
            }

            case BigInteger big:
            {
                string digits = BigInteger.Abs(big).ToString(CultureInfo.InvariantCulture);
                if (digits.Length > integerDigitsAllowed && !big.IsZero)
                {
                    throw OutOfRange(value);
                }

                if (big.Sign < 0)
                {
                    d[pos++] = (byte)'-';
                }

                foreach (char c in digits)
                {
                    d[pos++] = (byte)c;
                }

                return AppendZeroFraction(d, pos);
            }

            default:
                if (!TryGetInt64(value, out long integral))
                {
                    return value switch
                    {
                        ulong x => FormatDecimal(new BigInteger(x), d, pos),
                        Int128 x => FormatDecimal((BigInteger)x, d, pos),
                        UInt128 x => FormatDecimal((BigInteger)x, d, pos),
                        _ => throw Mismatch(value),
                    };
                }

                number = integral;
                break;
        }

        if (_scale <= 28)
        {
            number = decimal.Round(number, _scale, MidpointRounding.AwayFromZero);
        }

        if (number == 0m)
        {
            number = 0m;
        }

        // Integer digits must fit into precision - scale.
        decimal magnitude = Math.Abs(decimal.Truncate(number));
        if (integerDigitsAllowed < 29 && magnitude >= DecimalPowerOfTen(integerDigitsAllowed))
        {
            throw OutOfRange(value);
        }

        if (!number.TryFormat(d[pos..], out int written, _decimalFormat, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("Buffer too small.");
        }

        return pos + written;
    }

    private int AppendZeroFraction(Span<byte> d, int pos)
    {
        if (_scale > 0)
        {
            d[pos++] = (byte)'.';
            for (int k = 0; k < _scale; k++)
            {
                d[pos++] = (byte)'0';
            }
        }

        return pos;
    }

    private static decimal DecimalPowerOfTen(int exponent)
    {
        decimal result = 1m;
        for (int k = 0; k < exponent; k++)
        {
            result *= 10m;
        }

        return result;
    }

    private void WriteArray(Utf8JsonWriter writer, object value, ServerDialect dialect)
    {
        if (value is not IEnumerable items)
        {
            throw Mismatch(value);
        }

        PrestoType element = _parameters[0].Type!;
        writer.WriteStartArray();
        foreach (object? item in items)
        {
            element.WriteValue(writer, item, dialect);
        }

        writer.WriteEndArray();
    }

    private void WriteMap(Utf8JsonWriter writer, object value, ServerDialect dialect)
    {
        PrestoType keyType = _parameters[0].Type!;
        PrestoType valueType = _parameters[1].Type!;
        if (value is IDictionary dictionary)
        {
            writer.WriteStartObject();
            IDictionaryEnumerator entries = dictionary.GetEnumerator();
            while (entries.MoveNext())
            {
                writer.WritePropertyName(keyType.FormatMapKey(entries.Key, dialect));
                valueType.WriteValue(writer, entries.Value, dialect);
            }

            writer.WriteEndObject();
            return;
        }

        if (value is not IEnumerable pairs)
        {
            throw Mismatch(value);
        }

        writer.WriteStartObject();
        foreach (object? pair in pairs)
        {
            object? key;
            object? item;
            switch (pair)
            {
                case DictionaryEntry entry:
                    key = entry.Key;
                    item = entry.Value;
                    break;
                case ITuple { Length: 2 } tuple:
                    key = tuple[0];
                    item = tuple[1];
                    break;
                case not null when GetPairAccessors(pair.GetType()) is { } accessors:
                    key = accessors.Key.GetValue(pair);
                    item = accessors.Value.GetValue(pair);
                    break;
                default:
                    throw new ArgumentException(
                        $"Cannot encode an element of CLR type '{pair?.GetType().FullName ?? "null"}' as an entry of Presto type '{DisplayName}': expected KeyValuePair<,>, DictionaryEntry or a 2-tuple.",
                        nameof(value));
            }

            writer.WritePropertyName(keyType.FormatMapKey(key, dialect));
            valueType.WriteValue(writer, item, dialect);
        }

        writer.WriteEndObject();
    }

    private static (PropertyInfo Key, PropertyInfo Value)? GetPairAccessors(Type type) =>
        s_pairAccessors.GetOrAdd(type, static t =>
            t.IsGenericType && t.GetGenericTypeDefinition() == typeof(System.Collections.Generic.KeyValuePair<,>)
                ? (t.GetProperty("Key")!, t.GetProperty("Value")!)
                : null);

    private void WriteRow(Utf8JsonWriter writer, object value, ServerDialect dialect)
    {
        switch (value)
        {
            case IList list:
                CheckFieldCount(list.Count, value);
                writer.WriteStartArray();
                for (int k = 0; k < _parameters.Length; k++)
                {
                    _parameters[k].Type!.WriteValue(writer, list[k], dialect);
                }

                writer.WriteEndArray();
                return;
            case ITuple tuple:
                CheckFieldCount(tuple.Length, value);
                writer.WriteStartArray();
                for (int k = 0; k < _parameters.Length; k++)
                {
                    _parameters[k].Type!.WriteValue(writer, tuple[k], dialect);
                }

                writer.WriteEndArray();
                return;
            default:
                throw Mismatch(value);
        }
    }

    private void CheckFieldCount(int count, object value)
    {
        if (count != _parameters.Length)
        {
            throw new ArgumentException(
                $"A value for Presto type '{DisplayName}' needs {_parameters.Length.ToString(CultureInfo.InvariantCulture)} fields, but the {value.GetType().Name} has {count.ToString(CultureInfo.InvariantCulture)}.",
                nameof(value));
        }
    }

    private long GetIntegerInRange(object value)
    {
        if (!TryGetInt64(value, out long number))
        {
            if (value is ulong or BigInteger or Int128 or UInt128)
            {
                throw OutOfRange(value);
            }

            throw Mismatch(value);
        }

        (long min, long max) = Kind switch
        {
            TypeKind.TinyInt => (sbyte.MinValue, sbyte.MaxValue),
            TypeKind.SmallInt => (short.MinValue, short.MaxValue),
            TypeKind.Integer => (int.MinValue, int.MaxValue),
            _ => (long.MinValue, long.MaxValue),
        };
        if (number < min || number > max)
        {
            throw OutOfRange(value);
        }

        return number;
    }

    private static bool TryGetInt64(object value, out long number)
    {
        switch (value)
        {
            case int x:
                number = x;
                return true;
            case long x:
                number = x;
                return true;
            case short x:
                number = x;
                return true;
            case sbyte x:
                number = x;
                return true;
            case byte x:
                number = x;
                return true;
            case ushort x:
                number = x;
                return true;
            case uint x:
                number = x;
                return true;
            case ulong x when x <= long.MaxValue:
                number = (long)x;
                return true;
            case BigInteger x when x >= long.MinValue && x <= long.MaxValue:
                number = (long)x;
                return true;
            case Int128 x when x >= long.MinValue && x <= long.MaxValue:
                number = (long)x;
                return true;
            case UInt128 x when x <= long.MaxValue:
                number = (long)x;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    private static bool TryGetBytes(object value, out ReadOnlySpan<byte> bytes)
    {
        switch (value)
        {
            case byte[] array:
                bytes = array;
                return true;
            case ReadOnlyMemory<byte> memory:
                bytes = memory.Span;
                return true;
            case Memory<byte> memory:
                bytes = memory.Span;
                return true;
            case ArraySegment<byte> segment:
                bytes = segment;
                return true;
            default:
                bytes = default;
                return false;
        }
    }

    private ArgumentException Mismatch(object value) =>
        new($"Cannot encode a value of CLR type '{value.GetType().FullName}' as Presto type '{DisplayName}'.", nameof(value));

    private ArgumentException OutOfRange(object value) =>
        new($"The {value.GetType().Name} value {Convert.ToString(value, CultureInfo.InvariantCulture)} is out of range for Presto type '{DisplayName}'.", nameof(value));
}
