using System;
using System.Collections.Generic;
using Presto.Types;

namespace Presto.Protocol;

/// <summary>What the client knows about a query after the latest response (one <c>QueryResults</c> document at a time).</summary>
internal sealed class QueryResponse
{
    public string? QueryId { get; set; }

    public string? InfoUri { get; set; }

    /// <summary>Where to poll next; <see langword="null"/> once the query is over.</summary>
    public Uri? NextUri { get; set; }

    public Uri? PartialCancelUri { get; set; }

    /// <summary>The output columns, once the server has sent them.</summary>
    public ResultColumn[]? Columns { get; set; }

    /// <summary>One typed buffer per column, holding the rows of the latest response.</summary>
    public ColumnBuffer[] Buffers { get; set; } = Array.Empty<ColumnBuffer>();

    /// <summary>Rows in <see cref="Buffers"/>.</summary>
    public int RowCount { get; set; }

    /// <summary>The encoded (spooled) <c>data</c> object of the latest response, until the statement takes its segments.</summary>
    public Spooling.EncodedData? EncodedData { get; set; }

    public string? UpdateType { get; set; }

    public long? UpdateCount { get; set; }

    /// <summary>The query's failure, once reported.</summary>
    public PrestoQueryException? Error { get; set; }

    public List<PrestoWarning> Warnings { get; } = new();

    public QueryStatus Status { get; } = new();
}
