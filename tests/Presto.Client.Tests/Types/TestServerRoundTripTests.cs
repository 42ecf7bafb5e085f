using System.Net;
using System.Text;
using System.Text.Json;
using Presto.Testing;
using Presto.Tests.Support;
using Presto.Types;

namespace Presto.Tests.Types;

/// <summary>
/// End to end against the embedded server: its <c>typeSignature</c> JSON (both dialects, PrestoDB row fields as type strings)
/// and its value encodings decode back to the CLR values it was given.
/// </summary>
public class TestServerRoundTripTests
{
    private static readonly ResultColumn[] s_columns =
    [
        new("b", "bigint"), new("i", "integer"), new("d", "double"), new("r", "real"), new("dec", "decimal(38,2)"),
        new("s", "varchar"), new("c", "char(5)"), new("bin", "varbinary"), new("dt", "date"), new("t", "time(3)"),
        new("ts", "timestamp(3)"), new("tstz", "timestamp(3) with time zone"), new("ids", "interval day to second"),
        new("iym", "interval year to month"), new("u", "uuid"), new("ip", "ipaddress"), new("arr", "array(bigint)"),
        new("m", "map(varchar,bigint)"), new("row", "row(a bigint, \"b c\" varchar, n array(double))"),
        new("nested", "array(map(varchar,row(x integer,y array(double))))"),
    ];

    [Theory]
    [MemberData(nameof(TestServers.Dialects), MemberType = typeof(TestServers))]
    public async Task Server_encodings_decode_to_the_original_values(ServerDialect dialect)
    {
        var guid = Guid.Parse("12151fd2-7586-11e9-8f9e-2a86e4085a59");
        var tstz = new DateTimeOffset(2020, 1, 2, 3, 4, 5, 678, TimeSpan.FromMinutes(330));
        object?[] row =
        [
            long.MinValue, int.MaxValue, 1.0E7, 3.4028235E38f, "12345678901234567890123456789012345.67",
            "héllo \"q\"", "ab", new byte[] { 0, 1, 255 }, new DateOnly(2020, 2, 29), new TimeOnly(13, 14, 15, 678),
            new DateTime(2020, 1, 2, 3, 4, 5, 678), tstz, new TimeSpan(1, 2, 3, 4, 5),
            14, guid, IPAddress.Parse("10.1.2.3"), new long?[] { 1, null, 3 },
            new Dictionary<string, long?> { ["k"] = 1, ["n"] = null },
            new object?[] { 7L, "x", new double?[] { double.NaN, null } },
            new object?[] { new Dictionary<string, object?> { ["e"] = new object?[] { null, new double?[] { 1.5 } } }, null },
        ];
        object?[] nulls = new object?[s_columns.Length];

        await using var server = await TestServers.StartAsync(dialect);
        server.Script("SELECT types", ScriptedResult.FromRows(s_columns, [row, nulls]));
        var (decoders, values) = await QueryAsync(server, "SELECT types");

        Assert.Equal(s_columns.Length, decoders.Count);
        Assert.Equal(["a", "b c", "n"], ((RowDecoder)decoders[18]).Signature.FieldNames);
        var first = values[0];
        Assert.Equal(long.MinValue, first[0]);
        Assert.Equal(int.MaxValue, first[1]);
        Assert.Equal(1.0E7, first[2]);
        Assert.Equal(3.4028235E38f, first[3]);
        Assert.Equal("12345678901234567890123456789012345.67", Assert.IsType<PrestoDecimal>(first[4]).ToString());
        Assert.Equal("héllo \"q\"", first[5]);
        Assert.Equal("ab   ", first[6]);
        Assert.Equal(new byte[] { 0, 1, 255 }, first[7]);
        Assert.Equal(new DateOnly(2020, 2, 29), first[8]);
        Assert.Equal(new TimeOnly(13, 14, 15, 678), first[9]);
        Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5, 678), first[10]);
        Assert.Equal(tstz, first[11]);
        Assert.Equal(tstz.Offset, ((DateTimeOffset)first[11]!).Offset);
        Assert.Equal(new TimeSpan(1, 2, 3, 4, 5), first[12]);
        Assert.Equal(new PrestoIntervalYearToMonth(14), first[13]);
        Assert.Equal(guid, first[14]);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), first[15]);
        Assert.Equal(new long?[] { 1, null, 3 }, first[16]);
        var map = Assert.IsType<Dictionary<string, long?>>(first[17]);
        Assert.Equal(1, map["k"]);
        Assert.Null(map["n"]);
        var prestoRow = Assert.IsType<PrestoRow>(first[18]);
        Assert.Equal(7L, prestoRow["a"]);
        Assert.Equal("x", prestoRow["b c"]);
        var doubles = Assert.IsType<double?[]>(prestoRow["n"]);
        Assert.True(double.IsNaN(doubles[0]!.Value));
        Assert.Null(doubles[1]);
        var nested = Assert.IsType<Dictionary<string, PrestoRow>[]>(first[19]);
        Assert.Null(nested[0]["e"]["x"]);
        Assert.Equal(new double?[] { 1.5 }, nested[0]["e"]["y"]);
        Assert.Null(nested[1]);

        Assert.All(values[1], value => Assert.Equal(DBNull.Value, value));
    }

    private static async Task<(List<ColumnDecoder> Decoders, List<object?[]> Rows)> QueryAsync(PrestoTestServer server, string sql)
    {
        using var http = new HttpClient();
        var prefix = server.Dialect == ServerDialect.Presto ? "X-Presto-" : "X-Trino-";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, "/v1/statement"))
        {
            Content = new StringContent(sql, Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add(prefix + "User", "test");
        using var first = await http.SendAsync(request);
        var page = await first.Content.ReadAsByteArrayAsync();
        var decoders = new List<ColumnDecoder>();
        var buffers = new List<ColumnBuffer>();
        var rows = new List<object?[]>();
        while (true)
        {
            string? next = ReadPage(page, decoders, buffers, rows);
            if (next is null)
            {
                return (decoders, rows);
            }

            page = await http.GetByteArrayAsync(new Uri(next));
        }
    }

    /// <summary>Reads one QueryResults document the way the engine will: signatures once, cells into column buffers.</summary>
    private static string? ReadPage(byte[] page, List<ColumnDecoder> decoders, List<ColumnBuffer> buffers, List<object?[]> rows)
    {
        var reader = new Utf8JsonReader(page);
        string? next = null;
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "nextUri")
            {
                next = reader.GetString();
            }
            else if (name == "columns" && decoders.Count == 0)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var property = reader.GetString();
                        reader.Read();
                        if (property == "typeSignature")
                        {
                            var decoder = DecoderRegistry.Create(TypeSignatureParser.ParseJson(ref reader));
                            decoders.Add(decoder);
                            buffers.Add(decoder.CreateBuffer());
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
            }
            else if (name == "data")
            {
                foreach (var buffer in buffers)
                {
                    buffer.Reset(page, 0);
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    for (var i = 0; i < buffers.Count; i++)
                    {
                        reader.Read();
                        buffers[i].Read(ref reader);
                    }

                    reader.Read();
                    Assert.Equal(JsonTokenType.EndArray, reader.TokenType);
                }

                for (var row = 0; row < (buffers.Count == 0 ? 0 : buffers[0].Count); row++)
                {
                    rows.Add([.. buffers.Select(b => b.GetValue(row))]);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return next;
    }
}
