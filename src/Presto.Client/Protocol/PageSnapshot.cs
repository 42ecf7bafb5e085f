using System.Buffers;
using System.Threading;
using Presto.Types;

namespace Presto.Protocol;

/// <summary>
/// The rows of one response held apart from the query's own page (read-ahead, a decoded spooled segment, direct rows queued
/// behind segments): its column buffers and the page bytes they point into. It has one owner at a time: the read-ahead
/// queue or the spool, then the query while it is the reader's current page. <see cref="Release"/> gives its arrays back to
/// the pools once nobody reads it any more; it may be called more than once.
/// </summary>
internal sealed class PageSnapshot
{
    private byte[]? _pooledBytes;

    /// <param name="buffers">The column buffers, owned by the snapshot.</param>
    /// <param name="rowCount">Rows in the buffers.</param>
    /// <param name="pooledBytes">The page bytes when rented from <see cref="ArrayPool{T}.Shared"/> (returned with the snapshot), else <see langword="null"/>.</param>
    public PageSnapshot(ColumnBuffer[] buffers, int rowCount, byte[]? pooledBytes)
    {
        Buffers = buffers;
        RowCount = rowCount;
        _pooledBytes = pooledBytes;
    }

    public ColumnBuffer[] Buffers { get; }

    public int RowCount { get; }

    /// <summary>Returns the column buffers' arrays and the page bytes to their pools; the snapshot holds no rows afterwards.</summary>
    public void Release()
    {
        foreach (var buffer in Buffers)
        {
            buffer.Release();
        }

        if (Interlocked.Exchange(ref _pooledBytes, null) is { } bytes)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
