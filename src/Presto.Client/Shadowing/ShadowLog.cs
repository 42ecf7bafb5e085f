using System;
using Microsoft.Extensions.Logging;

namespace Presto.Shadowing;

/// <summary>Log events of shadow traffic (1401–1499).</summary>
internal static partial class ShadowLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "Query mirrored to shadow cluster {Shadow} (group {Group})")]
    public static partial void Mirrored(ILogger logger, string shadow, string group);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Shadow comparison {Outcome}: primary {PrimaryQueryId} on {Primary} ({PrimaryRows} rows, {PrimaryMs} ms), shadow {ShadowQueryId} on {Shadow} ({ShadowRows} rows, {ShadowMs} ms)")]
    public static partial void Compared(ILogger logger, PrestoShadowOutcome outcome, string? primaryQueryId, string primary, long primaryRows, long primaryMs, string? shadowQueryId, string shadow, long shadowRows, long shadowMs);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Shadow results differ: primary {PrimaryQueryId} on {Primary} ({PrimaryRows} rows, checksum {PrimaryChecksum:x16}), shadow {ShadowQueryId} on {Shadow} ({ShadowRows} rows, checksum {ShadowChecksum:x16})")]
    public static partial void Mismatch(ILogger logger, string? primaryQueryId, string primary, long primaryRows, ulong primaryChecksum, string? shadowQueryId, string shadow, long shadowRows, ulong shadowChecksum);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "Shadow comparison {Outcome}: primary {PrimaryQueryId} on {Primary} ({PrimaryError}), shadow {ShadowQueryId} on {Shadow} ({ShadowError})")]
    public static partial void Failed(ILogger logger, PrestoShadowOutcome outcome, string? primaryQueryId, string primary, string primaryError, string? shadowQueryId, string shadow, string shadowError);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Debug, Message = "Query not mirrored to shadow cluster {Shadow}: {Reason}")]
    public static partial void Dropped(ILogger logger, string shadow, string reason);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Warning, Message = "The shadow comparison callback threw; the comparison is dropped")]
    public static partial void CallbackFailed(ILogger logger, Exception exception);
}
