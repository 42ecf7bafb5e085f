using System.Globalization;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Presto.ReliabilityTests;

/// <summary>
/// The query ids the client sent a DELETE for, read from its log events 1003 (cancel answered) and 1004 (cancel failed):
/// the client's side of "every abandoned query got a DELETE", which holds even when an injected fault ate the DELETE
/// before the server could record it.
/// </summary>
internal sealed class CancelAttempts : ILoggerFactory, ILogger
{
    private readonly ConcurrentDictionary<string, byte> _queryIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _events = new(StringComparer.Ordinal);

    public bool Contains(string queryId) => _queryIds.ContainsKey(queryId);

    /// <summary>Every event the client logged about <paramref name="queryId"/> (for the message of a failed invariant).</summary>
    public string History(string queryId) =>
        _events.TryGetValue(queryId, out var events) ? string.Join(" | ", events) : "(no client events)";

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            return;
        }

        foreach (var value in values)
        {
            if (value.Key == "QueryId" && value.Value is string id)
            {
                // Cheap enough not to change the soak's timing: the event id, and the failure's type and message when there is one.
                _events.GetOrAdd(id, _ => new ConcurrentQueue<string>()).Enqueue(
                    eventId.Id is 1101 or 1102 ? $"{eventId.Id} {formatter(state, exception)}"
                    : exception is null ? eventId.Id.ToString(CultureInfo.InvariantCulture)
                    : $"{eventId.Id} {exception.GetType().Name}: {exception.Message}");
                if (eventId.Id is 1003 or 1004)
                {
                    _queryIds.TryAdd(id, 0);
                }
            }
        }
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
