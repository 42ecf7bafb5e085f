using System;

namespace Presto.Types;

/// <summary>
/// Which of the common scalar shapes a column's values are scanned with (see <see cref="ColumnDecoder.ScanKind"/>): the page
/// parser switches on it once per cell and calls that type's <see cref="ICellScanner{T}"/> directly, instead of two virtual calls
/// (the buffer's, then the decoder's) per cell.
/// </summary>
internal enum ScanKind : byte
{
    /// <summary>No direct scanner: the buffer's virtual <see cref="ColumnBuffer.TryScan"/>.</summary>
    None,

    /// <summary><c>bigint</c> (<see cref="BigintDecoder"/>).</summary>
    Bigint,

    /// <summary><c>integer</c> (<see cref="IntegerDecoder"/>).</summary>
    Integer,

    /// <summary><c>double</c> (<see cref="DoubleDecoder"/>).</summary>
    Double,

    /// <summary><c>boolean</c> (<see cref="BooleanDecoder"/>).</summary>
    Boolean,

    /// <summary><c>decimal(p,s)</c> (<see cref="DecimalDecoder"/>).</summary>
    Decimal,

    /// <summary><c>date</c> (<see cref="DateDecoder"/>).</summary>
    Date,

    /// <summary><c>timestamp(p)</c> (<see cref="TimestampDecoder"/>).</summary>
    Timestamp,

    /// <summary>Text kept as deferred strings (<see cref="StringDecoder"/>).</summary>
    Text,
}

/// <summary>
/// The fast path of one scalar type's row scan as a struct, so that <see cref="ColumnBuffer{T}.Scan{TScanner}"/> is compiled
/// (and the scan inlined) once per type: reads the type's common wire shape at <c>span[pos]</c> (never the start of
/// <c>null</c>) and returns the index after it, or -1 to decline (the cell then takes the decoder's own
/// <see cref="ColumnDecoder{T}.TryScan"/> and, failing that, a reader). Same contract as <see cref="ColumnDecoder{T}.TryScan"/>.
/// </summary>
internal interface ICellScanner<T>
{
    int Scan(ReadOnlySpan<byte> span, int pos, out T value);
}
