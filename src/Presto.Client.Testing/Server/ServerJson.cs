using System.Text.Encodings.Web;
using System.Text.Json;

namespace Presto.Testing.Server;

/// <summary>JSON writing as the coordinators do it: non-ASCII text written as UTF-8, only control characters and quotes escaped.</summary>
internal static class ServerJson
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
