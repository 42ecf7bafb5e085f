using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Presto.HostedSample;

/// <summary>
/// Listens to the client's meter (<c>Presto.Client</c>) the way an exporter does, and prints each instrument's total.
/// In an application, OpenTelemetry's <c>.WithMetrics(m => m.AddMeter("Presto.Client"))</c> does the listening.
/// </summary>
internal sealed class PrestoMetricsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Total> _totals = new(StringComparer.Ordinal);

    public PrestoMetricsListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Presto.Client")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument, value));
        _listener.Start();
    }

    /// <summary>How many measurements an instrument received so far.</summary>
    public long Count(string instrument) => _totals.TryGetValue(instrument, out var total) ? total.Count : 0;

    /// <summary>One line per instrument that received measurements: name, measurements, sum with unit.</summary>
    public void Print(TextWriter writer)
    {
        foreach (var (name, total) in _totals.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-40} {total.Count,5} measurement(s), sum {total.Sum:0.###} {total.Unit}"));
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value)
    {
        var total = _totals.GetOrAdd(instrument.Name, _ => new Total(instrument.Unit ?? string.Empty));
        lock (total)
        {
            total.Count++;
            total.Sum += value;
        }
    }

    private sealed class Total(string unit)
    {
        public string Unit { get; } = unit;

        public long Count { get; set; }

        public double Sum { get; set; }
    }
}
