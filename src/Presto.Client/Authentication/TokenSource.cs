using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Presto.Authentication;

/// <summary>
/// A source of bearer tokens for the configured servers (a callback, an OAuth2 token endpoint, Trino's external
/// authentication). The token is cached; a request answered HTTP 401 asks for a new one once (<see cref="RenewAsync"/>),
/// and concurrent requests rejected with the same token share one renewal. Tokens are secrets: never logged.
/// </summary>
internal abstract class TokenSource
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Token? _current;

    /// <summary>Where token events go (set once by the engine that owns the source); never the token.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>What issues the tokens, for logs (no secret, no query string).</summary>
    protected abstract string Description { get; }

    /// <summary>Time to live left below which a cached token with a known expiry is renewed before use.</summary>
    internal static TimeSpan ExpiryMargin(TimeSpan lifetime) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, lifetime.Ticks / 10));

    /// <summary>The token to send, fetching one when none is cached or the cached one is about to expire; <see langword="null"/> when this source only gets tokens in answer to a challenge.</summary>
    public async ValueTask<string?> GetTokenAsync(bool async, CancellationToken cancellationToken)
    {
        if (Usable(_current) is { } cached)
        {
            return cached;
        }

        await EnterAsync(async, cancellationToken).ConfigureAwait(false);
        try
        {
            if (Usable(_current) is { } again)
            {
                return again;
            }

            var fetched = await FetchAsync(null, async, cancellationToken).ConfigureAwait(false);
            _current = fetched;
            Obtained(fetched);
            return fetched?.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Replaces the token the server rejected (<see cref="AuthChallenge.RejectedToken"/>), unless another request already did.
    /// </summary>
    /// <exception cref="PrestoAuthenticationException">No new token could be obtained.</exception>
    public async ValueTask RenewAsync(AuthChallenge challenge, bool async, CancellationToken cancellationToken)
    {
        await EnterAsync(async, cancellationToken).ConfigureAwait(false);
        try
        {
            if (Usable(_current) is { } current && !string.Equals(current, challenge.RejectedToken, StringComparison.Ordinal))
            {
                return;
            }

            _current = null;
            _current = await FetchAsync(challenge, async, cancellationToken).ConfigureAwait(false)
                ?? throw challenge.Failure("no new token could be obtained");
            Obtained(_current);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gets a new token: proactively (<paramref name="challenge"/> is <see langword="null"/>; may return <see langword="null"/>) or in answer to an HTTP 401.</summary>
    protected abstract ValueTask<Token?> FetchAsync(AuthChallenge? challenge, bool async, CancellationToken cancellationToken);

    /// <summary>Waits for a task of a user callback on the synchronous path.</summary>
    protected static async ValueTask<T> AwaitAsync<T>(ValueTask<T> task, bool async)
    {
        if (async)
        {
            return await task.ConfigureAwait(false);
        }

        return task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
    }

    private void Obtained(Token? token)
    {
        if (token is not null)
        {
            AuthLog.TokenObtained(Logger, Description, AuthLog.Lifetime(token.RenewAfter));
        }
    }

    private static string? Usable(Token? token) =>
        token is null || (token.RenewAfter is { } renewAfter && DateTimeOffset.UtcNow >= renewAfter) ? null : token.Value;

    private async ValueTask EnterAsync(bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _gate.Wait(cancellationToken);
        }
    }

    /// <summary>A token and when to stop using it (<see langword="null"/>: until the server rejects it).</summary>
    protected internal sealed class Token(string value, DateTimeOffset? renewAfter)
    {
        public string Value { get; } = value;

        public DateTimeOffset? RenewAfter { get; } = renewAfter;
    }
}
