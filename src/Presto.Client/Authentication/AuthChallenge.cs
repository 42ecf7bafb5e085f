using System;
using System.Collections.Generic;
using System.Net.Http.Headers;

namespace Presto.Authentication;

/// <summary>An HTTP 401 from a configured server: the token that was sent and the server's <c>WWW-Authenticate</c> challenges.</summary>
internal sealed class AuthChallenge
{
    public AuthChallenge(string? rejectedToken, HttpHeaderValueCollection<AuthenticationHeaderValue> challenges, string description)
    {
        RejectedToken = rejectedToken;
        Description = description;
        foreach (var challenge in challenges)
        {
            Scheme ??= challenge.Scheme;
            if (string.Equals(challenge.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && challenge.Parameter is { } parameter)
            {
                foreach (var pair in ParseParameters(parameter))
                {
                    Parameters[pair.Key] = pair.Value;
                }
            }
        }
    }

    /// <summary>The bearer token the rejected request carried (<see langword="null"/>: none).</summary>
    public string? RejectedToken { get; }

    /// <summary>The first challenge's scheme.</summary>
    public string? Scheme { get; }

    /// <summary>Parameters of the <c>Bearer</c> challenges (e.g. <c>x_redirect_server</c>, <c>x_token_server</c>).</summary>
    public Dictionary<string, string> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The request for messages (method and URI without user info).</summary>
    public string Description { get; }

    /// <summary>An exception saying why the request's authentication could not be renewed (never containing a secret).</summary>
    public PrestoAuthenticationException Failure(string reason, Exception? innerException = null) =>
        new($"Authentication failed: {Description} answered HTTP 401 and {reason}.", 401, null, Scheme, innerException);

    /// <summary>Parses <c>name="value", name=token</c> auth-params (RFC 9110 §11.2).</summary>
    internal static IEnumerable<KeyValuePair<string, string>> ParseParameters(string text)
    {
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            int nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
            {
                i++;
            }

            string name = text.Substring(nameStart, i - nameStart).Trim();
            if (i >= text.Length || text[i] != '=')
            {
                continue;
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var value = new System.Text.StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i]);
                }

                i++;
            }
            else
            {
                for (; i < text.Length && text[i] != ','; i++)
                {
                    value.Append(text[i]);
                }
            }

            if (name.Length > 0)
            {
                yield return new(name, value.ToString().Trim());
            }
        }
    }
}
