using System.Globalization;
using System.Text;
using System.Text.Json;
using Presto.Types;

namespace Presto.Tests.Types;

/// <summary>Feeds a JSON array of cells through a decoder's <see cref="ColumnBuffer"/> the way the page parser does.</summary>
internal static class Cells
{
    public static ColumnBuffer Decode(string type, string cellsJson) => Decode(TypeSignatureParser.ParseText(type), cellsJson);

    public static ColumnBuffer Decode(TypeSignature type, string cellsJson)
    {
        var decoder = DecoderRegistry.Create(type);
        var buffer = decoder.CreateBuffer();

        // Put the cells at a non-zero offset of the page, as a real page (with "data": prefix) would.
        var prefix = "{\"data\":";
        var page = Encoding.UTF8.GetBytes(prefix + cellsJson + "}");
        var reader = new Utf8JsonReader(page.AsSpan(prefix.Length, page.Length - prefix.Length - 1));
        Assert.True(reader.Read());
        Assert.Equal(JsonTokenType.StartArray, reader.TokenType);
        buffer.Reset(page, prefix.Length);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            buffer.Read(ref reader);
        }

        Assert.Equal(JsonTokenType.EndArray, reader.TokenType);
        return buffer;
    }

    /// <summary>The single cell's natural value (DBNull for null).</summary>
    public static object Value(string type, string cellJson) => Decode(type, "[" + cellJson + "]").GetValue(0);

    /// <summary>The single cell's exact value.</summary>
    public static object Exact(string type, string cellJson) => Decode(type, "[" + cellJson + "]").GetExact(0);

    /// <summary>Decoding the single cell fails with a <see cref="FormatException"/>; returns its message.</summary>
    public static string Malformed(string type, string cellJson)
    {
        var ex = Record.Exception(() =>
        {
            var buffer = Decode(type, "[" + cellJson + "]");
            buffer.GetValue(0);
            buffer.GetExact(0);
        });
        Assert.NotNull(ex);
        Assert.IsType<FormatException>(ex);
        return ex.Message;
    }

    public static void WithCulture(string name, Action action)
    {
        var culture = CultureInfo.CurrentCulture;
        var ui = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(name);
            CultureInfo.CurrentUICulture = new CultureInfo(name);
            action();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = ui;
        }
    }
}
