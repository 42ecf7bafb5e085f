using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Presto.Testing.Engine;

/// <summary>SQLite initialization and the per-connection setup every engine connection gets.</summary>
internal static class SqliteSetup
{
    private static readonly object s_initLock = new();
    private static bool s_initialized;

    public static void EnsureInitialized()
    {
        lock (s_initLock)
        {
            if (!s_initialized)
            {
                SQLitePCL.Batteries_V2.Init();
                s_initialized = true;
            }
        }
    }

    /// <summary>
    /// Opens a connection on an engine's <c>memory</c> catalog database with the tpch database attached, Presto-like
    /// pragmas (case-sensitive LIKE, no double-quoted string literals) and the helper functions the translator emits.
    /// </summary>
    public static SqliteConnection Open(string memoryUri)
    {
        var connection = new SqliteConnection("Data Source=" + memoryUri + ";Pooling=False");
        connection.Open();
        try
        {
            // Double-quoted text is an identifier in Presto, never a string literal.
            const int SQLITE_DBCONFIG_DQS_DML = 1013;
            const int SQLITE_DBCONFIG_DQS_DDL = 1014;
            SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLITE_DBCONFIG_DQS_DML, 0, out _);
            SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLITE_DBCONFIG_DQS_DDL, 0, out _);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "ATTACH DATABASE '" + TpchData.DatabaseUri + "' AS " + TpchData.SchemaAlias
                    + "; PRAGMA read_uncommitted = 1; PRAGMA case_sensitive_like = 1;";
                command.ExecuteNonQuery();
            }

            RegisterFunctions(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Presto's <c>contains(array, value)</c>: true when an element equals the value; NULL when the array or the value is
    /// NULL, or when no element matched and one is NULL; else false.
    /// </summary>
    private static bool? ArrayContains(string? array, object? value)
    {
        if (array is null || value is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(array);
        bool sawNull = false;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            object? item = PrestoTypes.JsonRaw(element);
            if (item is null)
            {
                sawNull = true;
            }
            else if (SameValue(item, value))
            {
                return true;
            }
        }

        return sawNull ? null : false;
    }

    private static bool SameValue(object item, object value) => (item, value) switch
    {
        (long a, long b) => a == b,
        (long a, double b) => a == b,
        (double a, long b) => a == b,
        (double a, double b) => a == b,
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>
    /// Presto's <c>element_at(array, index)</c>: 1-based, negative from the end, NULL past either end; index 0 fails
    /// ("SQL array indices start at 1"). A nested array comes back as its JSON text.
    /// </summary>
    private static object? ArrayElementAt(string? array, long? index)
    {
        if (array is null || index is null)
        {
            return null;
        }

        if (index == 0)
        {
            throw new InvalidOperationException("SQL array indices start at 1");
        }

        using var document = JsonDocument.Parse(array);
        int length = document.RootElement.GetArrayLength();
        long position = index > 0 ? index.Value - 1 : length + index.Value;
        return position >= 0 && position < length ? PrestoTypes.JsonRaw(document.RootElement[(int)position]) : null;
    }

    private static void RegisterFunctions(SqliteConnection c)
    {
        // Divisor guard: x / presto_nz(y) fails like Presto instead of yielding NULL.
        c.CreateFunction<object?, object?>("presto_nz", v => v switch
        {
            long l when l == 0 => throw new InvalidOperationException("Division by zero"),
            double d when d == 0 => throw new InvalidOperationException("Division by zero"),
            _ => v,
        }, isDeterministic: true);
        // Arrays are JSON text (json_array): contains and element_at with Presto's NULL rules and index errors.
        c.CreateFunction<string?, object?, bool?>("presto_contains", ArrayContains, isDeterministic: true);
        c.CreateFunction<string?, long?, object?>("presto_element_at", ArrayElementAt, isDeterministic: true);
        c.CreateFunction<double?, double?>("ceil", v => v is null ? null : Math.Ceiling(v.Value), isDeterministic: true);
        c.CreateFunction<double?, double?>("floor", v => v is null ? null : Math.Floor(v.Value), isDeterministic: true);
        c.CreateFunction<double?, double?>("sqrt", v => v is null ? null : Math.Sqrt(v.Value), isDeterministic: true);
        c.CreateFunction<double?, double?>("exp", v => v is null ? null : Math.Exp(v.Value), isDeterministic: true);
        c.CreateFunction<double?, double?>("ln", v => v is null ? null : Math.Log(v.Value), isDeterministic: true);
        c.CreateFunction<double?, double?>("log10", v => v is null ? null : Math.Log10(v.Value), isDeterministic: true);
        c.CreateFunction<double?, double?>("log2", v => v is null ? null : Math.Log2(v.Value), isDeterministic: true);
        c.CreateFunction<double?, double?, double?>("power", (a, b) => a is null || b is null ? null : Math.Pow(a.Value, b.Value), isDeterministic: true);
        c.CreateFunction<object?, object?>("sign", v => v switch
        {
            long l => (long)Math.Sign(l),
            double d => (double)Math.Sign(d),
            _ => null,
        }, isDeterministic: true);
        c.CreateFunction<object?, object?, object?>("mod", (a, b) => (a, b) switch
        {
            (null, _) or (_, null) => null,
            (long x, long y) => y == 0 ? throw new InvalidOperationException("Division by zero") : x % y,
            _ => Convert.ToDouble(a, CultureInfo.InvariantCulture) % Convert.ToDouble(b, CultureInfo.InvariantCulture),
        }, isDeterministic: true);
        c.CreateFunction<double>("random", () => Random.Shared.NextDouble(), isDeterministic: false);
        c.CreateFunction<string?, string?>("reverse", v =>
        {
            if (v is null)
            {
                return null;
            }

            var chars = v.ToCharArray();
            Array.Reverse(chars);
            return new string(chars);
        }, isDeterministic: true);
        c.CreateFunction<string?, string?, bool?>("regexp_like", (s, p) => s is null || p is null ? null : Regex.IsMatch(s, p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5)), isDeterministic: true);
        c.CreateFunction<string?>("concat", (object?[] args) =>
        {
            var sb = new StringBuilder();
            foreach (var a in args)
            {
                if (a is null || a is DBNull)
                {
                    return null;
                }

                sb.Append(Convert.ToString(a, CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }, isDeterministic: true);
        c.CreateFunction<string?, string?, string?, string?>("lpad", (s, n, f) => Pad(s, n, f, left: true), isDeterministic: true);
        c.CreateFunction<string?, string?, string?, string?>("rpad", (s, n, f) => Pad(s, n, f, left: false), isDeterministic: true);
        c.CreateFunction<string?, long?, string?, string?>("date_add", (unit, n, d) => DateAdd(unit, n, d), isDeterministic: true);
        c.CreateFunction<string?, string?, string?, long?>("date_diff", (unit, a, b) => DateDiff(unit, a, b), isDeterministic: true);
        c.CreateFunction<string?, string?, string?>("date_trunc", (unit, d) => DateTrunc(unit, d), isDeterministic: true);
        c.CreateFunction<double?, double?>("truncate", v => v is null ? null : Math.Truncate(v.Value), isDeterministic: true);
    }

    private static string? Pad(string? s, string? size, string? fill, bool left)
    {
        if (s is null || size is null || fill is null)
        {
            return null;
        }

        int n = int.Parse(size, NumberStyles.Integer, CultureInfo.InvariantCulture);
        if (s.Length >= n)
        {
            return s[..n];
        }

        if (fill.Length == 0)
        {
            throw new InvalidOperationException("Padding string must not be empty");
        }

        var pad = new StringBuilder();
        while (pad.Length < n - s.Length)
        {
            pad.Append(fill);
        }

        string p = pad.ToString(0, n - s.Length);
        return left ? p + s : s + p;
    }

    private static (DateTime Value, bool HasTime)? ParseTemporal(string text)
    {
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind, out var dt))
        {
            return (dt, text.Length > 10);
        }

        return null;
    }

    private static string? DateAdd(string? unit, long? n, string? d)
    {
        if (unit is null || n is null || d is null || ParseTemporal(d) is not { } t)
        {
            return null;
        }

        int k = checked((int)n.Value);
        DateTime r = unit.ToLowerInvariant() switch
        {
            "millisecond" => t.Value.AddMilliseconds(k),
            "second" => t.Value.AddSeconds(k),
            "minute" => t.Value.AddMinutes(k),
            "hour" => t.Value.AddHours(k),
            "day" => t.Value.AddDays(k),
            "week" => t.Value.AddDays(7 * k),
            "month" => t.Value.AddMonths(k),
            "quarter" => t.Value.AddMonths(3 * k),
            "year" => t.Value.AddYears(k),
            _ => throw new InvalidOperationException("'" + unit + "' is not a valid DATE field"),
        };
        return t.HasTime ? r.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : r.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Presto's date_trunc: a date stays a date, a timestamp a timestamp; weeks start on Monday.</summary>
    private static string? DateTrunc(string? unit, string? d)
    {
        if (unit is null || d is null || ParseTemporal(d) is not { } t)
        {
            return null;
        }

        var v = t.Value;
        string u = unit.ToLowerInvariant();
        if (!t.HasTime && u is "millisecond" or "second" or "minute" or "hour")
        {
            throw new InvalidOperationException("'" + unit + "' is not a valid DATE field");
        }

        DateTime r = u switch
        {
            "millisecond" => new DateTime(v.Ticks - (v.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Unspecified),
            "second" => new DateTime(v.Ticks - (v.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified),
            "minute" => new DateTime(v.Ticks - (v.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified),
            "hour" => new DateTime(v.Ticks - (v.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Unspecified),
            "day" => v.Date,
            "week" => v.Date.AddDays(-(((int)v.DayOfWeek + 6) % 7)),
            "month" => new DateTime(v.Year, v.Month, 1, 0, 0, 0, DateTimeKind.Unspecified),
            "quarter" => new DateTime(v.Year, ((v.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Unspecified),
            "year" => new DateTime(v.Year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified),
            _ => throw new InvalidOperationException("'" + unit + "' is not a valid " + (t.HasTime ? "TIMESTAMP" : "DATE") + " field"),
        };
        return t.HasTime ? r.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : r.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static long? DateDiff(string? unit, string? a, string? b)
    {
        if (unit is null || a is null || b is null || ParseTemporal(a) is not { } x || ParseTemporal(b) is not { } y)
        {
            return null;
        }

        var span = y.Value - x.Value;
        return unit.ToLowerInvariant() switch
        {
            "millisecond" => (long)span.TotalMilliseconds,
            "second" => (long)span.TotalSeconds,
            "minute" => (long)span.TotalMinutes,
            "hour" => (long)span.TotalHours,
            "day" => (long)span.TotalDays,
            "week" => (long)span.TotalDays / 7,
            "month" => ((y.Value.Year - x.Value.Year) * 12) + y.Value.Month - x.Value.Month - (y.Value.Day < x.Value.Day ? 1 : 0),
            "quarter" => (((y.Value.Year - x.Value.Year) * 12) + y.Value.Month - x.Value.Month) / 3,
            "year" => y.Value.Year - x.Value.Year - (y.Value.DayOfYear < x.Value.DayOfYear ? 1 : 0),
            _ => throw new InvalidOperationException("'" + unit + "' is not a valid DATE field"),
        };
    }
}

/// <summary>SQL text helpers.</summary>
internal static class SqlText
{
    /// <summary>
    /// Encodes a Presto type as a SQLite declared type. Parentheses become braces because the ADO.NET provider cuts a
    /// declared type at its first parenthesis; the lower-case text keeps it apart from SQLite's upper-case storage class
    /// names, and its affinity follows from the name (…INT… → integer, …CHAR… → text, double/real → real, else numeric).
    /// </summary>
    public static string EncodeType(string prestoType) => prestoType.Replace('(', '{').Replace(')', '}');

    /// <summary>Decodes <see cref="EncodeType"/>; null when the declared type is not one this engine wrote.</summary>
    public static string? DecodeType(string? declared)
    {
        if (string.IsNullOrEmpty(declared))
        {
            return null;
        }

        string type = declared.Replace('{', '(').Replace('}', ')');
        return string.Equals(type, type.ToLowerInvariant(), StringComparison.Ordinal) && PrestoTypes.IsKnown(type) ? type : null;
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string CreateTable(string schema, string table, IReadOnlyList<TableColumn> columns, bool notNull)
    {
        var sb = new StringBuilder("CREATE TABLE ").Append(schema).Append('.').Append(Quote(table)).Append(" (");
        for (int i = 0; i < columns.Count; i++)
        {
            sb.Append(i == 0 ? string.Empty : ", ").Append(Quote(columns[i].Name)).Append(' ').Append(Quote(EncodeType(columns[i].Type)));
            if (notNull)
            {
                sb.Append(" NOT NULL");
            }
        }

        return sb.Append(')').ToString();
    }
}
