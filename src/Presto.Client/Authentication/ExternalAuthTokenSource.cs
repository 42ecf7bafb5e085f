using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Presto.Protocol;

namespace Presto.Authentication;

/// <summary>
/// Trino's OAuth2 external authentication: a 401 challenge <c>Bearer x_redirect_server="…", x_token_server="…"</c> hands
/// the redirect URL to the application (to open a browser), then the token server is polled (<c>GET</c>; it answers
/// <c>{"nextUri": …}</c> while the login is pending, <c>{"token": …}</c> or <c>{"error": …}</c> at the end) until a token
/// arrives or <paramref name="timeout"/> passes. The token is kept until a server rejects it.
/// </summary>
internal sealed class ExternalAuthTokenSource(
    HttpMessageInvoker http, Func<Uri, CancellationToken, Task> redirectHandler, TimeSpan timeout, bool allowInsecure) : TokenSource
{
    /// <summary>Most polls of one flow (a token server that keeps answering at once must not spin forever).</summary>
    private const int MaxPolls = 100_000;

    /// <summary>Least time between two polls (Trino's token server holds a pending poll itself; one that answers at once is not hammered).</summary>
    private static readonly TimeSpan MinimumPollInterval = TimeSpan.FromMilliseconds(100);

    protected override string Description => "external authentication";

    protected override async ValueTask<Token?> FetchAsync(AuthChallenge? challenge, bool async, CancellationToken cancellationToken)
    {
        if (challenge is null)
        {
            // No token before the server asks for one.
            return null;
        }

        if (!challenge.Parameters.TryGetValue("x_token_server", out string? tokenServer))
        {
            throw challenge.Failure("its challenge has no x_token_server for external authentication");
        }

        var next = CheckUri(challenge, tokenServer, "x_token_server");
        Uri? redirect = challenge.Parameters.TryGetValue("x_redirect_server", out string? redirectText) ? CheckUri(challenge, redirectText, "x_redirect_server") : null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            if (redirect is not null)
            {
                try
                {
                    AuthLog.ExternalLoginStarted(Logger, next.GetLeftPart(UriPartial.Authority));
                    var task = redirectHandler(redirect, cts.Token);
                    if (async)
                    {
                        await task.ConfigureAwait(false);
                    }
                    else
                    {
                        task.GetAwaiter().GetResult();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw challenge.Failure($"the external-authentication redirect handler failed ({ex.GetType().Name})", ex);
                }
            }

            for (int poll = 0; poll < MaxPolls; poll++)
            {
                var clock = Stopwatch.StartNew();
                var (status, json) = await TokenHttp.ExchangeAsync(http, new HttpRequestMessage(HttpMethod.Get, next), async, cts.Token).ConfigureAwait(false);
                using (json)
                {
                    if (status != 200)
                    {
                        throw challenge.Failure($"the external-authentication token server answered HTTP {status.ToString(CultureInfo.InvariantCulture)}");
                    }

                    if (TokenHttp.String(json, "token") is { Length: > 0 } token)
                    {
                        return new Token(token, null);
                    }

                    if (TokenHttp.String(json, "error") is { } error)
                    {
                        throw challenge.Failure($"external authentication failed: {error}");
                    }

                    string nextUri = TokenHttp.String(json, "nextUri")
                        ?? throw challenge.Failure("the external-authentication token server answered with neither token, nextUri nor error");
                    next = CheckUri(challenge, nextUri, "nextUri");
                }

                await ProtocolTransport.DelayAsync(MinimumPollInterval - clock.Elapsed, async, cts.Token).ConfigureAwait(false);
            }

            throw challenge.Failure("the external-authentication token server never answered with a token");
        }
        catch (OperationCanceledException ex) when (cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw challenge.Failure(
                FormattableString.Invariant($"external authentication did not complete within {timeout.TotalSeconds:0.###} s"), ex);
        }
    }

    private Uri CheckUri(AuthChallenge challenge, string text, string what)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) ||
            !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && allowInsecure)) || uri.UserInfo.Length > 0)
        {
            throw challenge.Failure($"its {what} is not an https:// URL (http:// needs AllowInsecureCredentials=true)");
        }

        return uri;
    }
}
