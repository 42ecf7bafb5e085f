using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Presto.Resilience;

namespace Presto;

/// <summary>
/// How failed queries are classified and resubmitted. The number of submissions and the base delay come from the
/// connection string (<c>MaxQueryAttempts</c>, <c>RetryDelayMs</c>); everything else is set here, in code
/// (<c>PrestoDataSourceBuilder.ConfigureRetry</c>) or from configuration (<see cref="Bind"/>). See docs/retry.md.
/// </summary>
public sealed class PrestoRetryOptions
{
    private TimeSpan _maxRetryDelay = TimeSpan.FromMinutes(1);
    private TimeSpan _maxRetryDuration = TimeSpan.FromMinutes(5);
    private long _readAheadBytes;
    private int _readAheadRows;
    private PrestoRetryBudget _budget = new();
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>The classification table, evaluated top-down (first match wins); starts as <see cref="DefaultRules"/>.</summary>
    public PrestoRetryRuleCollection Rules { get; } = DefaultRetryRules.Create();

    /// <summary>A fresh copy of the default classification table.</summary>
    public static IReadOnlyList<PrestoRetryRule> DefaultRules => DefaultRetryRules.Create();

    /// <summary>The longest single wait between submissions (a server's <c>Retry-After</c> excepted). Default 1 minute.</summary>
    public TimeSpan MaxRetryDelay
    {
        get => _maxRetryDelay;
        set => _maxRetryDelay = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "The delay must not be negative.");
    }

    /// <summary>
    /// No resubmission starts (or waits) beyond this time after the first submission; the command timeout, when set, is a
    /// second limit. Default 5 minutes.
    /// </summary>
    public TimeSpan MaxRetryDuration
    {
        get => _maxRetryDuration;
        set => _maxRetryDuration = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "The duration must not be negative.");
    }

    /// <summary>The client-wide limit on resubmissions.</summary>
    public PrestoRetryBudget Budget
    {
        get => _budget;
        set => _budget = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Read-ahead: before the first row reaches the caller, hold up to this many bytes of result pages, so that a query
    /// whose whole result fits can still be resubmitted when it fails late. 0 (the default) turns it off. Also settable
    /// per command (<see cref="PrestoCommand.ReadAheadBytes"/>).
    /// </summary>
    public long ReadAheadBytes
    {
        get => _readAheadBytes;
        set => _readAheadBytes = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The size must be 0 or more.");
    }

    /// <summary>Read-ahead by rows: hold up to this many rows before the first reaches the caller. 0 (the default) means no row limit.</summary>
    public int ReadAheadRows
    {
        get => _readAheadRows;
        set => _readAheadRows = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The count must be 0 or more.");
    }

    /// <summary>The clock used for retry delays, deadlines and the budget (tests can pass a controllable one).</summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Applies a configuration section: <c>MaxRetryDelay</c>, <c>MaxRetryDuration</c> (time spans such as
    /// <c>00:00:30</c>), <c>ReadAheadBytes</c>, <c>ReadAheadRows</c>, <c>Budget</c> (<c>Ratio</c>,
    /// <c>MinRetriesPerSecond</c>, <c>Window</c>), <c>RemoveRules</c> (ids) and <c>Rules</c> (each with an <c>Id</c>: an
    /// existing id replaces that rule in place, a new one goes to the top of the table, in the order given).
    /// </summary>
    /// <exception cref="ArgumentException">A value cannot be read; the message names its configuration path.</exception>
    public PrestoRetryOptions Bind(IConfiguration section)
    {
        RetryConfiguration.Apply(this, section ?? throw new ArgumentNullException(nameof(section)));
        return this;
    }
}
