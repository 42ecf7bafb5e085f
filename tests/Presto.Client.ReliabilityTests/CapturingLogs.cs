using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Presto.ReliabilityTests;

/// <summary>Keeps the text of every log entry, exceptions included, at every level.</summary>
internal sealed class CapturingLogs : ILoggerFactory
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue(formatter(state, exception) + " " + state + " " + exception);
    }
}
