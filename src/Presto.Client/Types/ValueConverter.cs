using System;
using System.Globalization;

namespace Presto.Types;

/// <summary>
/// The slow path of <c>GetFieldValue&lt;T&gt;</c>: everything that is not "the stored natural value as its own
/// type". Exact wire text, lossless <c>Presto*</c> values, nullable wrappers and checked numeric and
/// date-time conversions, all culture-invariant. Anything else is an <see cref="InvalidCastException"/>.
/// </summary>
internal static class ValueConverter
{
    public static T Convert<T>(ColumnBuffer buffer, int row, string columnName)
    {
        var target = typeof(T);
        if (buffer.GetState(row) == CellState.Null)
        {
            if (target == typeof(object))
            {
                return (T)(object)DBNull.Value;
            }

            if (!target.IsValueType || Nullable.GetUnderlyingType(target) is not null)
            {
                return default!;
            }

            throw new InvalidCastException($"Column '{columnName}' is null in this row; check IsDBNull or read it as a nullable type.");
        }

        if (target == typeof(string))
        {
            return (T)(object)buffer.GetWireText(row);
        }

        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        var decoder = buffer.Decoder;
        if (underlying == decoder.ExactType && decoder.ExactType != decoder.FieldType)
        {
            return (T)buffer.GetExact(row);
        }

        var value = buffer.GetValue(row);
        if (value is T typed)
        {
            return typed;
        }

        if (underlying.IsInstanceOfType(value))
        {
            return (T)value;
        }

        if (ConvertValue(value, underlying, out var converted))
        {
            return (T)converted;
        }

        // The natural value could not be converted; the exact value may (e.g. PrestoDecimal → double).
        if (decoder.ExactType != decoder.FieldType)
        {
            var exact = buffer.GetExact(row);
            if (underlying.IsInstanceOfType(exact))
            {
                return (T)exact;
            }

            if (ConvertValue(exact, underlying, out converted))
            {
                return (T)converted;
            }
        }

        throw new InvalidCastException($"Column '{columnName}' of type '{decoder.Signature}' cannot be read as {target.Name} (its value is a {value.GetType().Name}).");
    }

    /// <summary>Checked conversion of a decoded value to <paramref name="target"/>; false when no conversion applies.</summary>
    public static bool ConvertValue(object value, Type target, out object result)
    {
        result = null!;
        if (value is IConvertible convertible && IsNumeric(target) && IsNumeric(value.GetType()))
        {
            // Checked: an out-of-range value throws OverflowException instead of wrapping.
            result = System.Convert.ChangeType(convertible, target, CultureInfo.InvariantCulture);
            return true;
        }

        switch (value)
        {
            // Lossless values convert to CLR types with their own checked conversions (OverflowException when out of range).
            case PrestoDecimal d when target == typeof(decimal):
                result = d.ToDecimal();
                return true;
            case PrestoDecimal d when target == typeof(double):
                result = d.ToDouble();
                return true;
            case PrestoDecimal d when target == typeof(float):
                result = (float)d.ToDouble();
                return true;
            case PrestoDecimal d when IsNumeric(target):
                result = System.Convert.ChangeType(d.ToDecimal(), target, CultureInfo.InvariantCulture);
                return true;
            case PrestoDate d when target == typeof(DateTime):
                result = d.ToDateTime();
                return true;
            case PrestoTimestamp t when target == typeof(DateTime):
                result = t.ToDateTime();
                return true;
            case PrestoTime t when target == typeof(TimeSpan):
                result = t.ToTimeSpan();
                return true;
            case PrestoTimestampWithTimeZone t when target == typeof(DateTimeOffset):
                result = t.ToDateTimeOffset();
                return true;
            case PrestoTimestampWithTimeZone t when target == typeof(DateTime):
                result = t.ToDateTimeOffset().UtcDateTime;
                return true;
            case PrestoIntervalDayToSecond i when target == typeof(TimeSpan):
                result = i.ToTimeSpan();
                return true;
#if NET6_0_OR_GREATER
            case PrestoDate d when target == typeof(DateOnly):
                result = d.ToDateOnly();
                return true;
            case PrestoTime t when target == typeof(TimeOnly):
                result = t.ToTimeOnly();
                return true;
#endif
#if NET6_0_OR_GREATER
            case DateOnly date when target == typeof(DateTime):
                result = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
                return true;
            case DateTime dateTime when target == typeof(DateOnly):
                result = DateOnly.FromDateTime(dateTime);
                return true;
            case TimeOnly time when target == typeof(TimeSpan):
                result = time.ToTimeSpan();
                return true;
            case TimeSpan span when target == typeof(TimeOnly) && span >= TimeSpan.Zero && span < TimeSpan.FromDays(1):
                result = TimeOnly.FromTimeSpan(span);
                return true;
#endif
            case DateTimeOffset offset when target == typeof(DateTime):
                result = offset.UtcDateTime;
                return true;
            case DateTime dateTime when target == typeof(DateTimeOffset):
                result = new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc));
                return true;
            case string text when target == typeof(Guid):
                result = Guid.Parse(text);
                return true;
            case Guid guid when target == typeof(byte[]):
                result = guid.ToByteArray();
                return true;
            case bool flag when IsNumeric(target):
                result = System.Convert.ChangeType(flag ? 1 : 0, target, CultureInfo.InvariantCulture);
                return true;
            case string text when target == typeof(char) && text.Length == 1:
                result = text[0];
                return true;
        }

        return false;
    }

    private static bool IsNumeric(Type type) =>
        type == typeof(sbyte) || type == typeof(byte) || type == typeof(short) || type == typeof(ushort) ||
        type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong) ||
        type == typeof(float) || type == typeof(double) || type == typeof(decimal);
}
