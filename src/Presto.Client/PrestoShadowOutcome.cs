namespace Presto;

/// <summary>How a mirrored query compared (see <see cref="PrestoShadowComparison"/>).</summary>
public enum PrestoShadowOutcome
{
    /// <summary>Both sides succeeded with the same row count and row checksum.</summary>
    Match,

    /// <summary>Both sides succeeded, but the row counts or the row checksums differ: the results are not the same.</summary>
    Mismatch,

    /// <summary>The caller stopped reading the primary's rows before the end (or cancelled it): there is nothing complete to compare with.</summary>
    PrimaryIncomplete,

    /// <summary>The primary query failed; the shadow query succeeded.</summary>
    PrimaryFailed,

    /// <summary>The shadow query failed (or its cluster could not be reached); the primary succeeded.</summary>
    ShadowFailed,

    /// <summary>The shadow query ran out of <see cref="PrestoShadowOptions.Timeout"/> and was cancelled.</summary>
    ShadowTimedOut,

    /// <summary>Both sides failed (compare their <see cref="PrestoShadowSide.ErrorName"/>s).</summary>
    BothFailed,
}
