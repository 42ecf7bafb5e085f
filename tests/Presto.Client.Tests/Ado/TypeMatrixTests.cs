using System.Globalization;
using System.Net;
using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Ado;

/// <summary>
/// Every type of the protocol notes (§6) with its edge values, sent as wire JSON by the embedded server in both
/// dialects and read back through <see cref="PrestoDataReader.GetValue"/>, the typed getters and
/// <see cref="PrestoDataReader.GetFieldValue{T}(int)"/>, under cultures that format numbers and dates differently.
/// Each column's last row is NULL.
/// </summary>
public sealed class TypeMatrixTests
{
    public static TheoryData<ServerDialect, string> Combinations() => new()
    {
        { ServerDialect.Trino, "de-DE" },
        { ServerDialect.Presto, "tr-TR" },
        { ServerDialect.Trino, "tr-TR" },
        { ServerDialect.Presto, "de-DE" },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Every_type_round_trips_through_every_accessor(ServerDialect dialect, string culture)
    {
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            await using var server = await TestServers.StartAsync(dialect);
            await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
            await connection.OpenAsync();
            foreach (var check in Checks(dialect))
            {
                await RunAsync(server, connection, check);
            }
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    private sealed record Check(string Type, Type FieldType, string[] Wire, Action<PrestoDataReader, int> Assert);

    private static IEnumerable<Check> Checks(ServerDialect dialect)
    {
        yield return new("boolean", typeof(bool), ["true", "false"], (r, i) =>
        {
            Assert.Equal(i == 0, r.GetBoolean(0));
            Assert.Equal(i == 0, r.GetFieldValue<bool?>(0));
            Assert.Equal(i == 0 ? "true" : "false", r.GetFieldValue<string>(0));
        });
        yield return new("tinyint", typeof(sbyte), ["-128", "127"], (r, i) =>
        {
            var expected = i == 0 ? sbyte.MinValue : sbyte.MaxValue;
            Assert.Equal(expected, Assert.IsType<sbyte>(r.GetValue(0)));
            Assert.Equal(expected, r.GetSByte(0));
            Assert.Equal(expected, r.GetInt16(0));
            Assert.Equal(expected, r.GetInt32(0));
            Assert.Equal(expected, r.GetInt64(0));
            Assert.Equal(expected, r.GetFieldValue<decimal>(0));
        });
        yield return new("smallint", typeof(short), ["-32768", "32767"], (r, i) =>
        {
            var expected = i == 0 ? short.MinValue : short.MaxValue;
            Assert.Equal(expected, r.GetInt16(0));
            Assert.Equal(expected, r.GetInt64(0));
            Assert.Throws<OverflowException>(() => r.GetFieldValue<sbyte>(0));
        });
        yield return new("integer", typeof(int), ["-2147483648", "2147483647"], (r, i) =>
        {
            var expected = i == 0 ? int.MinValue : int.MaxValue;
            Assert.Equal(expected, r.GetInt32(0));
            Assert.Equal(expected, r.GetFieldValue<int?>(0));
            Assert.Equal(expected, r.GetInt64(0));
            Assert.Equal((double)expected, r.GetDouble(0));
        });
        yield return new("bigint", typeof(long), ["-9223372036854775808", "9223372036854775807"], (r, i) =>
        {
            var expected = i == 0 ? long.MinValue : long.MaxValue;
            Assert.Equal(expected, r.GetInt64(0));
            Assert.Equal(expected, r.GetFieldValue<long>(0));
            Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), r.GetString(0));
            Assert.Throws<OverflowException>(() => r.GetInt32(0));
        });
        yield return new("real", typeof(float), ["3.4028235E38", "1.4E-45", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1.0E-5"], (r, i) =>
        {
            float[] expected = [float.MaxValue, float.Epsilon, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1.0E-5f];
            Assert.Equal(expected[i], r.GetFloat(0));
            Assert.Equal(expected[i], Assert.IsType<float>(r.GetValue(0)));
            Assert.Equal((double)expected[i], r.GetDouble(0));
        });
        yield return new("double", typeof(double), ["1.7976931348623157E308", "4.9E-324", "1.0E7", "\"NaN\"", "\"-Infinity\"", "-0.0"], (r, i) =>
        {
            double[] expected = [double.MaxValue, double.Epsilon, 1.0E7, double.NaN, double.NegativeInfinity, -0.0];
            Assert.Equal(expected[i], r.GetDouble(0));
            Assert.Equal(expected[i], r.GetFieldValue<double?>(0));
            if (i == 2)
            {
                Assert.Equal("1.0E7", r.GetFieldValue<string>(0));
            }
        });
        yield return new("decimal(38, 0)", typeof(decimal), ["\"99999999999999999999999999999999999999\"", "\"-99999999999999999999999999999999999999\"", "\"42\""], (r, i) =>
        {
            if (i < 2)
            {
                var exact = Assert.IsType<PrestoDecimal>(r.GetValue(0));
                Assert.Equal((i == 1 ? "-" : string.Empty) + new string('9', 38), exact.ToString());
                Assert.Equal(exact, r.GetFieldValue<PrestoDecimal>(0));
                Assert.Throws<OverflowException>(() => r.GetDecimal(0));
                Assert.Throws<OverflowException>(() => r.GetFieldValue<decimal>(0));
                Assert.Equal((i == 1 ? -1 : 1) * 1e38, r.GetFieldValue<double>(0), 1e24);
            }
            else
            {
                Assert.Equal(42m, Assert.IsType<decimal>(r.GetValue(0)));
                Assert.Equal(42L, r.GetInt64(0));
            }
        });
        yield return new("decimal(38, 37)", typeof(decimal), ["\"-0.1234567890123456789012345678901234567\"", "\"-0.5000000000000000000000000000000000000\""], (r, i) =>
        {
            var wire = i == 0 ? "-0.1234567890123456789012345678901234567" : "-0.5000000000000000000000000000000000000";
            Assert.Equal(wire, r.GetFieldValue<PrestoDecimal>(0).ToString());
            Assert.Equal(wire, r.GetString(0));
            if (i == 1)
            {
                Assert.Equal(-0.5m, r.GetDecimal(0));
            }
        });
        yield return new("decimal(10, 2)", typeof(decimal), ["\"-0.50\"", "\"0.05\"", "\"12345678.90\""], (r, i) =>
        {
            decimal[] expected = [-0.50m, 0.05m, 12345678.90m];
            Assert.Equal(expected[i], r.GetDecimal(0));
            Assert.Equal(expected[i], r.GetFieldValue<decimal?>(0));
            Assert.Equal(new[] { "-0.50", "0.05", "12345678.90" }[i], r.GetFieldValue<PrestoDecimal>(0).ToString());
        });
        yield return new("varchar", typeof(string), ["\"h\\u00e9llo \\\"q\\\" \\u0000 \\u2713 \\ud83d\\ude00\"", "\"\""], (r, i) =>
        {
            Assert.Equal(i == 0 ? "héllo \"q\" \0 ✓ 😀" : string.Empty, r.GetString(0));
        });
        yield return new("char(5)", typeof(string), ["\"ab   \""], (r, _) => Assert.Equal("ab   ", r.GetString(0)));
        yield return new("varbinary", typeof(byte[]), ["\"AAEC/w==\""], (r, _) =>
        {
            Assert.Equal(new byte[] { 0, 1, 2, 255 }, r.GetFieldValue<byte[]>(0));
            var buffer = new byte[8];
            Assert.Equal(4, r.GetBytes(0, 0, buffer, 0, 8));
            Assert.Equal("AAEC/w==", r.GetFieldValue<string>(0));
        });
        yield return new("json", typeof(string), ["\"{\\\"a\\\":[1,2]}\""], (r, _) => Assert.Equal("{\"a\":[1,2]}", r.GetString(0)));
        yield return new("date", typeof(DateOnly), ["\"2020-02-29\"", "\"0000-01-01\"", "\"+10000-01-01\"", "\"-0001-12-31\""], (r, i) =>
        {
            if (i == 0)
            {
                Assert.Equal(new DateOnly(2020, 2, 29), Assert.IsType<DateOnly>(r.GetValue(0)));
                Assert.Equal(new DateTime(2020, 2, 29), r.GetDateTime(0));
                Assert.Equal(new DateOnly(2020, 2, 29), r.GetFieldValue<DateOnly>(0));
                return;
            }

            int[] years = [0, 0, 10000, -1];
            var exact = Assert.IsType<PrestoDate>(r.GetValue(0));
            Assert.Equal(years[i], exact.Year);
            Assert.Equal(exact, r.GetFieldValue<PrestoDate>(0));
            Assert.Equal(new[] { string.Empty, "0000-01-01", "+10000-01-01", "-0001-12-31" }[i], r.GetString(0));
            Assert.Throws<OverflowException>(() => r.GetDateTime(0));
        });
        yield return new("time(12)", typeof(TimeOnly), ["\"23:59:59.999999999999\"", "\"00:00:00.000000000001\""], (r, i) =>
        {
            var exact = r.GetFieldValue<PrestoTime>(0);
            Assert.Equal(i == 0 ? 999_999_999_999 : 1, exact.Picoseconds);
            Assert.Equal(i == 0 ? new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(9_999_999)) : TimeOnly.MinValue, Assert.IsType<TimeOnly>(r.GetValue(0)));
            Assert.Equal(i == 0 ? "23:59:59.999999999999" : "00:00:00.000000000001", r.GetString(0));
        });
        yield return new("timestamp(12)", typeof(DateTime), ["\"2020-01-02 03:04:05.123456789012\"", "\"+10000-01-01 00:00:00.000000000000\""], (r, i) =>
        {
            if (i == 0)
            {
                Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5).AddTicks(1_234_567), r.GetDateTime(0));
                Assert.Equal(123_456_789_012, r.GetFieldValue<PrestoTimestamp>(0).Picoseconds);
                Assert.Equal("2020-01-02 03:04:05.123456789012", r.GetFieldValue<PrestoTimestamp>(0).ToString());
            }
            else
            {
                Assert.Equal(10000, Assert.IsType<PrestoTimestamp>(r.GetValue(0)).Year);
                Assert.Throws<OverflowException>(() => r.GetDateTime(0));
            }
        });
        yield return new("timestamp(3) with time zone", typeof(DateTimeOffset),
            ["\"2020-11-01 01:30:00.000 America/New_York\"", "\"2020-06-01 12:00:00.000 UTC\"", "\"2020-06-01 12:00:00.000 +05:30\"", "\"2020-03-08 02:30:00.000 America/New_York\""], (r, i) =>
        {
            var value = Assert.IsType<DateTimeOffset>(r.GetValue(0));
            var exact = r.GetFieldValue<PrestoTimestampWithTimeZone>(0);
            switch (i)
            {
                case 0:
                    // Ambiguous at the fall-back: the earlier (daylight) offset, as Java resolves it.
                    Assert.Equal(new DateTimeOffset(2020, 11, 1, 1, 30, 0, TimeSpan.FromHours(-4)), value);
                    Assert.Equal("America/New_York", exact.ZoneId);
                    break;
                case 1:
                    Assert.Equal(new DateTimeOffset(2020, 6, 1, 12, 0, 0, TimeSpan.Zero), value);
                    Assert.Equal("UTC", exact.ZoneId);
                    break;
                case 2:
                    Assert.Equal(TimeSpan.FromMinutes(330), value.Offset);
                    Assert.Equal(new DateTimeOffset(2020, 6, 1, 6, 30, 0, TimeSpan.Zero), value.ToUniversalTime());
                    break;
                default:
                    // In the spring-forward gap: moved forward by the gap length.
                    Assert.Equal(new DateTimeOffset(2020, 3, 8, 3, 30, 0, TimeSpan.FromHours(-4)), value);
                    break;
            }
        });
        var timeWithZone = dialect == ServerDialect.Trino ? "\"01:02:03.456+05:30\"" : "\"01:02:03.456 America/Los_Angeles\"";
        yield return new("time(3) with time zone", typeof(PrestoTimeWithTimeZone), [timeWithZone], (r, _) =>
        {
            var value = Assert.IsType<PrestoTimeWithTimeZone>(r.GetValue(0));
            Assert.Equal(new PrestoTime(1, 2, 3, 456_000_000_000, 3), value.Time);
            Assert.Equal(dialect == ServerDialect.Trino ? "+05:30" : "America/Los_Angeles", value.ZoneId);
        });
        yield return new("interval day to second", typeof(TimeSpan), ["\"2 03:04:05.678\"", "\"-106751991167 07:12:55.808\""], (r, i) =>
        {
            if (i == 0)
            {
                Assert.Equal(new TimeSpan(2, 3, 4, 5, 678), r.GetFieldValue<TimeSpan>(0));
            }
            else
            {
                Assert.Equal(long.MinValue, Assert.IsType<PrestoIntervalDayToSecond>(r.GetValue(0)).TotalMilliseconds);
                Assert.Throws<OverflowException>(() => r.GetFieldValue<TimeSpan>(0));
            }
        });
        yield return new("interval year to month", typeof(PrestoIntervalYearToMonth), ["\"1-2\"", "\"-178956970-8\""], (r, i) =>
        {
            Assert.Equal(i == 0 ? 14 : int.MinValue, r.GetFieldValue<PrestoIntervalYearToMonth>(0).TotalMonths);
        });
        yield return new("uuid", typeof(Guid), ["\"12151fd2-7586-11e9-8f9e-2a86e4085a59\""], (r, _) =>
            Assert.Equal(Guid.Parse("12151fd2-7586-11e9-8f9e-2a86e4085a59"), r.GetGuid(0)));
        yield return new("ipaddress", typeof(IPAddress), ["\"10.0.0.1\"", "\"2001:db8::1\""], (r, i) =>
            Assert.Equal(IPAddress.Parse(i == 0 ? "10.0.0.1" : "2001:db8::1"), r.GetFieldValue<IPAddress>(0)));
        yield return new("HyperLogLog", typeof(byte[]), ["\"AgwBAIA=\""], (r, _) => Assert.Equal(Convert.FromBase64String("AgwBAIA="), r.GetFieldValue<byte[]>(0)));
        yield return new("array(bigint)", typeof(long?[]), ["[1,null,3]", "[]"], (r, i) =>
            Assert.Equal(i == 0 ? new long?[] { 1, null, 3 } : [], r.GetFieldValue<long?[]>(0)));
        yield return new("map(varchar, bigint)", typeof(Dictionary<string, long?>), ["{\"a\":1,\"b\":null}"], (r, _) =>
        {
            var map = r.GetFieldValue<Dictionary<string, long?>>(0);
            Assert.Equal(1, map["a"]);
            Assert.Null(map["b"]);
        });
        yield return new("map(double, varchar)", typeof(Dictionary<double, string?>), ["{\"1.0\":\"one\",\"-2.5\":null}"], (r, _) =>
        {
            var map = r.GetFieldValue<Dictionary<double, string?>>(0);
            Assert.Equal("one", map[1.0]);
            Assert.Null(map[-2.5]);
        });
        yield return new("row(x bigint, y varchar)", typeof(PrestoRow), ["[1,\"a\"]", "[null,null]"], (r, i) =>
        {
            var row = r.GetFieldValue<PrestoRow>(0);
            Assert.Equal(["x", "y"], row.FieldNames);
            Assert.Equal(i == 0 ? 1L : null, row["x"]);
            Assert.Equal(i == 0 ? "a" : null, row[1]);
        });
        yield return new("array(map(varchar, row(a bigint, b array(double))))", typeof(Dictionary<string, PrestoRow?>?[]),
            ["[{\"k\":[1,[1.5,null]],\"n\":null,\"e\":[null,null]},null,{}]"], (r, _) =>
        {
            var value = Assert.IsType<Dictionary<string, PrestoRow?>?[]>(r.GetValue(0));
            Assert.Equal(3, value.Length);
            var first = value[0]!;
            Assert.Equal(1L, first["k"]!["a"]);
            Assert.Equal(new double?[] { 1.5, null }, first["k"]!["b"]);
            Assert.Null(first["n"]);
            Assert.Null(first["e"]!["b"]);
            Assert.Null(value[1]);
            Assert.Empty(value[2]!);
            Assert.Equal("[{\"k\":[1,[1.5,null]],\"n\":null,\"e\":[null,null]},null,{}]", r.GetFieldValue<string>(0));
        });
        yield return new("quantum(7)", typeof(string), ["{\"qubits\":[1,0]}", "\"text\""], (r, i) =>
            Assert.Equal(i == 0 ? "{\"qubits\":[1,0]}" : "text", r.GetValue(0)));
    }

    private static async Task RunAsync(PrestoTestServer server, PrestoConnection connection, Check check)
    {
        var sql = "SELECT v FROM matrix_" + Math.Abs(check.Type.GetHashCode(StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture);
        using var script = server.Script(sql, ScriptedResult.FromRawRows([new ResultColumn("v", check.Type)], check.Wire.Select(w => "[" + w + "]").Append("[null]")));
        await using var command = new PrestoCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.Equal(check.FieldType, reader.GetFieldType(0));
        var row = 0;
        while (await reader.ReadAsync())
        {
            if (row == check.Wire.Length)
            {
                Assert.True(reader.IsDBNull(0), check.Type);
                Assert.Equal(DBNull.Value, reader.GetValue(0));
                Assert.Null(reader.GetFieldValue<string>(0));
                Assert.Null(reader.GetFieldValue<object?[]?>(0));
                Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<long>(0));
            }
            else
            {
                Assert.False(reader.IsDBNull(0), check.Type);
                try
                {
                    check.Assert(reader, row);
                }
                catch (Exception ex)
                {
                    throw new InvalidOperationException($"{check.Type} row {row} ({check.Wire[row]}): {ex.Message}", ex);
                }
            }

            row++;
        }

        Assert.Equal(check.Wire.Length + 1, row);
    }
}
