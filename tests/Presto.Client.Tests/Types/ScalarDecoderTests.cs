using System.Net;
using Presto.Types;

namespace Presto.Tests.Types;

public class ScalarDecoderTests
{
    [Fact]
    public void Integers_min_max_and_numeric_strings()
    {
        var buffer = Cells.Decode("bigint", """[9223372036854775807, -9223372036854775808, 0, "123", "-5", null]""");
        var typed = Assert.IsType<ColumnBuffer<long>>(buffer);
        Assert.Equal(typeof(long), buffer.Decoder.FieldType);
        Assert.Equal(long.MaxValue, typed.GetTyped(0));
        Assert.Equal(long.MinValue, typed.GetTyped(1));
        Assert.Equal(0L, buffer.GetValue(2));
        Assert.Equal(123L, buffer.GetValue(3));
        Assert.Equal(-5L, buffer.GetValue(4));
        Assert.True(buffer.IsNull(5));
        Assert.Equal(DBNull.Value, buffer.GetValue(5));
        Assert.Equal("9223372036854775807", buffer.GetWireText(0));
        Assert.Equal("123", buffer.GetWireText(3));
        Assert.Equal("\"123\"", System.Text.Encoding.UTF8.GetString(buffer.GetRawToken(3)));

        Assert.Equal(int.MaxValue, Cells.Value("integer", "2147483647"));
        Assert.Equal(int.MinValue, Cells.Value("integer", "-2147483648"));
        Assert.Equal(short.MaxValue, Cells.Value("smallint", "32767"));
        Assert.Equal(short.MinValue, Cells.Value("smallint", "-32768"));
        Assert.Equal(sbyte.MaxValue, Cells.Value("tinyint", "127"));
        Assert.Equal(sbyte.MinValue, Cells.Value("tinyint", "-128"));
        Assert.Equal(typeof(sbyte), DecoderRegistry.Create(TypeSignatureParser.ParseText("tinyint")).FieldType);
    }

    [Fact]
    public void Boolean()
    {
        var buffer = Cells.Decode("boolean", "[true, false, null]");
        var typed = Assert.IsType<ColumnBuffer<bool>>(buffer);
        Assert.True(typed.GetTyped(0));
        Assert.False(typed.GetTyped(1));
        Assert.True(buffer.IsNull(2));
        Assert.Equal("true", buffer.GetWireText(0));
    }

    [Fact]
    public void Double_forms_and_non_finite_strings()
    {
        var buffer = Cells.Decode("double", """[1.0, 1.0E7, 1.0E-4, -0.0, 4.9E-324, 1.7976931348623157E308, "NaN", "Infinity", "-Infinity", 3]""");
        var typed = Assert.IsType<ColumnBuffer<double>>(buffer);
        Assert.Equal(1.0, typed.GetTyped(0));
        Assert.Equal(1.0E7, typed.GetTyped(1));
        Assert.Equal(1.0E-4, typed.GetTyped(2));
        Assert.True(double.IsNegative(typed.GetTyped(3)));
        Assert.Equal(double.Epsilon, typed.GetTyped(4));
        Assert.Equal(double.MaxValue, typed.GetTyped(5));
        Assert.True(double.IsNaN(typed.GetTyped(6)));
        Assert.Equal(double.PositiveInfinity, typed.GetTyped(7));
        Assert.Equal(double.NegativeInfinity, typed.GetTyped(8));
        Assert.Equal(3.0, typed.GetTyped(9));
        Assert.Equal("1.0E7", buffer.GetWireText(1));
        Assert.Equal("NaN", buffer.GetWireText(6));
    }

    [Fact]
    public void Real_forms()
    {
        var buffer = Cells.Decode("real", """[1.0, 3.4028235E38, 1.0E-5, 1.4E-45, "NaN", "Infinity", "-Infinity"]""");
        var typed = Assert.IsType<ColumnBuffer<float>>(buffer);
        Assert.Equal(1.0f, typed.GetTyped(0));
        Assert.Equal(float.MaxValue, typed.GetTyped(1));
        Assert.Equal(1.0E-5f, typed.GetTyped(2));
        Assert.Equal(float.Epsilon, typed.GetTyped(3));
        Assert.True(float.IsNaN(typed.GetTyped(4)));
        Assert.Equal(float.PositiveInfinity, typed.GetTyped(5));
        Assert.Equal(float.NegativeInfinity, typed.GetTyped(6));
    }

    [Fact]
    public void Decimal_fits_or_is_exact()
    {
        var buffer = Cells.Decode("decimal(38,2)", """["123.45", "0.05", "-0.50", "42", "-1.00", "99999999999999999999999999999999999999", "-0.5", "79228162514264337593543950335", "79228162514264337593543950336", null]""");
        var typed = Assert.IsType<ColumnBuffer<decimal>>(buffer);
        Assert.Equal(typeof(decimal), buffer.Decoder.FieldType);
        Assert.Equal(typeof(PrestoDecimal), buffer.Decoder.ExactType);
        Assert.Equal(123.45m, typed.GetTyped(0));
        Assert.Equal("123.45", typed.GetTyped(0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.05m, typed.GetTyped(1));
        Assert.Equal(-0.50m, typed.GetTyped(2));
        Assert.Equal("-0.50", typed.GetTyped(2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(42m, typed.GetTyped(3));
        Assert.Equal(-1.00m, typed.GetTyped(4));

        Assert.Equal(CellState.Unrepresentable, buffer.GetState(5));
        var big = Assert.IsType<PrestoDecimal>(buffer.GetValue(5));
        Assert.Equal("99999999999999999999999999999999999999", big.ToString());
        Assert.Equal(38, big.Precision);
        Assert.Equal(0, big.Scale);

        Assert.Equal(-0.5m, typed.GetTyped(6));
        Assert.True(typed.GetTyped(6) < 0);
        Assert.Equal(decimal.MaxValue, typed.GetTyped(7));
        Assert.Equal(CellState.Unrepresentable, buffer.GetState(8));
        Assert.Equal("79228162514264337593543950336", buffer.GetValue(8).ToString());

        var exact = Assert.IsType<PrestoDecimal>(buffer.GetExact(2));
        Assert.Equal("-0.50", exact.ToString());
        Assert.Equal(-50, (int)exact.UnscaledValue);
        Assert.Equal(2, exact.Scale);
        Assert.True(buffer.IsNull(9));
    }

    [Fact]
    public void Decimal_with_38_fraction_digits()
    {
        var buffer = Cells.Decode("decimal(38,38)", """["0.12345678901234567890123456789012345678", "-0.00000000000000000000000000000000000001", "0.10000000000000000000000000000000000000"]""");
        Assert.Equal(CellState.Unrepresentable, buffer.GetState(0));
        Assert.Equal("0.12345678901234567890123456789012345678", buffer.GetValue(0).ToString());
        Assert.Equal("-0.00000000000000000000000000000000000001", buffer.GetValue(1).ToString());

        // Numerically 0.1: the trailing zeros are dropped to fit System.Decimal.
        Assert.Equal(CellState.Value, buffer.GetState(2));
        Assert.Equal(0.1m, buffer.GetValue(2));
        Assert.Equal("0.10000000000000000000000000000000000000", buffer.GetExact(2).ToString());
    }

    [Fact]
    public void Strings_keep_padding_and_escapes()
    {
        var buffer = Cells.Decode("char(5)", """["ab   ", "\u00e9\u0000x", "\"q\""]""");
        var typed = Assert.IsType<ColumnBuffer<string>>(buffer);
        Assert.Equal("ab   ", typed.GetTyped(0));
        Assert.Equal("\u00e9\0x", typed.GetTyped(1));
        Assert.Equal("\"q\"", buffer.GetWireText(2));
        Assert.Equal("héllo", Cells.Value("varchar", "\"héllo\""));
        Assert.Equal("""{"a":[1,2]}""", Cells.Value("json", "\"{\\\"a\\\":[1,2]}\""));
        Assert.Equal("1.5E+3", Cells.Value("number", "\"1.5E+3\""));
        Assert.Equal("#ff0000", Cells.Value("color", "\"#ff0000\""));
        Assert.Equal("POINT (1 2)", Cells.Value("Geometry", "\"POINT (1 2)\""));
        Assert.Equal("10.0.0.0/8", Cells.Value("ipprefix", "\"10.0.0.0/8\""));
    }

    [Fact]
    public void Varbinary_and_sketches_are_base64()
    {
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, Cells.Value("varbinary", "\"AAEC/w==\""));
        Assert.Equal(new byte[] { 1, 2 }, Cells.Value("varbinary", "\"AQI=\""));
        Assert.Equal(new byte[] { 1, 2, 3 }, Cells.Value("HyperLogLog", "\"AQID\""));
        Assert.Equal(Array.Empty<byte>(), Cells.Value("varbinary", "\"\""));
        Assert.Equal(new byte[] { 0xfb, 0xff }, Cells.Value("qdigest", "\"+/8=\""));

        // System.Text.Json-style escaping of '+' still decodes.
        Assert.Equal(new byte[] { 0xfb, 0xff }, Cells.Value("varbinary", "\"\\u002B/8=\""));
        Assert.Equal(typeof(byte[]), DecoderRegistry.Create(TypeSignatureParser.ParseText("P4HyperLogLog")).FieldType);
    }

    [Fact]
    public void Uuid_and_ip_address()
    {
        Assert.Equal(new Guid("12151fd2-7586-11e9-8f9e-2a86e4085a59"), Cells.Value("uuid", "\"12151fd2-7586-11e9-8f9e-2a86e4085a59\""));
        var v4 = Assert.IsType<IPAddress>(Cells.Value("ipaddress", "\"10.0.0.1\""));
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, v4.AddressFamily);
        Assert.Equal("10.0.0.1", v4.ToString());
        var v6 = Assert.IsType<IPAddress>(Cells.Value("ipaddress", "\"2001:db8::1\""));
        Assert.Equal(IPAddress.Parse("2001:db8::1"), v6);
    }

    [Fact]
    public void Unknown_and_future_types_are_raw_text()
    {
        var buffer = Cells.Decode("unknown", "[null, null]");
        Assert.True(buffer.IsNull(0));
        Assert.Equal("""{"x":1,"y":2,"zoom":3}""", Cells.Value("BingTile", """{"x":1,"y":2,"zoom":3}"""));
        Assert.Equal("""{"a": [1, {"b": null}]}""", Cells.Value("KdbTree", """{"a": [1, {"b": null}]}"""));
        Assert.Equal("plain", Cells.Value("SomeFutureType", "\"plain\""));
        Assert.Equal("12.5", Cells.Value("SomeFutureType", "12.5"));
        Assert.Equal("true", Cells.Value("SomeFutureType", "true"));
        Assert.Equal("[1,2]", Cells.Value("SomeFutureType(3)", "[1,2]"));
        Assert.Equal("x", Cells.Value("unknown", "\"x\""));
    }
}
