using System.Text;
using System.Text.Json;
using Presto.Types;

namespace Presto.Tests.Types;

public class TypeSignatureParserTests
{
    private static TypeSignature Json(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        Assert.True(reader.Read());
        var signature = TypeSignatureParser.ParseJson(ref reader);
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        Assert.Equal(bytes.Length, (int)reader.BytesConsumed);
        return signature;
    }

    [Fact]
    public void PrestoDb_sample_varchar_with_legacy_arrays()
    {
        // Shape copied from samples/10-presto-running-columns-and-data.json.
        var signature = Json("""
            {"typeArguments":[],"arguments":[{"kind":"LONG_LITERAL","value":2147483647}],"literalArguments":[],"rawType":"varchar"}
            """);
        Assert.Equal("varchar", signature.RawType);
        Assert.Equal(2147483647, signature.GetLong(0, -1));
        Assert.Equal("varchar(2147483647)", signature.ToString());
    }

    [Fact]
    public void PrestoDb_sample_boolean()
    {
        var signature = Json("""{"typeArguments":[],"arguments":[],"literalArguments":[],"rawType":"boolean"}""");
        Assert.Equal("boolean", signature.RawType);
        Assert.Empty(signature.Arguments);
    }

    [Fact]
    public void Trino_decimal_and_timestamp_with_time_zone()
    {
        var dec = Json("""{"rawType":"decimal","arguments":[{"kind":"LONG","value":10},{"kind":"LONG","value":6}]}""");
        Assert.Equal("decimal(10,6)", dec.ToString());
        Assert.Equal(6, dec.GetLong(1, -1));

        var ts = Json("""{"rawType":"timestamp with time zone","arguments":[{"kind":"LONG","value":3}]}""");
        Assert.Equal("timestamp with time zone", ts.RawType);
        Assert.Equal("timestamp(3) with time zone", ts.ToString());
    }

    [Fact]
    public void Trino_nested_array_map_row()
    {
        var signature = Json("""
            {"rawType":"array","arguments":[{"kind":"TYPE","value":
              {"rawType":"map","arguments":[
                {"kind":"TYPE","value":{"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]}},
                {"kind":"TYPE","value":{"rawType":"row","arguments":[
                  {"kind":"NAMED_TYPE","value":{"fieldName":{"name":"a"},"typeSignature":{"rawType":"bigint","arguments":[]}}},
                  {"kind":"NAMED_TYPE","value":{"typeSignature":{"rawType":"array","arguments":[{"kind":"TYPE","value":{"rawType":"double","arguments":[]}}]}}}
                ]}}
              ]}}]}
            """);
        Assert.Equal("array(map(varchar(2147483647),row(a bigint,array(double))))", signature.ToString());
        var row = signature.GetType(0)!.GetType(1)!;
        Assert.Equal(["a", null], row.FieldNames);
    }

    [Fact]
    public void PrestoDb_row_field_signature_is_a_string()
    {
        var signature = Json("""
            {"rawType":"row","typeArguments":[{"rawType":"integer","typeArguments":[],"literalArguments":[],"arguments":[]},
                {"rawType":"array","typeArguments":[],"literalArguments":[],"arguments":[]}],
             "literalArguments":[],
             "arguments":[
               {"kind":"NAMED_TYPE_SIGNATURE","value":{"fieldName":{"name":"a","delimited":false},"typeSignature":"integer"}},
               {"kind":"NAMED_TYPE_SIGNATURE","value":{"fieldName":{"name":"b c","delimited":true},"typeSignature":"array(bigint)"}},
               {"kind":"NAMED_TYPE_SIGNATURE","value":{"fieldName":{"name":"r","delimited":false},"typeSignature":"row(x integer,y varchar)"}}
             ]}
            """);
        Assert.Equal("row(a integer,\"b c\" array(bigint),r row(x integer,y varchar))", signature.ToString());
        Assert.Equal(["a", "b c", "r"], signature.FieldNames);
        Assert.Equal("bigint", signature.GetType(1)!.GetType(0)!.RawType);
    }

    [Fact]
    public void PrestoDb_type_signature_kind_and_map()
    {
        var signature = Json("""
            {"rawType":"map","typeArguments":[],"literalArguments":[],"arguments":[
              {"kind":"TYPE_SIGNATURE","value":{"rawType":"varchar","typeArguments":[],"literalArguments":[],"arguments":[{"kind":"LONG_LITERAL","value":3}]}},
              {"kind":"TYPE_SIGNATURE","value":{"rawType":"bigint","typeArguments":[],"literalArguments":[],"arguments":[]}}]}
            """);
        Assert.Equal("map(varchar(3),bigint)", signature.ToString());
    }

    [Fact]
    public void Unknown_kinds_and_properties_are_kept_or_ignored()
    {
        var signature = Json("""
            {"extra":{"deep":[1,2,{"x":null}]},"rawType":"VarcharEnum","arguments":[
              {"kind":"VARCHAR_ENUM","value":{"typeName":"mood","enumMap":{"HAPPY":"h"}}},
              {"value":5,"kind":"LONG","more":true}],"future":1}
            """);
        Assert.Equal("VarcharEnum", signature.RawType);
        var other = Assert.IsType<TypeArgument.Other>(signature.Arguments[0]);
        Assert.Equal("""{"typeName":"mood","enumMap":{"HAPPY":"h"}}""", other.Text);
        Assert.Equal(5, signature.GetLong(1, -1));
    }

    [Fact]
    public void Value_before_kind_is_parsed_by_shape()
    {
        var signature = Json("""{"arguments":[{"value":{"rawType":"bigint"},"kind":"TYPE"}],"rawType":"array"}""");
        Assert.Equal("array(bigint)", signature.ToString());
    }

    [Fact]
    public void Legacy_only_type_and_literal_arguments()
    {
        var signature = Json("""{"rawType":"row","typeArguments":[{"rawType":"bigint"},{"rawType":"varchar"}],"literalArguments":["a","b"]}""");
        Assert.Equal("row(a bigint,b varchar)", signature.ToString());
    }

    [Fact]
    public void Missing_raw_type_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => Json("""{"arguments":[]}"""));
    }

    [Theory]
    [InlineData("bigint", "bigint")]
    [InlineData("varchar", "varchar")]
    [InlineData("varchar(3)", "varchar(3)")]
    [InlineData("decimal(10, 6)", "decimal(10,6)")]
    [InlineData("map(varchar(3),array(bigint))", "map(varchar(3),array(bigint))")]
    [InlineData("map(varchar(3), varchar(3))", "map(varchar(3),varchar(3))")]
    [InlineData("row(x bigint, y double)", "row(x bigint,y double)")]
    [InlineData("row(bigint, varchar)", "row(bigint,varchar)")]
    [InlineData("row(\"a b\" bigint, \"q\"\"x\" integer)", "row(\"a b\" bigint,\"q\"\"x\" integer)")]
    [InlineData("timestamp(3) with time zone", "timestamp(3) with time zone")]
    [InlineData("timestamp with time zone(6)", "timestamp(6) with time zone")]
    [InlineData("time with time zone", "time with time zone")]
    [InlineData("time(6)", "time(6)")]
    [InlineData("timestamp(12) without time zone", "timestamp(12)")]
    [InlineData("interval day to second", "interval day to second")]
    [InlineData("interval year to month", "interval year to month")]
    [InlineData("timestamp microseconds", "timestamp microseconds")]
    [InlineData("row(time time, t timestamp(3) with time zone)", "row(time time,t timestamp(3) with time zone)")]
    [InlineData("row(timestamp(3) with time zone, interval day to second)", "row(timestamp(3) with time zone,interval day to second)")]
    [InlineData("HyperLogLog", "HyperLogLog")]
    [InlineData("ARRAY(BIGINT)", "array(bigint)")]
    [InlineData("  array ( bigint )  ", "array(bigint)")]
    [InlineData("double precision", "double")]
    public void Text_round_trips_to_canonical_form(string text, string expected)
    {
        Assert.Equal(expected, TypeSignatureParser.ParseText(text).ToString());
    }

    [Fact]
    public void Text_timestamp_with_time_zone_structure()
    {
        var signature = TypeSignatureParser.ParseText("timestamp(3) with time zone");
        Assert.Equal("timestamp with time zone", signature.RawType);
        var argument = Assert.Single(signature.Arguments);
        Assert.Equal(3, Assert.IsType<TypeArgument.Long>(argument).Value);
    }

    [Fact]
    public void Text_anonymous_and_quoted_fields()
    {
        var anonymous = TypeSignatureParser.ParseText("row(bigint, varchar)");
        Assert.Equal([null, null], anonymous.FieldNames);
        var quoted = TypeSignatureParser.ParseText("row(\"a b\" bigint)");
        Assert.Equal(["a b"], quoted.FieldNames);
    }

    [Fact]
    public void Json_and_text_agree()
    {
        var json = Json("""
            {"rawType":"row","arguments":[
              {"kind":"NAMED_TYPE","value":{"fieldName":{"name":"x"},"typeSignature":{"rawType":"bigint","arguments":[]}}},
              {"kind":"NAMED_TYPE","value":{"fieldName":{"name":"y"},"typeSignature":{"rawType":"timestamp with time zone","arguments":[{"kind":"LONG","value":6}]}}}]}
            """);
        var text = TypeSignatureParser.ParseText("row(x bigint, y timestamp(6) with time zone)");
        Assert.Equal(json.ToString(), text.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("array(")]
    [InlineData("array(bigint")]
    [InlineData("map(varchar,)")]
    [InlineData("row()")]
    [InlineData("decimal(10,6")]
    [InlineData("interval day")]
    [InlineData("timestamp with zone")]
    [InlineData("bigint extra")]
    [InlineData("row(\"unterminated bigint)")]
    [InlineData("varchar(99999999999999999999)")]
    public void Bad_text_is_a_format_error(string text)
    {
        Assert.Throws<FormatException>(() => TypeSignatureParser.ParseText(text));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_a_format_error()
    {
        var ok = string.Concat(Enumerable.Repeat("array(", 50)) + "bigint" + new string(')', 50);
        Assert.Equal(ok, TypeSignatureParser.ParseText(ok).ToString());
        var deep = string.Concat(Enumerable.Repeat("array(", 200)) + "bigint" + new string(')', 200);
        Assert.Throws<FormatException>(() => TypeSignatureParser.ParseText(deep));
        var deepRow = string.Concat(Enumerable.Repeat("row(a ", 200)) + "bigint" + new string(')', 200);
        Assert.Throws<FormatException>(() => TypeSignatureParser.ParseText(deepRow));
    }
}
