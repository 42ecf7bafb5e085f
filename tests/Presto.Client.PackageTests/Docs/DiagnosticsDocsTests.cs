using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Presto.PackageTests.Support;
using Presto.Testing;

namespace Presto.PackageTests.Docs;

/// <summary>
/// docs/diagnostics.md against the code: every <c>[LoggerMessage]</c> of Presto.Client (id, level, message template), every
/// instrument of the <c>Presto.Client</c> meter (name, kind, unit) and every attribute a statement's span carries.
/// </summary>
public sealed class DiagnosticsDocsTests
{
    private const string File = "docs/diagnostics.md";
    private static readonly Assembly s_client = typeof(PrestoConnection).Assembly;

    [Fact]
    public void Diagnostics_doc_lists_every_log_event_with_its_level_and_message()
    {
        var rows = MarkdownTable.After(RepositoryFiles.Read(File), "## Log events", File)
            .ToDictionary(r => r[0], r => r, StringComparer.Ordinal);
        var problems = new List<string>();
        var events = s_client.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .OrderBy(a => a.EventId)
            .ToList();
        foreach (var e in events)
        {
            var id = e.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var row = $"| {id} | {e.Level} | `{e.Message}` | <what it means> |";
            if (!rows.Remove(id, out var cells))
            {
                problems.Add($"No row for event {id}. Add under '## Log events': {row}");
            }
            else if (cells.Length < 4 || cells[1] != e.Level.ToString() || cells[2] != $"`{e.Message}`")
            {
                problems.Add($"Event {id} differs from the code. Write: {row}");
            }
        }

        problems.AddRange(rows.Keys.Select(id => $"Row for event {id}, which no [LoggerMessage] defines: remove it."));
        Assert.True(events.Count >= 20, $"Only {events.Count} [LoggerMessage] methods found in {s_client.GetName().Name}.");
        Assert.True(problems.Count == 0, $"{File} does not match the code:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void Diagnostics_doc_lists_every_instrument_of_the_meter()
    {
        var rows = MarkdownTable.After(RepositoryFiles.Read(File), "## Metrics", File)
            .ToDictionary(r => MarkdownTable.CodeSpans(r[0]).FirstOrDefault() ?? r[0], r => r, StringComparer.Ordinal);
        var problems = new List<string>();
        var instruments = Instruments();
        foreach (var instrument in instruments)
        {
            var kind = instrument.GetType().Name.Split('`')[0];
            var row = $"| `{instrument.Name}` | {kind} | `{instrument.Unit}` | <tags> | {instrument.Description} |";
            if (!rows.Remove(instrument.Name, out var cells))
            {
                problems.Add($"No row for instrument {instrument.Name}. Add under '## Metrics': {row}");
            }
            else if (cells.Length < 5 || cells[1] != kind || cells[2] != $"`{instrument.Unit}`")
            {
                problems.Add($"Instrument {instrument.Name} differs from the code (kind {kind}, unit {instrument.Unit}). Write: {row}");
            }
        }

        problems.AddRange(rows.Keys.Select(name => $"Row for instrument {name}, which the meter does not create: remove it."));
        Assert.True(instruments.Count >= 10, $"Only {instruments.Count} instruments found on the Presto.Client meter.");
        Assert.True(problems.Count == 0, $"{File} does not match the code:\n{string.Join("\n", problems)}");
    }

    /// <summary>A successful, a retried and a failed statement (with <c>LogSqlText</c>) carry every attribute there is.</summary>
    [Fact]
    public async Task Diagnostics_doc_lists_every_span_attribute()
    {
        var documented = MarkdownTable.After(RepositoryFiles.Read(File), "## Spans", File)
            .SelectMany(r => MarkdownTable.CodeSpans(r[0]))
            .ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var spans = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Presto.Client",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                lock (seen)
                {
                    spans++;
                    seen.UnionWith(activity.TagObjects.Select(t => t.Key));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await using var server = await PrestoTestServer.StartAsync(ServerDialect.Trino);
        await using var connection = new PrestoConnection($"Server={server.BaseAddress};User=docs;Catalog=tpch;Schema=tiny;LogSqlText=true");
        await connection.OpenAsync();
        await using (var ok = new PrestoCommand("SELECT count(*) FROM nation", connection))
        {
            Assert.Equal(25L, await ok.ExecuteScalarAsync());
        }

        server.Faults.FailRequests(RequestKind.Get, statusCode: 503, times: 1);   // a resent request
        await using (var retried = new PrestoCommand("SELECT count(*) FROM region", connection))
        {
            Assert.Equal(5L, await retried.ExecuteScalarAsync());
        }

        await using (var failing = new PrestoCommand("SELECT 1 / 0", connection))
        {
            await Assert.ThrowsAsync<PrestoQueryException>(() => failing.ExecuteScalarAsync());
        }

        lock (seen)
        {
            Assert.True(spans >= 2, "The Presto.Client activity source produced no spans.");
            Assert.True(seen.IsSubsetOf(documented), $"Span attributes missing from '## Spans' in {File}: {string.Join(", ", seen.Except(documented))}");
            Assert.True(documented.IsSubsetOf(seen), $"Attributes in '## Spans' of {File} that no span carries: {string.Join(", ", documented.Except(seen))}");
        }
    }

    /// <summary>Every instrument of the Presto.Client meter: the static ones are created by running their types' static constructors.</summary>
    private static List<Instrument> Instruments()
    {
        foreach (var type in s_client.GetTypes().Where(t => !t.ContainsGenericParameters))
        {
            if (type.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public).Any(f => typeof(Instrument).IsAssignableFrom(f.FieldType)))
            {
                RuntimeHelpers.RunClassConstructor(type.TypeHandle);
            }
        }

        var instruments = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == "Presto.Client")
                {
                    instruments.Add(instrument);
                }
            },
        };
        listener.Start();
        return instruments.DistinctBy(i => i.Name).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
    }
}
