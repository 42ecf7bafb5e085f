using System.Net.Http;
using System.Text;
using System.Text.Json;
using Presto.Protocol;

namespace Presto.Tests.Protocol;

/// <summary>Runs one statement the way the engine will: POST with the session headers, follow every nextUri, collect and apply session directives.</summary>
internal sealed class StatementDriver(ProtocolTransport transport, ConnectionSettings settings, ClientSession session)
{
    public ClientSession Session { get; } = session;

    public async Task<StatementOutcome> RunAsync(string sql, StatementOptions? options = null, bool async = true, CancellationToken cancellationToken = default)
    {
        var body = new PageBuffer(1024);
        var directives = new SessionDirectives();
        var outcome = new StatementOutcome();
        var request = new ProtocolRequest(HttpMethod.Post, ProtocolTestKit.StatementUri(settings.Servers[0]))
        {
            Body = Encoding.UTF8.GetBytes(sql),
            ConfigureHeaders = m => RequestHeaders.AddSubmissionHeaders(m, transport.Dialect, settings, Session, options),
        };
        while (true)
        {
            var response = await transport.SendAsync(request, body, async, cancellationToken);
            outcome.Attempts += response.Attempts;
            outcome.Responses++;
            directives.Collect(response.Headers, transport.Dialect);
            foreach (var header in response.Headers)
            {
                outcome.Headers.Add(header);
            }

            using var doc = JsonDocument.Parse(body.Memory);
            var root = doc.RootElement;
            outcome.QueryId ??= root.GetProperty("id").GetString();
            if (root.TryGetProperty("error", out var error))
            {
                outcome.ErrorName = error.GetProperty("errorName").GetString();
            }

            if (root.TryGetProperty("updateType", out var updateType))
            {
                outcome.UpdateType = updateType.GetString();
            }

            if (root.TryGetProperty("data", out var data))
            {
                foreach (var row in data.EnumerateArray())
                {
                    outcome.Rows.Add(row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()).ToArray());
                }
            }

            if (!root.TryGetProperty("nextUri", out var next))
            {
                break;
            }

            request = new ProtocolRequest(HttpMethod.Get, new Uri(next.GetString()!)) { QueryId = outcome.QueryId };
        }

        directives.ApplyTo(Session, outcome.ErrorName is null);
        return outcome;
    }
}
