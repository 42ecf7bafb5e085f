using System;
using System.Collections;
using System.Collections.Generic;
using System.Data;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;

namespace Presto.Sql;

/// <summary>
/// Writes a parameter value as a Presto/Trino SQL literal for <c>EXECUTE … USING</c>: culture-invariant, exact, and
/// typed so that the server sees the CLR type's Presto type (<c>BIGINT '1'</c>, <c>DECIMAL '1.50'</c>,
/// <c>DOUBLE '0.1'</c>, <c>X'0A'</c>, <c>UUID '…'</c>, …), as the Trino JDBC driver's <c>PreparedStatement</c> does.
/// Values are only ever written inside literals whose quotes are escaped, never as SQL text.
/// </summary>
internal static class ParameterLiteral
{
    private const int MaxDepth = 32;

    /// <summary>The literal of a parameter: its value, a typed <c>NULL</c>, or the value cast to <see cref="PrestoParameter.PrestoTypeName"/>.</summary>
    /// <exception cref="NotSupportedException">The value's CLR type has no Presto literal.</exception>
    /// <exception cref="ArgumentException">The value cannot be written exactly (an unpaired surrogate, sub-millisecond interval…).</exception>
    public static string Format(PrestoParameter parameter)
    {
        object? value = parameter.Value;
        string? typeName = parameter.PrestoTypeName;
        if (typeName is not null)
        {
            ValidateTypeName(typeName);
        }

        if (value is null || value is DBNull)
        {
            string? type = typeName ?? (parameter.IsDbTypeSet ? TypeOf(parameter.DbType, parameter) : null);
            return type is null ? "NULL" : "CAST(NULL AS " + type + ")";
        }

        string literal = parameter.IsDbTypeSet ? FormatWithDbType(value, parameter.DbType) : Format(value);
        return typeName is null ? literal : "CAST(" + literal + " AS " + typeName + ")";
    }

    /// <summary>The literal of a CLR value (null and <see cref="DBNull"/> → <c>NULL</c>).</summary>
    public static string Format(object? value) => Append(new StringBuilder(), value, 0).ToString();

    /// <summary>The Presto type a <see cref="DbType"/> stands for (used to type a null), or null for <see cref="DbType.Object"/>.</summary>
    public static string? TypeOf(DbType dbType, PrestoParameter? parameter = null) => dbType switch
    {
        DbType.AnsiString or DbType.String or DbType.Xml => "varchar",
        DbType.AnsiStringFixedLength or DbType.StringFixedLength => parameter is { Size: > 0 } ? "char(" + parameter.Size.ToString(CultureInfo.InvariantCulture) + ")" : "varchar",
        DbType.Binary => "varbinary",
        DbType.Boolean => "boolean",
        DbType.SByte => "tinyint",
        DbType.Byte or DbType.Int16 => "smallint",
        DbType.UInt16 or DbType.Int32 => "integer",
        DbType.UInt32 or DbType.Int64 => "bigint",
        DbType.UInt64 => "decimal(20,0)",
        DbType.Single => "real",
        DbType.Double => "double",
        DbType.Decimal or DbType.Currency or DbType.VarNumeric => parameter is { Precision: > 0 }
            ? "decimal(" + parameter.Precision.ToString(CultureInfo.InvariantCulture) + "," + parameter.Scale.ToString(CultureInfo.InvariantCulture) + ")"
            : "decimal(38,10)",
        DbType.Date => "date",
        DbType.Time => "time",
        DbType.DateTime or DbType.DateTime2 => "timestamp",
        DbType.DateTimeOffset => "timestamp with time zone",
        DbType.Guid => "uuid",
        _ => null,
    };

    private static string FormatWithDbType(object value, DbType dbType)
    {
        // A date or time of day held in a DateTime/TimeSpan (the only ways to pass one on netstandard2.0).
        switch (dbType)
        {
            case DbType.Date when value is DateTime date:
                return "DATE '" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
            case DbType.Time when value is TimeSpan time:
                if (time < TimeSpan.Zero || time.Ticks >= TimeSpan.TicksPerDay)
                {
                    throw new ArgumentException("A TimeSpan sent as DbType.Time must be a time of day (0 ≤ value < 1 day).");
                }

                return "TIME '" + TimeOfDay(time.Ticks) + "'";
            case DbType.Time when value is DateTime dateTime:
                return "TIME '" + TimeOfDay(dateTime.TimeOfDay.Ticks) + "'";
            default:
                return Format(value);
        }
    }

    private static StringBuilder Append(StringBuilder sb, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException("A parameter value is nested too deeply (or refers to itself).");
        }

        switch (value)
        {
            case null:
            case DBNull:
                return sb.Append("NULL");
            case string s:
                return AppendString(sb, s);
            case char ch:
                return AppendString(sb, ch.ToString());
            case bool b:
                return sb.Append(b ? "TRUE" : "FALSE");
            case sbyte v:
                return Typed(sb, "TINYINT", v.ToString(CultureInfo.InvariantCulture));
            case byte v:
                return Typed(sb, "SMALLINT", v.ToString(CultureInfo.InvariantCulture));
            case short v:
                return Typed(sb, "SMALLINT", v.ToString(CultureInfo.InvariantCulture));
            case ushort v:
                return Typed(sb, "INTEGER", v.ToString(CultureInfo.InvariantCulture));
            case int v:
                return Typed(sb, "INTEGER", v.ToString(CultureInfo.InvariantCulture));
            case uint v:
                return Typed(sb, "BIGINT", v.ToString(CultureInfo.InvariantCulture));
            case long v:
                return Typed(sb, "BIGINT", v.ToString(CultureInfo.InvariantCulture));
            case ulong v:
                return v <= long.MaxValue
                    ? Typed(sb, "BIGINT", v.ToString(CultureInfo.InvariantCulture))
                    : Typed(sb, "DECIMAL", v.ToString(CultureInfo.InvariantCulture));
            case BigInteger v:
                return Typed(sb, "DECIMAL", v.ToString(CultureInfo.InvariantCulture));
            case decimal v:
                return Typed(sb, "DECIMAL", v.ToString(CultureInfo.InvariantCulture));
            case PrestoDecimal v:
                return Typed(sb, "DECIMAL", v.ToString());
            case double v:
                return AppendDouble(sb, v);
            case float v:
                return AppendReal(sb, v);
            case byte[] bytes:
                return AppendBinary(sb, bytes);
            case Guid g:
                return Typed(sb, "UUID", g.ToString("D"));
            case DateTime dt:
                return sb.Append(Timestamp(dt));
            case DateTimeOffset dto:
                return Typed(sb, "TIMESTAMP", DateAndTime(dto.DateTime) + " " + Offset(dto.Offset));
#if NET6_0_OR_GREATER
            case DateOnly d:
                return Typed(sb, "DATE", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case TimeOnly t:
                return Typed(sb, "TIME", TimeOfDay(t.Ticks));
#endif
            case TimeSpan ts:
                return AppendInterval(sb, ts);
            case PrestoDate v:
                return Typed(sb, "DATE", v.ToString());
            case PrestoTime v:
                return Typed(sb, "TIME", v.ToString());
            case PrestoTimeWithTimeZone v:
                return Typed(sb, "TIME", v.ToString());
            case PrestoTimestamp v:
                return Typed(sb, "TIMESTAMP", v.ToString());
            case PrestoTimestampWithTimeZone v:
                return Typed(sb, "TIMESTAMP", v.ToString());
            case PrestoIntervalYearToMonth v:
                return AppendIntervalYearToMonth(sb, v);
            case PrestoIntervalDayToSecond v:
                return AppendIntervalDayToSecond(sb, v.TotalMilliseconds);
            case IPAddress ip:
                return Typed(sb, "IPADDRESS", ip.ToString());
            case Enum e:
                return Append(sb, Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture), depth + 1);
            case IDictionary map:
                return AppendMap(sb, map, depth);
            case IEnumerable items:
                return AppendArray(sb, value.GetType(), items, depth);
            default:
                throw new NotSupportedException(
                    $"A parameter value of type {value.GetType().FullName} cannot be sent to Presto; pass a supported CLR type (see docs/ado-net.md, Parameters).");
        }
    }

    private static StringBuilder Typed(StringBuilder sb, string type, string text)
    {
        sb.Append(type).Append(' ');
        return AppendString(sb, text);
    }

    /// <summary>A <c>'…'</c> literal with <c>'</c> doubled; any other character (line breaks, NUL, quotes of other scripts) is data.</summary>
    private static StringBuilder AppendString(StringBuilder sb, string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c) ? i + 1 >= s.Length || !char.IsLowSurrogate(s[++i]) : char.IsLowSurrogate(c))
            {
                throw new ArgumentException("A string parameter holds an invalid UTF-16 sequence (unpaired surrogate); it cannot be sent as UTF-8.");
            }
        }

        sb.Append('\'');
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\'')
            {
                sb.Append(s, start, i + 1 - start).Append('\'');
                start = i + 1;
            }
        }

        return sb.Append(s, start, s.Length - start).Append('\'');
    }

    private static StringBuilder AppendDouble(StringBuilder sb, double v)
    {
        if (double.IsNaN(v))
        {
            return sb.Append("nan()");
        }

        if (double.IsInfinity(v))
        {
            return sb.Append(v > 0 ? "infinity()" : "-infinity()");
        }

        string text = v.ToString("R", CultureInfo.InvariantCulture);
        if (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != v)
        {
            text = v.ToString("G17", CultureInfo.InvariantCulture);
        }

        return Typed(sb, "DOUBLE", text);
    }

    private static StringBuilder AppendReal(StringBuilder sb, float v)
    {
        if (float.IsNaN(v))
        {
            return sb.Append("CAST(nan() AS real)");
        }

        if (float.IsInfinity(v))
        {
            return sb.Append(v > 0 ? "CAST(infinity() AS real)" : "CAST(-infinity() AS real)");
        }

        string text = v.ToString("R", CultureInfo.InvariantCulture);
        if (float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != v)
        {
            text = v.ToString("G9", CultureInfo.InvariantCulture);
        }

        return Typed(sb, "REAL", text);
    }

    private static StringBuilder AppendBinary(StringBuilder sb, byte[] bytes)
    {
        const string hex = "0123456789ABCDEF";
        sb.Append("X'");
        foreach (byte b in bytes)
        {
            sb.Append(hex[b >> 4]).Append(hex[b & 0xF]);
        }

        return sb.Append('\'');
    }

    /// <summary>
    /// <c>TIMESTAMP '…'</c> of the wall-clock value; a <see cref="DateTimeKind.Utc"/> value becomes a timestamp with time
    /// zone (<c>… UTC</c>) so the instant is kept, as Npgsql maps UTC values to <c>timestamptz</c>. Local and unspecified
    /// values are not converted.
    /// </summary>
    private static string Timestamp(DateTime value) =>
        "TIMESTAMP '" + DateAndTime(value) + (value.Kind == DateTimeKind.Utc ? " UTC'" : "'");

    private static string DateAndTime(DateTime value) =>
        value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + TimeOfDay(value.TimeOfDay.Ticks);

    /// <summary><c>HH:mm:ss.fff</c>, with 6 or 7 fraction digits when the value needs them (so the literal's precision is 3, 6 or 7).</summary>
    private static string TimeOfDay(long ticks)
    {
        long fraction = ticks % TimeSpan.TicksPerSecond;
        long seconds = ticks / TimeSpan.TicksPerSecond;
        string text = (seconds / 3600).ToString("00", CultureInfo.InvariantCulture) + ":"
            + (seconds / 60 % 60).ToString("00", CultureInfo.InvariantCulture) + ":"
            + (seconds % 60).ToString("00", CultureInfo.InvariantCulture) + ".";
        if (fraction % TimeSpan.TicksPerMillisecond == 0)
        {
            return text + (fraction / TimeSpan.TicksPerMillisecond).ToString("000", CultureInfo.InvariantCulture);
        }

        return fraction % 10 == 0
            ? text + (fraction / 10).ToString("000000", CultureInfo.InvariantCulture)
            : text + fraction.ToString("0000000", CultureInfo.InvariantCulture);
    }

    private static string Offset(TimeSpan offset)
    {
        string sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return sign + abs.Hours.ToString("00", CultureInfo.InvariantCulture) + ":" + abs.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    private static StringBuilder AppendInterval(StringBuilder sb, TimeSpan value)
    {
        if (value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException(
                "A TimeSpan parameter is sent as INTERVAL DAY TO SECOND, which has millisecond precision; this value has a sub-millisecond part (round it, or send DbType.Time for a time of day).");
        }

        return AppendIntervalDayToSecond(sb, value.Ticks / TimeSpan.TicksPerMillisecond);
    }

    private static StringBuilder AppendIntervalDayToSecond(StringBuilder sb, long totalMilliseconds)
    {
        // The sign goes before the string (INTERVAL -'1 02:03:04.005' DAY TO SECOND); the parts are magnitudes.
        ulong ms = totalMilliseconds < 0 ? (ulong)(-(totalMilliseconds + 1)) + 1 : (ulong)totalMilliseconds;
        ulong days = ms / 86_400_000;
        ulong rest = ms % 86_400_000;
        string text = days.ToString(CultureInfo.InvariantCulture) + " "
            + (rest / 3_600_000).ToString("00", CultureInfo.InvariantCulture) + ":"
            + (rest / 60_000 % 60).ToString("00", CultureInfo.InvariantCulture) + ":"
            + (rest / 1000 % 60).ToString("00", CultureInfo.InvariantCulture) + "."
            + (rest % 1000).ToString("000", CultureInfo.InvariantCulture);
        return sb.Append("INTERVAL ").Append(totalMilliseconds < 0 ? "-'" : "'").Append(text).Append("' DAY TO SECOND");
    }

    private static StringBuilder AppendIntervalYearToMonth(StringBuilder sb, PrestoIntervalYearToMonth value)
    {
        long months = value.TotalMonths;
        long abs = Math.Abs(months);
        return sb.Append("INTERVAL ").Append(months < 0 ? "-'" : "'")
            .Append((abs / 12).ToString(CultureInfo.InvariantCulture)).Append('-').Append((abs % 12).ToString(CultureInfo.InvariantCulture))
            .Append("' YEAR TO MONTH");
    }

    private static StringBuilder AppendArray(StringBuilder sb, Type type, IEnumerable items, int depth)
    {
        int start = sb.Length;
        sb.Append("ARRAY[");
        bool any = false;
        foreach (object? item in items)
        {
            if (any)
            {
                sb.Append(", ");
            }

            Append(sb, item, depth + 1);
            any = true;
        }

        sb.Append(']');
        if (!any && ElementTypeName(type) is { } element)
        {
            // An empty array keeps its element type: CAST(ARRAY[] AS array(bigint)).
            sb.Insert(start, "CAST(").Append(" AS array(").Append(element).Append("))");
        }

        return sb;
    }

    private static StringBuilder AppendMap(StringBuilder sb, IDictionary map, int depth)
    {
        var keys = new List<object?>(map.Count);
        var values = new List<object?>(map.Count);
        foreach (DictionaryEntry entry in map)
        {
            keys.Add(entry.Key);
            values.Add(entry.Value);
        }

        sb.Append("MAP(");
        AppendArray(sb, typeof(object), keys, depth);
        sb.Append(", ");
        AppendArray(sb, typeof(object), values, depth);
        return sb.Append(')');
    }

    /// <summary>The Presto element type of a CLR collection type with a simple element type, else null.</summary>
    private static string? ElementTypeName(Type collection)
    {
        Type? element = collection.IsArray ? collection.GetElementType() : null;
        if (element is null)
        {
            foreach (var i in collection.GetInterfaces())
            {
                if (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                {
                    element = i.GetGenericArguments()[0];
                    break;
                }
            }
        }

        if (element is null)
        {
            return null;
        }

        element = Nullable.GetUnderlyingType(element) ?? element;
        if (element.IsEnum)
        {
            element = Enum.GetUnderlyingType(element);
        }

        return Type.GetTypeCode(element) switch
        {
            TypeCode.Boolean => "boolean",
            TypeCode.SByte => "tinyint",
            TypeCode.Byte or TypeCode.Int16 => "smallint",
            TypeCode.UInt16 or TypeCode.Int32 => "integer",
            TypeCode.UInt32 or TypeCode.Int64 => "bigint",
            TypeCode.Single => "real",
            TypeCode.Double => "double",
            TypeCode.String or TypeCode.Char => "varchar",
            _ when element == typeof(Guid) => "uuid",
            _ when element == typeof(byte[]) => "varbinary",
            _ => null,
        };
    }

    /// <summary>A type name is spliced into <c>CAST(… AS type)</c>, so it may hold only type syntax.</summary>
    private static void ValidateTypeName(string typeName)
    {
        bool valid = typeName.Trim().Length > 0;
        int depth = 0;
        foreach (char c in typeName)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                valid &= --depth >= 0;
            }
            else if (!(c is '_' or ',' or ' ' || c is >= 'a' and <= 'z' || c is >= 'A' and <= 'Z' || c is >= '0' and <= '9'))
            {
                valid = false;
            }
        }

        if (!valid || depth != 0)
        {
            throw new ArgumentException(
                "PrestoTypeName must be a Presto type such as 'decimal(38,2)', 'array(varchar)' or 'timestamp(3) with time zone' (letters, digits, '_', ',', spaces and balanced parentheses).");
        }
    }
}
