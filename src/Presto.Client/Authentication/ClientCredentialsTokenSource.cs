using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Presto.Authentication;

/// <summary>
/// OAuth2 client credentials (RFC 6749 §4.4): <c>POST</c> <c>grant_type=client_credentials</c> (and the scope) to the token
/// endpoint, the client id and secret in HTTP Basic (§2.3.1). The access token is cached until shortly before
/// <c>expires_in</c>. Only the token endpoint sees the client secret; only the configured servers see the token.
/// </summary>
internal sealed class ClientCredentialsTokenSource(HttpMessageInvoker http, Uri tokenEndpoint, string clientId, string clientSecret, string? scope) : TokenSource
{
    protected override string Description => "the OAuth2 token endpoint " + Protocol.ProtocolTransport.Describe(tokenEndpoint);

    protected override async ValueTask<Token?> FetchAsync(AuthChallenge? challenge, bool async, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (scope is not null)
        {
            form.Add(new("scope", scope));
        }

        var message = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret)));
        message.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var requested = DateTimeOffset.UtcNow;
        var (status, json) = await TokenHttp.ExchangeAsync(http, message, async, cancellationToken).ConfigureAwait(false);
        using (json)
        {
            string where = "The OAuth2 token endpoint " + tokenEndpoint.GetLeftPart(UriPartial.Path);
            if (status != 200)
            {
                // The OAuth2 error code (invalid_client, invalid_scope…) says what is wrong without echoing anything secret.
                string? error = TokenHttp.String(json, "error");
                throw new PrestoAuthenticationException(
                    $"{where} answered HTTP {status.ToString(CultureInfo.InvariantCulture)}" + (error is null ? "." : $" ({error})."), status, null, "Bearer");
            }

            string token = TokenHttp.String(json, "access_token")
                ?? throw new PrestoAuthenticationException($"{where} answered without an access_token.", status, null, "Bearer");
            return new Token(token, RenewAfter(json!, requested));
        }
    }

    private static DateTimeOffset? RenewAfter(JsonDocument json, DateTimeOffset requested)
    {
        if (!json.RootElement.TryGetProperty("expires_in", out var value))
        {
            return null;
        }

        double seconds;
        if (value.ValueKind == JsonValueKind.Number)
        {
            seconds = value.GetDouble();
        }
        else if (value.ValueKind != JsonValueKind.String || !double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
        {
            return null;
        }

        var lifetime = TimeSpan.FromSeconds(Math.Max(0, Math.Min(seconds, TimeSpan.FromDays(365).TotalSeconds)));
        return requested + lifetime - ExpiryMargin(lifetime);
    }
}
