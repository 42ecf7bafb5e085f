using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Presto.Protocol;

namespace Presto.Authentication;

/// <summary>Requests to token endpoints and token servers: one exchange, a small JSON answer, failures as <see cref="PrestoException"/>.</summary>
internal static class TokenHttp
{
    /// <summary>Largest token answer read.</summary>
    private const int MaxBody = 256 * 1024;

    /// <summary>Sends <paramref name="message"/> (disposed here) and parses the answer as JSON (<see langword="null"/> when it is not JSON).</summary>
    /// <exception cref="PrestoException">The server could not be reached or the answer was cut short.</exception>
    public static async ValueTask<(int Status, JsonDocument? Json)> ExchangeAsync(
        HttpMessageInvoker http, HttpRequestMessage message, bool async, CancellationToken cancellationToken)
    {
        using (message)
        {
            string described = message.Method + " " + ProtocolTransport.Describe(message.RequestUri!);
            try
            {
                using var response = await ProtocolTransport.SendMessageAsync(http, message, async, cancellationToken).ConfigureAwait(false);
                var body = await ReadAsync(response, async, cancellationToken).ConfigureAwait(false);
                return ((int)response.StatusCode, Parse(body));
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException ||
                (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new PrestoException($"{described} failed: {ex.Message}", null, true, ex);
            }
        }
    }

    /// <summary>A string property of a JSON object, or <see langword="null"/>.</summary>
    public static string? String(JsonDocument? json, string name) =>
        json is { RootElement.ValueKind: JsonValueKind.Object } && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static JsonDocument? Parse(ArraySegment<byte> body)
    {
        try
        {
            return body.Count == 0 ? null : JsonDocument.Parse(new ReadOnlyMemory<byte>(body.Array!, body.Offset, body.Count));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async ValueTask<ArraySegment<byte>> ReadAsync(HttpResponseMessage response, bool async, CancellationToken cancellationToken)
    {
        using var stream = await ProtocolTransport.OpenBodyAsync(response, async, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[16 * 1024];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxBody)
                {
                    break;
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            int n = await ProtocolTransport.ReadAsync(stream, buffer, length, buffer.Length - length, async, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            length += n;
        }

        return new ArraySegment<byte>(buffer, 0, length);
    }
}
