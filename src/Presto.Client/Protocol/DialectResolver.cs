using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Presto.Protocol;

/// <summary>
/// Resolves <see cref="PrestoDialect.Auto"/> by probing <c>GET {server}/v1/info</c> once per endpoint (origin and path)
/// and caching the answer for the process. Concurrent first callers share one probe; failures are not cached.
/// With an explicit dialect the same request validates the endpoint once per endpoint (it must answer HTTP; an
/// unexpected status or body is tolerated because the dialect is already known) and records the server version.
/// </summary>
/// <remarks>
/// The rule (PROTOCOL.md §8): Trino reports <c>nodeVersion.version</c> as an integer release, possibly with a suffix
/// (<c>480</c>, <c>480-SNAPSHOT</c>, Starburst's <c>443-e.5</c>); PrestoDB reports <c>0.300</c>-style versions, i.e. the
/// leading digits are followed by a dot.
/// </remarks>
internal static class DialectResolver
{
    private static readonly ConcurrentDictionary<string, ProtocolDialect> s_resolved = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<ProtocolDialect>> s_probes = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> s_versions = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool> s_validated = new(StringComparer.Ordinal);

    /// <summary>The <c>nodeVersion.version</c> a probe of <paramref name="server"/> saw, if one ran.</summary>
    internal static string? KnownVersion(Uri server) => s_versions.TryGetValue(Key(server), out var version) ? version : null;

    public static async ValueTask<ProtocolDialect> ResolveAsync(
        ConnectionSettings settings, Uri server, HttpMessageInvoker http, bool async, CancellationToken cancellationToken, ILogger? logger = null)
    {
        string key = Key(server);
        switch (settings.Dialect)
        {
            case PrestoDialect.Trino:
                await ValidateAsync(settings, server, key, http, async, cancellationToken, logger ?? NullLogger.Instance).ConfigureAwait(false);
                return ProtocolDialect.Trino;
            case PrestoDialect.Presto:
                await ValidateAsync(settings, server, key, http, async, cancellationToken, logger ?? NullLogger.Instance).ConfigureAwait(false);
                return ProtocolDialect.Presto;
        }

        while (true)
        {
            if (s_resolved.TryGetValue(key, out var known))
            {
                return known;
            }

            var mine = new TaskCompletionSource<ProtocolDialect>(TaskCreationOptions.RunContinuationsAsynchronously);
            var probe = s_probes.GetOrAdd(key, mine);
            if (probe != mine)
            {
                try
                {
                    return await WaitAsync(probe.Task, async, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && probe.Task.IsCanceled)
                {
                    // The caller that ran the probe gave up; probe again for this caller.
                    continue;
                }
            }

            try
            {
                var dialect = await ProbeAsync(settings, server, http, async, cancellationToken, logger ?? NullLogger.Instance).ConfigureAwait(false);
                s_resolved[key] = dialect;
                mine.TrySetResult(dialect);
                return dialect;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                mine.TrySetCanceled();
                throw;
            }
            catch (Exception ex)
            {
                mine.TrySetException(ex);
                _ = mine.Task.Exception; // observed: waiters rethrow it, nobody else needs to
                throw;
            }
            finally
            {
                ((ICollection<KeyValuePair<string, TaskCompletionSource<ProtocolDialect>>>)s_probes).Remove(new(key, mine));
            }
        }
    }

    /// <summary>Tells the dialect from a <c>nodeVersion.version</c>, or <see langword="null"/> when it looks like neither.</summary>
    internal static ProtocolDialect? FromVersion(string? version)
    {
        if (version is null)
        {
            return null;
        }

        version = version.Trim();
        int digits = 0;
        while (digits < version.Length && version[digits] is >= '0' and <= '9')
        {
            digits++;
        }

        if (digits == 0)
        {
            return null;
        }

        return digits < version.Length && version[digits] == '.' ? ProtocolDialect.Presto : ProtocolDialect.Trino;
    }

    /// <summary>Drops the cached dialect of <paramref name="server"/> (tests, or after a cluster was replaced).</summary>
    internal static void Forget(Uri server)
    {
        s_resolved.TryRemove(Key(server), out _);
        s_validated.TryRemove(Key(server), out _);
        s_versions.TryRemove(Key(server), out _);
    }

    internal static Uri InfoUri(Uri server) => new(server.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/') + "/v1/info");

    private static string Key(Uri server) => server.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');

    /// <summary>
    /// Checks once per endpoint that an explicitly configured server answers HTTP at all. A server that cannot be reached
    /// ends in a transient <see cref="PrestoException"/>, a 401/403 in a <see cref="PrestoAuthenticationException"/>; any other
    /// answer (a proxy that hides <c>/v1/info</c>, a body that is not server information) counts as reachable.
    /// Concurrent first callers may each probe; that is harmless and rare.
    /// </summary>
    private static async ValueTask ValidateAsync(
        ConnectionSettings settings, Uri server, string key, HttpMessageInvoker http, bool async, CancellationToken cancellationToken, ILogger logger)
    {
        if (s_validated.ContainsKey(key) || s_resolved.ContainsKey(key))
        {
            return;
        }

        string? version = null;
        try
        {
            version = await ReadVersionAsync(settings, server, http, async, cancellationToken, logger, strict: false).ConfigureAwait(false);
        }
        catch (PrestoProtocolException ex) when (ex is not PrestoAuthenticationException)
        {
            // The endpoint answered; what it answered does not matter when the dialect is configured.
        }

        if (version is not null)
        {
            s_versions[key] = version;
        }

        s_validated[key] = true;
        TransportLog.EndpointValidated(logger, key, version ?? "unknown");
    }

    private static async ValueTask<ProtocolDialect> ProbeAsync(
        ConnectionSettings settings, Uri server, HttpMessageInvoker http, bool async, CancellationToken cancellationToken, ILogger logger)
    {
        var info = InfoUri(server);
        var version = await ReadVersionAsync(settings, server, http, async, cancellationToken, logger, strict: true).ConfigureAwait(false);
        var dialect = FromVersion(version) ?? throw new PrestoProtocolException(
            $"Cannot tell Trino from PrestoDB by the version '{version}' that GET {ProtocolTransport.Describe(info)} reports; set Dialect=Trino or Dialect=Presto.",
            200,
            null);
        TransportLog.DialectProbed(logger, Key(server), dialect, version!);
        s_versions[Key(server)] = version!;
        return dialect;
    }

    /// <summary>Reads <c>nodeVersion.version</c> from <c>/v1/info</c>; a body that is not JSON throws when <paramref name="strict"/>, else gives null.</summary>
    private static async ValueTask<string?> ReadVersionAsync(
        ConnectionSettings settings, Uri server, HttpMessageInvoker http, bool async, CancellationToken cancellationToken, ILogger logger, bool strict)
    {
        // The transport gives the probe the same retries, deadline, redirect and credential rules as any request; a server
        // that cannot be reached ends in a transient PrestoException instead of a guessed dialect.
        var transport = new ProtocolTransport(settings, ProtocolDialect.Trino, http, logger);
        var info = InfoUri(server);
        var body = new PageBuffer(4 * 1024);
        await transport.SendAsync(new ProtocolRequest(HttpMethod.Get, info), body, async, cancellationToken).ConfigureAwait(false);

        string? version = null;
        try
        {
            using var document = JsonDocument.Parse(body.Memory);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("nodeVersion", out var nodeVersion) &&
                nodeVersion.ValueKind == JsonValueKind.Object &&
                nodeVersion.TryGetProperty("version", out var versionElement) &&
                versionElement.ValueKind == JsonValueKind.String)
            {
                version = versionElement.GetString();
            }
        }
        catch (JsonException ex) when (strict)
        {
            throw new PrestoProtocolException(
                $"GET {ProtocolTransport.Describe(info)} did not answer server information JSON, so the dialect cannot be detected; set Dialect=Trino or Dialect=Presto.",
                200,
                ProtocolTransport.Excerpt(body.Span),
                innerException: ex);
        }
        catch (JsonException)
        {
            return null;
        }

        return version;
    }

    private static async ValueTask<ProtocolDialect> WaitAsync(Task<ProtocolDialect> task, bool async, CancellationToken cancellationToken)
    {
        if (!async)
        {
            try
            {
                task.Wait(cancellationToken);
            }
            catch (AggregateException)
            {
                // Rethrown unwrapped below.
            }

            return task.GetAwaiter().GetResult();
        }
#if NET6_0_OR_GREATER
        return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
#else
        if (!task.IsCompleted && cancellationToken.CanBeCanceled)
        {
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }

        return await task.ConfigureAwait(false);
#endif
    }
}
