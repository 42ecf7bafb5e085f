using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Presto.Testing.Engine;

/// <summary>
/// The Presto types the engine stores and reports, how each maps onto SQLite, and how a SQLite value becomes the CLR
/// value of a Presto type: bigint→long, integer→int, smallint→short, tinyint→sbyte, double→double, real→float,
/// boolean→bool, varchar/char→string, decimal→decimal (the text when out of range), date→DateOnly,
/// timestamp→DateTime, varbinary→byte[], array(T)→a list of T's values (stored as JSON text),
/// ipaddress→its canonical text, interval year to month→months (sent as y-m text), time(p) with time zone→its text
/// (HH:MM:SS.f+HH:MM), unknown→null.
/// </summary>
internal static class PrestoTypes
{
    /// <summary>
    /// Normalizes a type written in SQL (<c>VARCHAR(10)</c>, <c>int</c>, <c>decimal(10, 2)</c>) to canonical Presto
    /// text, or returns null when the engine cannot store it.
    /// </summary>
    public static string? Normalize(string baseName, string[] args)
    {
        string name = baseName.ToLowerInvariant();
        if (name == "array")
        {
            // array(T): the element written as one type text (varchar(10), decimal(10,2), array(bigint)).
            return args.Length == 1 && NormalizeText(args[0]) is { } element ? "array(" + element + ")" : null;
        }

        string Arg(int i) => args[i].Trim();
        bool AllInts() => Array.TrueForAll(args, a => int.TryParse(a.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _));
        if (!AllInts())
        {
            return null;
        }

        switch (name)
        {
            case "boolean":
            case "tinyint":
            case "smallint":
            case "bigint":
            case "real":
            case "date":
            case "varbinary":
            case "unknown":
            case "ipaddress":
            case "interval year to month":
                return args.Length == 0 ? name : null;
            case "int":
            case "integer":
                return args.Length == 0 ? "integer" : null;
            case "double":
                return args.Length == 0 ? "double" : null;
            case "varchar":
                return args.Length switch { 0 => "varchar", 1 => $"varchar({Arg(0)})", _ => null };
            case "char":
                return args.Length switch { 0 => "char(1)", 1 => $"char({Arg(0)})", _ => null };
            case "decimal":
                return args.Length switch { 0 => "decimal(38,0)", 1 => $"decimal({Arg(0)},0)", 2 => $"decimal({Arg(0)},{Arg(1)})", _ => null };
            case "timestamp":
                return args.Length switch { 0 => "timestamp(3)", 1 => $"timestamp({Arg(0)})", _ => null };
            case "time with time zone":
                return args.Length switch { 0 => "time(3) with time zone", 1 => $"time({Arg(0)}) with time zone", _ => null };
            default:
                return null;
        }
    }

    /// <summary>Normalizes a type written as one text (<c>varchar(10)</c>, <c>array(bigint)</c>), or null.</summary>
    public static string? NormalizeText(string text)
    {
        text = text.Trim();
        int open = text.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return Normalize(text, []);
        }

        if (!text.EndsWith(')'))
        {
            return null;
        }

        // Split the arguments at top-level commas only (array(decimal(10,2)) has one).
        var args = new List<string>();
        int depth = 0, start = open + 1;
        for (int k = open + 1; k < text.Length - 1; k++)
        {
            if (text[k] == '(')
            {
                depth++;
            }
            else if (text[k] == ')')
            {
                depth--;
            }
            else if (text[k] == ',' && depth == 0)
            {
                args.Add(text[start..k]);
                start = k + 1;
            }
        }

        args.Add(text[start..^1]);
        return Normalize(text[..open], [.. args]);
    }

    /// <summary>The element type of <c>array(T)</c>, or null for any other type.</summary>
    public static string? ElementType(string? type) =>
        type is not null && type.StartsWith("array(", StringComparison.Ordinal) && type.EndsWith(')') ? type[6..^1] : null;

    /// <summary>The base name of a canonical type: <c>varchar(25)</c> → <c>varchar</c>.</summary>
    public static string BaseName(string type)
    {
        int p = type.IndexOf('(', StringComparison.Ordinal);
        return (p < 0 ? type : type[..p]).Trim().ToLowerInvariant();
    }

    /// <summary>True when <paramref name="declared"/> (a SQLite declared column type) is a type this engine writes.</summary>
    public static bool IsKnown(string? declared)
    {
        if (string.IsNullOrEmpty(declared))
        {
            return false;
        }

        if (declared.EndsWith(" with time zone", StringComparison.Ordinal))
        {
            return BaseName(declared) == "time";
        }

        string b = BaseName(declared);
        return b is "boolean" or "tinyint" or "smallint" or "integer" or "bigint" or "real" or "double" or "decimal"
            or "varchar" or "char" or "varbinary" or "date" or "timestamp" or "unknown" or "array" or "ipaddress" or "interval year to month";
    }

    /// <summary>The scale of a <c>decimal(p,s)</c> type.</summary>
    public static int DecimalScale(string type)
    {
        int comma = type.IndexOf(',', StringComparison.Ordinal);
        int close = type.IndexOf(')', StringComparison.Ordinal);
        return comma > 0 && close > comma && int.TryParse(type.AsSpan(comma + 1, close - comma - 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s : 0;
    }

    /// <summary>A converter for one result column: <see cref="ToClr"/> with the type parsed once.</summary>
    public static Func<object?, object?> Converter(string type)
    {
        switch (BaseName(type))
        {
            case "bigint":
                return raw => raw is long l ? l : ToClr(raw, "bigint");
            case "double":
                return raw => raw is double d ? d : ToClr(raw, "double");
            case "varchar":
            case "char":
                return raw => raw is string s ? s : ToClr(raw, "varchar");
            case "integer":
                return raw => raw is long l && l is >= int.MinValue and <= int.MaxValue ? (int)l : ToClr(raw, "integer");
            case "date":
                return raw => raw is string s && s.Length == 10 && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : ToClr(raw, "date");
            default:
                return raw => ToClr(raw, type);
        }
    }

    /// <summary>Converts a raw SQLite value (long, double, string, byte[] or DBNull) to the CLR value of a Presto type.</summary>
    public static object? ToClr(object? raw, string type)
    {
        if (raw is null || raw is DBNull)
        {
            return null;
        }

        try
        {
            switch (BaseName(type))
            {
                case "bigint":
                    return raw switch { long l => l, double d => (long)d, string s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), _ => raw };
                case "integer":
                    return raw switch { long l => checked((int)l), double d => (int)d, string s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), _ => raw };
                case "smallint":
                    return raw switch { long l => checked((short)l), double d => (short)d, string s => short.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), _ => raw };
                case "tinyint":
                    return raw switch { long l => checked((sbyte)l), double d => (sbyte)d, string s => sbyte.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), _ => raw };
                case "double":
                    return raw switch { double d => d, long l => (double)l, string s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), _ => raw };
                case "real":
                    return raw switch { double d => (float)d, long l => (float)l, string s => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), _ => raw };
                case "boolean":
                    return raw switch
                    {
                        long l => l != 0,
                        double d => d != 0,
                        string s => string.Equals(s, "true", StringComparison.OrdinalIgnoreCase) || s == "1",
                        _ => raw,
                    };
                case "varchar":
                case "char":
                    return raw switch
                    {
                        string s => s,
                        long l => l.ToString(CultureInfo.InvariantCulture),
                        double d => d.ToString("R", CultureInfo.InvariantCulture),
                        byte[] b => Encoding.UTF8.GetString(b),
                        _ => raw.ToString(),
                    };
                case "decimal":
                    return ToDecimal(raw, DecimalScale(type));
                case "date":
                    return raw is string ds && DateOnly.TryParseExact(ds.Length > 10 ? ds[..10] : ds, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : raw;
                case "timestamp":
                    return raw is string ts && DateTime.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind, out var dt) ? dt : raw;
                case "varbinary":
                    return raw switch { byte[] b => b, string s => Encoding.UTF8.GetBytes(s), _ => raw };
                case "unknown":
                    return null;
                case "array":
                    return raw is string json ? ArrayValue(json, ElementType(type)!) : raw;
                case "interval year to month":
                    // Stored as the number of months (so that intervals compare and sort); sent as Presto's text, -1-2.
                    return raw is long months
                        ? (months < 0 ? "-" : string.Empty) + (Math.Abs(months) / 12).ToString(CultureInfo.InvariantCulture) + "-" + (Math.Abs(months) % 12).ToString(CultureInfo.InvariantCulture)
                        : raw;
                default:
                    return raw;
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or JsonException)
        {
            return raw;
        }
    }

    /// <summary>
    /// An array stored as JSON text (SQLite's <c>json_array</c>) as the list of its elements' CLR values, each
    /// converted like a column of the element type (a nested array recursively).
    /// </summary>
    private static List<object?> ArrayValue(string json, string elementType)
    {
        using var document = JsonDocument.Parse(json);
        var items = new List<object?>(document.RootElement.GetArrayLength());
        foreach (var element in document.RootElement.EnumerateArray())
        {
            items.Add(ToClr(JsonRaw(element), elementType));
        }

        return items;
    }

    /// <summary>A JSON element as the raw SQLite value it stands for (<c>json_each</c>'s <c>value</c>).</summary>
    internal static object? JsonRaw(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => 1L,
        JsonValueKind.False => 0L,
        JsonValueKind.Number => element.TryGetInt64(out long l) ? l : element.GetDouble(),
        JsonValueKind.String => element.GetString(),
        _ => element.GetRawText(),
    };

    private static object ToDecimal(object raw, int scale)
    {
        string format = "F" + scale.ToString(CultureInfo.InvariantCulture);
        switch (raw)
        {
            case long l:
                return decimal.Parse(((decimal)l).ToString(format, CultureInfo.InvariantCulture), NumberStyles.Number, CultureInfo.InvariantCulture);
            case double d:
                if (double.IsFinite(d) && Math.Abs(d) < 7.9e27)
                {
                    return decimal.Parse(((decimal)d).ToString(format, CultureInfo.InvariantCulture), NumberStyles.Number, CultureInfo.InvariantCulture);
                }

                return d.ToString("R", CultureInfo.InvariantCulture);
            case string s:
                return decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var m)
                    ? decimal.Parse(m.ToString(format, CultureInfo.InvariantCulture), NumberStyles.Number, CultureInfo.InvariantCulture)
                    : s;
            default:
                return raw;
        }
    }

    /// <summary>
    /// The Presto type inferred from a SQLite storage class when nothing better is known (an expression without a
    /// declared type, CAST or recognizable literal): INTEGER→bigint, REAL→double, TEXT→varchar, BLOB→varbinary,
    /// NULL→unknown.
    /// </summary>
    public static string InferFromValue(object? raw) => raw switch
    {
        null or DBNull => "unknown",
        long => "bigint",
        double => "double",
        string => "varchar",
        byte[] => "varbinary",
        _ => "varchar",
    };
}
