using Presto.Types;

namespace Presto.Tests.Types;

public class ContainerDecoderTests
{
    [Fact]
    public void Arrays_are_typed_with_nullable_elements()
    {
        var longs = Assert.IsType<long?[]>(Cells.Value("array(bigint)", "[1, null, -9223372036854775808]"));
        Assert.Equal(new long?[] { 1, null, long.MinValue }, longs);
        Assert.Equal(new string?[] { "a", null }, Assert.IsType<string[]>(Cells.Value("array(varchar)", """["a", null]""")));
        var nested = Assert.IsType<int?[][]>(Cells.Value("array(array(integer))", "[[1, null], null, []]"));
        Assert.Equal(new int?[] { 1, null }, nested[0]);
        Assert.Null(nested[1]);
        Assert.Empty(nested[2]);
        Assert.Equal(typeof(int?[][]), DecoderRegistry.Create(TypeSignatureParser.ParseText("array(array(integer))")).FieldType);
        Assert.Equal(new DateOnly?[] { new DateOnly(2020, 1, 2) }, Cells.Value("array(date)", """["2020-01-02"]"""));
    }

    [Fact]
    public void Array_with_an_unrepresentable_element_uses_exact_types()
    {
        var buffer = Cells.Decode("array(decimal(38,0))", """[["1", "99999999999999999999999999999999999999", null], ["2"]]""");
        Assert.Equal(typeof(decimal?[]), buffer.Decoder.FieldType);
        Assert.Equal(typeof(PrestoDecimal?[]), buffer.Decoder.ExactType);
        var exact = Assert.IsType<PrestoDecimal?[]>(buffer.GetValue(0));
        Assert.Equal("99999999999999999999999999999999999999", exact[1].ToString());
        Assert.Null(exact[2]);
        Assert.Equal(new decimal?[] { 2m }, buffer.GetValue(1));
        Assert.Equal(new PrestoDecimal?[] { new PrestoDecimal(2, 0) }, buffer.GetExact(1));
    }

    [Fact]
    public void Maps_reparse_keys_with_the_key_type()
    {
        var byLong = Assert.IsType<Dictionary<long, string>>(Cells.Value("map(bigint,varchar)", """{"1":"a","-2":null}"""));
        Assert.Equal("a", byLong[1]);
        Assert.Null(byLong[-2]);

        var byString = Assert.IsType<Dictionary<string, long?>>(Cells.Value("map(varchar,bigint)", """{"x":1,"y":null,"z\"q":3}"""));
        Assert.Equal(3, byString.Count);
        Assert.Null(byString["y"]);
        Assert.Equal(3, byString["z\"q"]);

        var byDouble = Assert.IsType<Dictionary<double, double?>>(Cells.Value("map(double,double)", """{"1.0":2.5,"NaN":"Infinity","1.0E7":null}"""));
        Assert.Equal(2.5, byDouble[1.0]);
        Assert.Equal(double.PositiveInfinity, byDouble[double.NaN]);
        Assert.True(byDouble.ContainsKey(1.0E7));

        var byBool = Assert.IsType<Dictionary<bool, int?>>(Cells.Value("map(boolean,integer)", """{"true":1,"false":0}"""));
        Assert.Equal(1, byBool[true]);

        var byDate = Assert.IsType<Dictionary<DateOnly, long?>>(Cells.Value("map(date,bigint)", """{"2020-01-02":1}"""));
        Assert.Equal(1, byDate[new DateOnly(2020, 1, 2)]);

        var byTimestamp = Assert.IsType<Dictionary<DateTime, long?>>(Cells.Value("map(timestamp(3),bigint)", """{"2020-01-02 03:04:05.678":1}"""));
        Assert.Equal(1, byTimestamp[new DateTime(2020, 1, 2, 3, 4, 5, 678)]);

        var byBinary = Assert.IsType<Dictionary<byte[], long?>>(Cells.Value("map(varbinary,bigint)", """{"AAE=":7}"""));
        var entry = Assert.Single(byBinary);
        Assert.Equal(new byte[] { 0, 1 }, entry.Key);
        Assert.Equal(7, entry.Value);

        var byDecimal = Assert.IsType<Dictionary<decimal, long?>>(Cells.Value("map(decimal(10,2),bigint)", """{"1.50":1}"""));
        Assert.Equal(1, byDecimal[1.5m]);
    }

    [Fact]
    public void Map_with_unrepresentable_key_uses_exact_types()
    {
        var exact = Assert.IsType<Dictionary<PrestoDate, long?>>(Cells.Value("map(date,bigint)", """{"2020-01-02":1,"+10000-01-01":2}"""));
        Assert.Equal(2, exact[new PrestoDate(10000, 1, 1)]);
        Assert.Equal(1, exact[new PrestoDate(2020, 1, 2)]);
    }

    [Fact]
    public void Map_with_container_keys_keeps_key_text()
    {
        var map = Assert.IsType<Dictionary<string, long?>>(Cells.Value("map(array(bigint),bigint)", """{"[1, 2]":3}"""));
        Assert.Equal(3, map["[1, 2]"]);
    }

    [Fact]
    public void Rows_by_index_and_name()
    {
        var row = Assert.IsType<PrestoRow>(Cells.Value("row(x bigint, y varchar, \"Z z\" double)", """[1, "a", null]"""));
        Assert.Equal(3, row.Count);
        Assert.Equal(1L, row[0]);
        Assert.Equal("a", row["y"]);
        Assert.Equal("a", row["Y"]);
        Assert.Null(row["z Z"]);
        Assert.Equal(1L, row.GetFieldValue<long>("x"));
        Assert.Null(row.GetFieldValue<double?>(2));
        Assert.Equal(["x", "y", "Z z"], row.FieldNames);
        Assert.Throws<KeyNotFoundException>(() => row["nope"]);
        Assert.Throws<IndexOutOfRangeException>(() => row[3]);
        Assert.Throws<InvalidCastException>(() => row.GetFieldValue<int>("x"));
        Assert.Throws<InvalidCastException>(() => row.GetFieldValue<double>(2));
        Assert.Equal("{x=1, y=a, Z z=null}", row.ToString());

        var nulls = Assert.IsType<PrestoRow>(Cells.Value("row(a bigint, b bigint)", "[null, null]"));
        Assert.Equal([null, null], nulls);
        var anonymous = Assert.IsType<PrestoRow>(Cells.Value("row(bigint, varchar)", """[1, "x"]"""));
        Assert.Equal("{1, x}", anonymous.ToString());
        Assert.True(Cells.Decode("row(a bigint)", "[null]").IsNull(0));
    }

    [Fact]
    public void Row_fields_keep_exact_values_when_unrepresentable()
    {
        var row = Assert.IsType<PrestoRow>(Cells.Value("row(d decimal(38,0), t timestamp(3))", """["99999999999999999999999999999999999999", "+10000-01-01 00:00:00.000"]"""));
        Assert.IsType<PrestoDecimal>(row["d"]);
        Assert.Equal("+10000-01-01 00:00:00.000", row["t"]!.ToString());
        var exact = Assert.IsType<PrestoRow>(Cells.Exact("row(d decimal(10,2))", """["1.50"]"""));
        Assert.Equal(new PrestoDecimal(150, 2), exact[0]);
    }

    [Fact]
    public void Nested_array_of_map_of_row_with_nulls_at_every_level()
    {
        const string type = "array(map(varchar,row(a bigint,b array(double))))";
        var buffer = Cells.Decode(type, """
            [[{"k1":[1,[1.5,null,"NaN"]],"k2":null,"k3":[null,null],"k4":[2,null]},null,{}],
             null,
             []]
            """);
        Assert.Equal(typeof(Dictionary<string, PrestoRow>[]), buffer.Decoder.FieldType);
        var outer = Assert.IsType<Dictionary<string, PrestoRow>[]>(buffer.GetValue(0));
        Assert.Equal(3, outer.Length);
        var map = outer[0];
        Assert.Equal(4, map.Count);
        var k1 = map["k1"];
        Assert.Equal(1L, k1["a"]);
        var doubles = Assert.IsType<double?[]>(k1["b"]);
        Assert.Equal(1.5, doubles[0]);
        Assert.Null(doubles[1]);
        Assert.True(double.IsNaN(doubles[2]!.Value));
        Assert.Null(map["k2"]);
        Assert.Equal([null, null], map["k3"]);
        Assert.Null(map["k4"]["b"]);
        Assert.Null(outer[1]);
        Assert.Empty(outer[2]);
        Assert.True(buffer.IsNull(1));
        Assert.Empty(Assert.IsType<Dictionary<string, PrestoRow>[]>(buffer.GetValue(2)));
        Assert.Equal("""[{"k1":[1,[1.5,null,"NaN"]],"k2":null,"k3":[null,null],"k4":[2,null]},null,{}]""", buffer.GetWireText(0));

        // Structural equality of rows holding arrays.
        var again = Assert.IsType<Dictionary<string, PrestoRow>[]>(buffer.GetExact(0));
        Assert.Equal(k1, again[0]["k1"]);
        Assert.Equal("{a=1, b=[1.5, null, NaN]}", k1.ToString());
    }
}
