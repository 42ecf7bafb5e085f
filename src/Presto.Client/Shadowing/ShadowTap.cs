using System;
using System.Collections.Generic;
using Presto.Protocol;

namespace Presto.Shadowing;

/// <summary>
/// The primary side of a mirrored statement: the checksum of the pages the statement delivered to its reader, kept only
/// while the statement is mirrored, and, when the statement ends, its side of each comparison.
/// </summary>
internal sealed class ShadowTap
{
    private readonly RowChecksum _rows = new();
    private readonly List<ShadowPair> _pairs = new(1);
    private bool _ended;

    public ShadowTap(ShadowDispatcher dispatcher, string statement, string group)
    {
        Dispatcher = dispatcher;
        Statement = statement;
        Group = group;
    }

    public ShadowDispatcher Dispatcher { get; }

    public string Statement { get; }

    public string Group { get; }

    public ShadowPair Add()
    {
        var pair = new ShadowPair(this);
        _pairs.Add(pair);
        return pair;
    }

    /// <summary>A page of rows reached the reader.</summary>
    public void Observe(QueryResponse response) => _rows.Add(response);

    /// <summary>The reader asked for more rows and there were none: every row was seen.</summary>
    public void Ended() => _ended = true;

    /// <summary>The statement is over (its reader closed, or it failed); <paramref name="failure"/> is its final failure.</summary>
    public void Finish(string cluster, string? queryId, Exception? failure, TimeSpan elapsed)
    {
        var succeeded = failure is null && _ended;
        var side = new PrestoShadowSide(
            cluster,
            queryId,
            succeeded,
            isComplete: succeeded,
            QueryDrain.ErrorName(failure, timedOut: false),
            failure?.Message,
            elapsed,
            _rows.Rows,
            _rows.Value);
        foreach (var pair in _pairs)
        {
            pair.SetPrimary(side, failed: failure is PrestoException);
        }
    }
}
