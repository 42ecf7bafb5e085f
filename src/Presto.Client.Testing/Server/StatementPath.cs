using System;
using System.Globalization;

namespace Presto.Testing.Server;

/// <summary>A parsed statement resource URI in either dialect's layout (PROTOCOL.md §1).</summary>
internal readonly record struct StatementPath(ResourceKind Kind, string QueryId, string Slug, long Token, bool PartialCancel)
{
    public static bool TryParse(string path, string querySlug, ServerDialect dialect, out StatementPath result)
    {
        result = default;
        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        // PrestoDB partial cancel: /v1/stage/{queryId}.{stageId}
        if (parts is ["v1", "stage", var stage] && dialect == ServerDialect.Presto)
        {
            int dot = stage.LastIndexOf('.');
            if (dot <= 0)
            {
                return false;
            }

            result = new StatementPath(ResourceKind.Executing, stage[..dot], querySlug, 0, PartialCancel: true);
            return true;
        }

        if (parts.Length < 4 || parts[0] != "v1" || parts[1] != "statement")
        {
            return false;
        }

        if (dialect == ServerDialect.Trino)
        {
            // /v1/statement/executing/partialCancel/{queryId}/{stage}/{slug}/{token}
            if (parts is [_, _, "executing", "partialCancel", var pcId, _, var pcSlug, var pcToken])
            {
                if (!long.TryParse(pcToken, NumberStyles.None, CultureInfo.InvariantCulture, out long t))
                {
                    return false;
                }

                result = new StatementPath(ResourceKind.Executing, pcId, pcSlug, t, PartialCancel: true);
                return true;
            }

            // /v1/statement/{queued|executing}/{queryId}/{slug}/{token}
            if (parts.Length != 6 || !TryKind(parts[2], out var kind) ||
                !long.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out long token))
            {
                return false;
            }

            result = new StatementPath(kind, parts[3], parts[4], token, PartialCancel: false);
            return true;
        }

        // PrestoDB: /v1/statement/{queued|executing}/{queryId}/{token}?slug=...
        if (parts.Length != 5 || !TryKind(parts[2], out var prestoKind) ||
            !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out long prestoToken))
        {
            return false;
        }

        result = new StatementPath(prestoKind, parts[3], querySlug, prestoToken, PartialCancel: false);
        return true;
    }

    private static bool TryKind(string text, out ResourceKind kind)
    {
        kind = text == "queued" ? ResourceKind.Queued : ResourceKind.Executing;
        return text is "queued" or "executing";
    }
}
