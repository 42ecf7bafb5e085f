using System.Threading;

namespace Presto.Shadowing;

/// <summary>
/// One comparison in the making: whichever side finishes second completes it. When that is the primary, the report is
/// handed to the thread pool, so that the caller's statement never runs the logging, metrics or callback.
/// </summary>
internal sealed class ShadowPair
{
    private readonly ShadowTap _tap;
    private PrestoShadowSide? _primary;
    private PrestoShadowSide? _shadow;
    private bool _primaryFailed;
    private bool _shadowTimedOut;
    private int _pending = 2;

    public ShadowPair(ShadowTap tap)
    {
        _tap = tap;
    }

    public void SetPrimary(PrestoShadowSide side, bool failed)
    {
        _primary = side;
        _primaryFailed = failed;
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            ThreadPool.QueueUserWorkItem(static s => ((ShadowPair)s!).Complete(), this);
        }
    }

    public void SetShadow(PrestoShadowSide side, bool timedOut)
    {
        _shadow = side;
        _shadowTimedOut = timedOut;
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            Complete();
        }
    }

    private void Complete()
    {
        var primary = _primary!;
        var shadow = _shadow!;
        _tap.Dispatcher.Report(new PrestoShadowComparison(_tap.Statement, _tap.Group, primary, shadow, Outcome(primary, shadow)));
    }

    private PrestoShadowOutcome Outcome(PrestoShadowSide primary, PrestoShadowSide shadow)
    {
        if (_primaryFailed)
        {
            return shadow.Succeeded ? PrestoShadowOutcome.PrimaryFailed : PrestoShadowOutcome.BothFailed;
        }

        if (!primary.IsComplete)
        {
            return PrestoShadowOutcome.PrimaryIncomplete;
        }

        if (!shadow.Succeeded)
        {
            return _shadowTimedOut ? PrestoShadowOutcome.ShadowTimedOut : PrestoShadowOutcome.ShadowFailed;
        }

        return primary.RowCount == shadow.RowCount && primary.Checksum == shadow.Checksum ? PrestoShadowOutcome.Match : PrestoShadowOutcome.Mismatch;
    }
}
