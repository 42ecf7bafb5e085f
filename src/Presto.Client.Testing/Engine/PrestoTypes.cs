using System;
using System.Globalization;
using System.Text;

namespace Presto.Testing.Engine;

/// <summary>
/// The Presto types the engine stores and reports, how each maps onto SQLite, and how a SQLite value becomes the CLR
/// value of a Presto type: bigint→long, integer→int, smallint→short, tinyint→sbyte, double→double, real→float,
/// boolean→bool, varchar/char→string, decimal→decimal (the text when out of range), date→DateOnly,
/// timestamp→DateTime, varbinary→byte[], unknown→null.
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
            default:
                return null;
        }
    }

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

        string b = BaseName(declared);
        return b is "boolean" or "tinyint" or "smallint" or "integer" or "bigint" or "real" or "double" or "decimal"
            or "varchar" or "char" or "varbinary" or "date" or "timestamp" or "unknown";
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
                default:
                    return raw;
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return raw;
        }
    }

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
