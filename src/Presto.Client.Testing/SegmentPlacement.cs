namespace Presto.Testing;

/// <summary>Where a spooling <see cref="PrestoTestServer"/> puts result segments (<see cref="SpoolingOptions.Placement"/>).</summary>
public enum SegmentPlacement
{
    /// <summary>Every segment is spooled: downloaded from the server's storage endpoint, then acknowledged.</summary>
    Spooled,

    /// <summary>Every segment is inline: its payload is Base64 in the response.</summary>
    Inline,

    /// <summary>Segments alternate: the first of a result inline, the next spooled, and so on.</summary>
    Alternate,
}
