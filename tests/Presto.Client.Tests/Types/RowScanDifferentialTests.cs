using System.Globalization;
using System.Text;
using System.Text.Json;
using Presto.Protocol;
using Presto.Types;

namespace Presto.Tests.Types;

/// <summary>
/// The page parser's hand-written row scan against an independent reference: <see cref="JsonDocument"/> for JSON validity and
/// row shape, and each cell decoded on its own by the general (<see cref="Utf8JsonReader"/>) path of its column. Random pages —
/// common shapes, edge values, whitespace, escapes — and single-byte corruptions of them, parsed whole and in random chunks,
/// must fail exactly when the reference fails and otherwise give the same state, value and wire text for every cell.
/// </summary>
public sealed class RowScanDifferentialTests
{
    private static readonly string[] s_types =
    [
        "bigint", "integer", "smallint", "tinyint", "double", "real", "boolean", "decimal(12,2)", "decimal(38,18)", "varchar",
        "date", "timestamp(3)", "timestamp(9)", "time(3)", "uuid", "array(bigint)", "json", "timestamp(3) with time zone",
        "time(3) with time zone", "interval day to second", "interval year to month", "ipaddress", "varbinary",
    ];

    private static readonly byte[] s_noise = Encoding.ASCII.GetBytes(",[]{}\"\\:0129-+.eEntf x\t\n\u0001");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_pages_and_their_corruptions_parse_like_the_reference(int seed)
    {
        var random = new Random(seed);
        for (var page = 0; page < 150; page++)
        {
            var types = Enumerable.Range(0, random.Next(1, 6)).Select(_ => s_types[random.Next(s_types.Length)]).ToArray();
            var rows = Enumerable.Range(0, random.Next(0, 12)).Select(_ => Row(random, types)).ToList();
            var data = Space(random) + "[" + string.Join(Space(random) + "," + Space(random), rows) + Space(random) + "]";
            var valid = Document(types, data);
            Check(random, types, valid, $"seed {seed} page {page}: {data}");
            for (var m = 0; m < 10; m++)
            {
                var corrupt = Corrupt(random, valid, data);
                Check(random, types, corrupt, $"seed {seed} page {page} corruption {m}: {Encoding.UTF8.GetString(corrupt)}");
            }
        }
    }

    [Theory]
    [InlineData("real")]
    [InlineData("double")]
    public void Scanned_floating_point_numbers_equal_the_reader_bit_for_bit(string type)
    {
        var random = new Random(77);
        var texts = new List<string> { "0", "-0", "-0.0", "1.4E-45", "3.4028235E38", "3.4028236E38", "1e39", "4.9E-324", "1.7976931348623157E308", "1e309", "0.1", "16777217", "9007199254740993" };
        for (var i = 0; i < 5000; i++)
        {
            var f = (float)(random.NextDouble() * Math.Pow(10, random.Next(-45, 39)) * (random.Next(2) == 0 ? 1 : -1));
            var d = random.NextDouble() * Math.Pow(10, random.Next(-300, 300)) * (random.Next(2) == 0 ? 1 : -1);
            texts.Add(f.ToString("R", CultureInfo.InvariantCulture));
            texts.Add(d.ToString("R", CultureInfo.InvariantCulture));
            texts.Add(d.ToString("E" + random.Next(1, 20).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            texts.Add(string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => (char)('0' + random.Next(10)))).TrimStart('0').PadLeft(1, '0') + "." + random.Next(1000));
        }

        var document = Document([type], "[" + string.Join(",", texts.Select(t => "[" + t + "]")) + "]");
        var parsed = Parse(document, document.Length)!;
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal(Describe(Cells.Decode(type, "[" + texts[i] + "]"), 0), parsed[i][0]);
        }
    }

    private static void Check(Random random, string[] types, byte[] document, string context)
    {
        var expected = Reference(types, document);
        var whole = Parse(document, document.Length);
        var chunked = Parse(document, random.Next(1, 40));
        foreach (var actual in new[] { whole, chunked })
        {
            if (expected is null || actual is null)
            {
                Assert.True(expected is null == actual is null, $"{context}\nexpected {(expected is null ? "failure" : "success")}, got {(actual is null ? "failure" : "success")}");
                continue;
            }

            Assert.True(expected.Count == actual.Count, $"{context}\nrow count {actual.Count} != {expected.Count}");
            for (var r = 0; r < expected.Count; r++)
            {
                for (var c = 0; c < types.Length; c++)
                {
                    Assert.True(expected[r][c] == actual[r][c], $"{context}\nrow {r} column {c} ({types[c]}): {actual[r][c]} != {expected[r][c]}");
                }
            }
        }
    }

    /// <summary>Every cell as "state|value|wire text", or null when the page fails.</summary>
    private static List<string[]>? Parse(byte[] document, int chunk)
    {
        var response = new QueryResponse();
        var body = new PageBuffer(16);
        var parser = new PageParser(response, ProtocolDialect.Trino);
        body.Observer = parser;
        try
        {
            body.Restart();
            foreach (var piece in document.Chunk(chunk))
            {
                body.EnsureFree(piece.Length);
                piece.CopyTo(body.Array, body.Length);
                body.Append(piece.Length);
            }

            parser.Finish(body);
        }
        catch (PrestoProtocolException)
        {
            return null;
        }

        var rows = new List<string[]>();
        for (var r = 0; r < response.RowCount; r++)
        {
            rows.Add(response.Buffers.Select(b => Describe(b, r)).ToArray());
        }

        return rows;
    }

    /// <summary>What the general path makes of the page, or null when it is not valid JSON or a row or cell is not what the columns promise.</summary>
    private static List<string[]>? Reference(string[] types, byte[] document)
    {
        try
        {
            using var json = JsonDocument.Parse(document, new JsonDocumentOptions { MaxDepth = 1024 });
            var data = json.RootElement.GetProperty("data");
            var rows = new List<string[]>();
            foreach (var row in data.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != types.Length)
                {
                    return null;
                }

                rows.Add(row.EnumerateArray().Select((cell, c) => Describe(Cells.Decode(types[c], "[" + cell.GetRawText() + "]"), 0)).ToArray());
            }

            return rows;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException or ArgumentException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static string Describe(ColumnBuffer buffer, int row) =>
        buffer.GetState(row) + "|" + (buffer.IsNull(row) ? "null" : Canonical(buffer.GetValue(row)) + "|" + buffer.GetWireText(row));

    private static string Canonical(object value) => value switch
    {
        double d => BitConverter.DoubleToInt64Bits(d).ToString("X", CultureInfo.InvariantCulture),
        float f => BitConverter.SingleToInt32Bits(f).ToString("X", CultureInfo.InvariantCulture),
        DateTime d => d.Ticks.ToString(CultureInfo.InvariantCulture) + d.Kind,
        DateOnly d => d.DayNumber.ToString(CultureInfo.InvariantCulture),
        string s => s,
        System.Collections.IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(x => x is null ? "null" : Canonical(x))) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static byte[] Document(string[] types, string data) => Encoding.UTF8.GetBytes(
        "{\"id\":\"q\",\"columns\":[" + string.Join(",", types.Select((t, i) => $"{{\"name\":\"c{i}\",\"type\":\"{t}\"}}")) + "],\"data\":" + data + ",\"stats\":{\"state\":\"RUNNING\"}}");

    /// <summary>One byte of the data part deleted, replaced, or inserted.</summary>
    private static byte[] Corrupt(Random random, byte[] document, string data)
    {
        var dataStart = Encoding.UTF8.GetString(document).IndexOf("\"data\":", StringComparison.Ordinal) + 7;
        var at = dataStart + random.Next(Encoding.UTF8.GetByteCount(data));
        var bytes = document.ToList();
        switch (random.Next(3))
        {
            case 0:
                bytes.RemoveAt(at);
                break;
            case 1:
                bytes[at] = s_noise[random.Next(s_noise.Length)];
                break;
            default:
                bytes.Insert(at, s_noise[random.Next(s_noise.Length)]);
                break;
        }

        return bytes.ToArray();
    }

    private static string Space(Random random) => random.Next(4) switch
    {
        0 => " ",
        1 => "\n\t ",
        _ => string.Empty,
    };

    private static string Row(Random random, string[] types) =>
        "[" + string.Join(",", types.Select(t => Space(random) + (random.Next(8) == 0 ? "null" : Value(random, t)) + Space(random))) + "]";

    private static string Value(Random random, string type)
    {
        string Pick(params string[] options) => options[random.Next(options.Length)];
        long Long() => random.Next(3) switch
        {
            0 => random.Next(-1000, 1000),
            1 => random.NextInt64(),
            _ => -random.NextInt64(),
        };
        string Digits(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));
        string Inv(IFormattable f, string? format = null) => f.ToString(format, CultureInfo.InvariantCulture);

        switch (type)
        {
            case "bigint":
                return Pick(Inv(Long()), Inv(Long()), "-9223372036854775808", "9223372036854775807", "9223372036854775808", "-0", "0", "\"17\"", "1.0", "1e2", Digits(random.Next(1, 21)));
            case "integer":
                return Pick(Inv(random.Next(int.MinValue, int.MaxValue)), "2147483647", "-2147483648", "2147483648", Inv(Long()));
            case "smallint":
                return Pick(Inv(random.Next(-40000, 40000)), "-32768", "32767");
            case "tinyint":
                return Pick(Inv(random.Next(-200, 200)), "-128", "127");
            case "double":
            case "real":
                var d = random.NextDouble() * Math.Pow(10, random.Next(-30, 30)) * (random.Next(2) == 0 ? 1 : -1);
                return Pick(Inv(d, "R"), Inv(d, "E3"), Inv(Math.Round(d, 3)), "-0.0", "0", "0.5", "1.0E7", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"",
                    Digits(random.Next(1, 25)) + "." + Digits(random.Next(1, 25)), "1e400", "4.9E-324");
            case "boolean":
                return Pick("true", "false", "\"true\"");
            case "decimal(12,2)":
            case "decimal(38,18)":
                var sign = Pick("", "-", "+");
                return Pick("\"" + sign + Digits(random.Next(1, 22)) + "." + Digits(random.Next(1, 20)) + "\"", "\"" + sign + Digits(random.Next(1, 20)) + "\"",
                    "\"-0.00\"", "\"0.123456789012345678\"", "12.25", "\"1,5\"");
            case "varchar":
            case "json":
                return Pick("\"\"", "\"name-" + Digits(4) + "\"", "\"h\u00e9llo \u2713\"", "\"a\\\"b\\\\c\\u00e9\\n\"", "\"\ud83d\ude00\"", "\"\u007f~\"", "12", "true",
                    "\"\\ud83d\\ude00 \\uD83D\\uDE00\"", "\"lone \\ud800\"", "\"lone \\udc00 low\"", "\"\\u00zz\"", "\"\\x\"", "\"\u00e9\\n\u2713\\t\"",
                    "\"\\/\\b\\f\\r\\t\\u0000\\u001F\"", "\"" + new string('x', 300) + "\\n" + new string('\u00e9', 200) + "\"", "\"end\\\\\"",
                    // Around the length up to which a plain string is checked byte by byte (32), then what ends that check.
                    "\"" + new string('k', random.Next(28, 37)) + Pick("", "\u00e9", "\\n", "\\\"", "\u0001", "\u007f") + "\"");
            case "date":
                return Pick(
                    "\"" + Inv(new DateOnly(random.Next(1, 10000), random.Next(1, 13), random.Next(1, 29)), "yyyy-MM-dd") + "\"",
                    "\"2000-02-29\"", "\"2001-02-29\"", "\"+10000-01-01\"", "\"-0001-01-01\"", "\"2020-1-1\"");
            case "timestamp(3)":
            case "timestamp(9)":
                var stamp = new DateTime(random.Next(1, 10000), random.Next(1, 13), random.Next(1, 29)).AddTicks(random.NextInt64(TimeSpan.TicksPerDay));
                return Pick(
                    "\"" + Inv(stamp, "yyyy-MM-dd HH:mm:ss") + (random.Next(4) == 0 ? "" : "." + Digits(random.Next(1, 13))) + "\"",
                    "\"" + Inv(stamp, "yyyy-MM-dd'T'HH:mm:ss.fff") + "\"", "\"2020-01-02 24:00:00\"", "\"+10000-01-01 00:00:00.000\"", "\"2020-01-02 03:04:05.\"");
            case "time(3)":
                return Pick("\"01:02:03.456\"", "\"23:59:59\"", "\"24:00:00\"", "\"" + Inv(TimeOnly.FromTimeSpan(TimeSpan.FromTicks(random.NextInt64(TimeSpan.TicksPerDay))), "HH:mm:ss.fffffff") + "\"");
            case "timestamp(3) with time zone":
                return Pick("\"2020-01-02 03:04:05.678 UTC\"", "\"2020-06-01 12:00:00.000 America/New_York\"", "\"2021-03-14 02:30:00.000 America/New_York\"",
                    "\"2020-01-02 03:04:05.678 +05:30\"", "\"2020-01-02 03:04:05.678 Mars/Olympus\"", "\"+10000-01-01 00:00:00.000 UTC\"", "\"2020-01-02 03:04:05.678\"");
            case "time(3) with time zone":
                return Pick("\"01:02:03.456+05:30\"", "\"01:02:03.456 UTC\"", "\"01:02:03.456\"");
            case "interval day to second":
                return Pick("\"1 02:03:04.005\"", "\"-0 00:00:00.001\"", "\"106751991 04:48:05.477\"", "\"x\"");
            case "interval year to month":
                return Pick("\"1-2\"", "\"-3-11\"", "\"1-x\"");
            case "ipaddress":
                return Pick("\"10.1.2.3\"", "\"2001:db8::1\"", "\"999.1.1.1\"", "\"1\"");
            case "varbinary":
                return Pick("\"AAH/\"", "\"\"", "\"aGVsbG8=\"", "\"***\"", "\"aGVsbG8\\u003d\"");
            case "uuid":
                var guid = new byte[16];
                random.NextBytes(guid);
                return Pick("\"" + new Guid(guid) + "\"", "\"zzz\"");
            default:
                return Pick("[]", "[1,null,-3]", "[ 1 , 2 ]", "[\"x\"]", "{}");
        }
    }
}
