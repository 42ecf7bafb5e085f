namespace Presto.Testing;

/// <summary>Which requests an <see cref="HttpFault"/> applies to.</summary>
public enum RequestKind
{
    /// <summary>Every request.</summary>
    Any,

    /// <summary><c>POST /v1/statement</c>.</summary>
    Post,

    /// <summary><c>GET</c> of a statement <c>nextUri</c> (queued or executing).</summary>
    Get,

    /// <summary><c>DELETE</c> of a statement URI (cancel).</summary>
    Delete,

    /// <summary><c>HEAD</c> of a statement URI (heartbeat).</summary>
    Head,

    /// <summary>Any request outside <c>/v1/statement</c>: <c>/v1/info</c>, <c>/v1/query</c>, <c>/v1/node</c>...</summary>
    Other,

    /// <summary><c>GET</c> of a spooled segment (<c>/v1/spooled/download/…</c> and the storage it redirects to).</summary>
    SegmentDownload,

    /// <summary><c>GET</c> of a spooled segment's acknowledgement (<c>/v1/spooled/ack/…</c>).</summary>
    SegmentAck,
}
