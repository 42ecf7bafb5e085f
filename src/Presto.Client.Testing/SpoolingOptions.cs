using System;
using System.Collections.Generic;

namespace Presto.Testing;

/// <summary>
/// The spooling mode of a Trino <see cref="PrestoTestServer"/> (<see cref="PrestoTestServerOptions.Spooling"/>): a client that sends
/// <c>X-Trino-Query-Data-Encoding</c> gets its rows as segments of the first listed encoding this server enables, inline in
/// the response or spooled to the server's own storage endpoints (<c>/v1/spooled/download/{id}</c>, acknowledged at
/// <c>/v1/spooled/ack/{id}</c>, which deletes the segment). A client that sends no encoding, or none that is enabled, gets
/// the direct protocol, as Trino does.
/// </summary>
public sealed class SpoolingOptions
{
    /// <summary>Encodings this server produces: <c>json</c>, <c>json+lz4</c> (raw LZ4 blocks) and <c>json+zstd</c> (zstd frames of raw blocks).</summary>
    /// <value>Default all three.</value>
    public IList<string> Encodings { get; set; } = ["json+zstd", "json+lz4", "json"];

    /// <summary>Where segments go.</summary>
    /// <value>Default <see cref="SegmentPlacement.Spooled"/>.</value>
    public SegmentPlacement Placement { get; set; } = SegmentPlacement.Spooled;

    /// <summary>Rows per segment (the last segment of a result may have fewer).</summary>
    /// <value>Default 1,000.</value>
    public int RowsPerSegment { get; set; } = 1_000;

    /// <summary>Segments per response at most; the next response carries the next ones.</summary>
    /// <value>Default 4.</value>
    public int SegmentsPerResponse { get; set; } = 4;

    /// <summary>
    /// Payloads smaller than this many bytes stay uncompressed (no <c>uncompressedSize</c>) whatever the encoding, like Trino's
    /// <c>protocol.spooling.encoding.compression.threshold</c>; 0 compresses every payload.
    /// </summary>
    /// <value>Default 8,192.</value>
    public int CompressionThresholdBytes { get; set; } = 8_192;

    /// <summary>
    /// Headers put on every spooled segment (like S3 SSE-C keys); a download or acknowledgement without exactly these values is
    /// refused with HTTP 403.
    /// </summary>
    public IDictionary<string, string> SegmentHeaders { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the download URI answers <c>303 See Other</c> to a storage URI of this server (Trino's
    /// <c>COORDINATOR_STORAGE_REDIRECT</c> retrieval mode) instead of serving the segment itself.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool RedirectDownloads { get; set; }
}
