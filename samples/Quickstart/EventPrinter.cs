using Microsoft.Extensions.Logging;

namespace Presto.Quickstart;

/// <summary>
/// A minimal <see cref="ILoggerFactory"/> that prints the client's retry and routing events (ids 1101–1103 and
/// 1201–1299, see docs/diagnostics.md) as they happen. A real application passes its own logger factory instead.
/// </summary>
internal sealed class EventPrinter : ILoggerFactory, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id is >= 1101 and <= 1103 or >= 1201 and <= 1299)
        {
            Console.WriteLine($"  [{logLevel} {eventId.Id}] {formatter(state, exception)}");
        }
    }

    public void Dispose()
    {
    }
}
