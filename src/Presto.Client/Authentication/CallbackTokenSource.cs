using System;
using System.Threading;
using System.Threading.Tasks;

namespace Presto.Authentication;

/// <summary>Tokens from the application's callback: asked for the first token and again after the server rejected the cached one.</summary>
internal sealed class CallbackTokenSource(Func<CancellationToken, ValueTask<string>> provider) : TokenSource
{
    protected override string Description => "the token callback";

    protected override async ValueTask<Token?> FetchAsync(AuthChallenge? challenge, bool async, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = await AwaitAsync(provider(cancellationToken), async).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new PrestoAuthenticationException($"The token provider failed: {ex.GetType().Name}.", 401, null, "Bearer", ex);
        }

        if (string.IsNullOrEmpty(token))
        {
            throw new PrestoAuthenticationException("The token provider returned no token.", 401, null, "Bearer");
        }

        return new Token(token, null);
    }
}
