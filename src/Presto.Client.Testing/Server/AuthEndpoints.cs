using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Presto.Testing.Server;

/// <summary>
/// Authentication of a server instance: bearer tokens it issued (required on the statement resources when configured),
/// the OAuth2 client-credentials token endpoint (<c>POST /oauth2/token</c>) and Trino's external-authentication pair
/// (<c>GET /oauth2/token/initiate/{id}</c>, visited by the "browser", and <c>GET /oauth2/token/{id}</c>, polled by the client).
/// </summary>
internal sealed class AuthEndpoints(ServerContext server)
{
    private const string InitiatePrefix = "/oauth2/token/initiate/";
    private const string TokenPrefix = "/oauth2/token/";
    private static readonly TimeSpan PendingPoll = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, byte> _tokens = new(StringComparer.Ordinal);

    /// <summary>External-authentication flows by id: <see langword="null"/> while pending, the issued token once the redirect was visited.</summary>
    private readonly ConcurrentDictionary<string, string?> _flows = new(StringComparer.Ordinal);

    public string IssueToken()
    {
        string token = "tok-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _tokens[token] = 0;
        return token;
    }

    public void RevokeTokens() => _tokens.Clear();

    /// <summary>Whether the request may reach the statement resources; otherwise a 401 with challenges has been written.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext ctx, string path)
    {
        var options = server.Options;
        if (!options.RequireBearerToken || !(path == "/v1/statement" || path.StartsWith("/v1/statement/", StringComparison.Ordinal)))
        {
            return true;
        }

        string header = ctx.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.ContainsKey(header["Bearer ".Length..]))
        {
            return true;
        }

        if (options.ExternalAuthentication)
        {
            string id = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
            _flows[id] = null;
            string baseUri = RequestHandler.BaseUri(ctx);
            ctx.Response.Headers.Append(
                "WWW-Authenticate",
                $"Bearer x_redirect_server=\"{baseUri}{InitiatePrefix}{id}\", x_token_server=\"{baseUri}{TokenPrefix}{id}\"");
        }
        else
        {
            ctx.Response.Headers.Append("WWW-Authenticate", "Bearer realm=\"Presto\"");
        }

        await RequestHandler.WriteTextAsync(ctx, 401, "Unauthorized").ConfigureAwait(false);
        return false;
    }

    public async Task<bool> TryHandleAsync(HttpContext ctx, string path, string method, string body)
    {
        if (path == "/oauth2/token" && method == "POST" && server.Options.OAuth2ClientId is not null)
        {
            await ClientCredentialsAsync(ctx, body).ConfigureAwait(false);
            return true;
        }

        if (!server.Options.ExternalAuthentication || method != "GET")
        {
            return false;
        }

        if (path.StartsWith(InitiatePrefix, StringComparison.Ordinal))
        {
            string id = path[InitiatePrefix.Length..];
            if (!_flows.TryUpdate(id, IssueToken(), null))
            {
                return false;
            }

            await RequestHandler.WriteTextAsync(ctx, 200, "Authenticated; you may close this window.").ConfigureAwait(false);
            return true;
        }

        if (path.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            string id = path[TokenPrefix.Length..];
            if (!_flows.TryGetValue(id, out string? token))
            {
                return false;
            }

            if (token is null)
            {
                // Like Trino's token poller: hold the request a little, then tell the client to come back.
                await Task.Delay(PendingPoll, ctx.RequestAborted).ConfigureAwait(false);
                token = _flows.TryGetValue(id, out string? now) ? now : null;
            }

            string? error = server.Options.ExternalAuthenticationError;
            await ClusterEndpoints.WriteJsonAsync(ctx, w =>
            {
                w.WriteStartObject();
                if (token is null)
                {
                    w.WriteString("nextUri", RequestHandler.BaseUri(ctx) + path);
                }
                else if (error is not null)
                {
                    w.WriteString("error", error);
                }
                else
                {
                    w.WriteString("token", token);
                }

                w.WriteEndObject();
            }).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private async Task ClientCredentialsAsync(HttpContext ctx, string body)
    {
        var options = server.Options;
        var form = QueryHelpers.ParseQuery(body);
        string? id = form.TryGetValue("client_id", out var formId) ? formId.ToString() : null;
        string? secret = form.TryGetValue("client_secret", out var formSecret) ? formSecret.ToString() : null;
        string header = ctx.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            int colon = decoded.IndexOf(':', StringComparison.Ordinal);
            id = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
            secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
        }

        if (!form.TryGetValue("grant_type", out var grant) || grant != "client_credentials")
        {
            await WriteErrorAsync(ctx, 400, "unsupported_grant_type").ConfigureAwait(false);
            return;
        }

        if (id != options.OAuth2ClientId || secret != options.OAuth2ClientSecret)
        {
            await WriteErrorAsync(ctx, 401, "invalid_client").ConfigureAwait(false);
            return;
        }

        string token = IssueToken();
        await ClusterEndpoints.WriteJsonAsync(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", token);
            w.WriteString("token_type", "Bearer");
            w.WriteNumber("expires_in", (long)options.OAuth2TokenLifetime.TotalSeconds);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext ctx, int status, string error)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{{\"error\":\"{error}\"}}"));
    }
}
