namespace Presto.Quickstart;

/// <summary>Draws the query's progress (splits done of all splits, rows read) on one console line.</summary>
internal sealed class ProgressBar : IProgress<PrestoQueryProgress>
{
    private const int Width = 30;
    private int _lastPercent = -1;

    public void Report(PrestoQueryProgress value)
    {
        var percent = value.TotalSplits == 0 ? 0 : 100 * value.CompletedSplits / value.TotalSplits;
        if (percent == _lastPercent)
        {
            return;
        }

        _lastPercent = percent;
        var filled = Width * percent / 100;
        var line = $"[{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}% {value.State,-9} " +
                   $"{value.CompletedSplits}/{value.TotalSplits} splits, {value.ProcessedRows:N0} rows";
        // Redirected output (CI, a log file) gets one line per step instead of a redrawn line.
        Console.Write(Console.IsOutputRedirected ? line + Environment.NewLine : "\r" + line);
    }

    public void Finish()
    {
        if (!Console.IsOutputRedirected)
        {
            Console.WriteLine();
        }
    }
}
