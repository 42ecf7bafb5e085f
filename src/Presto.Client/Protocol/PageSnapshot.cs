using Presto.Types;

namespace Presto.Protocol;

/// <summary>The rows of one response held back by read-ahead: its column buffers (which point into their own page bytes) and row count.</summary>
internal sealed record PageSnapshot(ColumnBuffer[] Buffers, int RowCount);
