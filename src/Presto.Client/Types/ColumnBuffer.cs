using System;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Presto.Types;

/// <summary>State of one cell in a <see cref="ColumnBuffer"/>.</summary>
internal enum CellState : byte
{
    /// <summary>The typed value is stored.</summary>
    Value = 0,

    /// <summary>JSON <c>null</c>.</summary>
    Null = 1,

    /// <summary>Well formed, but the natural CLR type cannot hold it; read the exact value from the raw token.</summary>
    Unrepresentable = 2,
}

/// <summary>
/// One page of one column: typed values plus, for every cell, where its JSON token sits in the page
/// bytes (so the exact wire text and lossless values can be produced on demand without keeping strings).
/// Reused from page to page; valid only while the page bytes it points into are.
/// </summary>
internal abstract class ColumnBuffer
{
    private static readonly JsonReaderOptions s_cellOptions = new() { MaxDepth = 1024 };

    private Cell[] _cells = Array.Empty<Cell>();

    /// <summary>
    /// Each cell's <see cref="CellState"/>, apart from where its token sits: a getter checks one byte per cell, so a page's
    /// states stay in cache while its rows are read (the positions are only needed for wire text and exact values).
    /// </summary>
    private CellState[] _states = Array.Empty<CellState>();
    private byte[] _page = Array.Empty<byte>();
    private int _base;
    private int _count;

    protected ColumnBuffer(ColumnDecoder decoder)
    {
        Decoder = decoder;
        Kind = decoder.ScanKind;
    }

    public ColumnDecoder Decoder { get; }

    /// <summary>The decoder's <see cref="ColumnDecoder.ScanKind"/>, kept here so the page parser reads it with the buffer.</summary>
    public ScanKind Kind { get; }

    /// <summary>Rows decoded into this buffer for the current page.</summary>
    public int Count => _count;

    /// <summary>
    /// Starts a new page. <paramref name="page"/> holds the bytes that readers passed to <see cref="Read"/> were
    /// created over; <paramref name="readerBase"/> is the page offset at which those readers start.
    /// </summary>
    public void Reset(byte[] page, int readerBase)
    {
        _page = page;
        _base = readerBase;
        _count = 0;
        OnReset();
    }

    /// <summary>A new page starts or cells are dropped: forget anything kept about earlier cells.</summary>
    protected virtual void OnReset()
    {
    }

    /// <summary>Forgets the cells from row <paramref name="count"/> on (a row that was not complete in the page yet).</summary>
    public void Truncate(int count)
    {
        if (count < _count)
        {
            _count = count;
            OnReset();
        }
    }

    /// <summary>
    /// Continues the page with a new reader starting at page offset <paramref name="readerBase"/> (the page's bytes may
    /// have moved to a bigger array); cells already read keep their positions.
    /// </summary>
    public void Rebase(byte[] page, int readerBase)
    {
        _page = page;
        _base = readerBase;
    }

    /// <summary>Decodes the cell at the reader (positioned on its first token) as the next row; leaves the reader on the value's last token.</summary>
    public void Read(ref Utf8JsonReader reader)
    {
        var row = NextRow();
        var start = (int)reader.TokenStartIndex;
        CellState state;
        if (reader.TokenType == JsonTokenType.Null)
        {
            state = CellState.Null;
            ClearValue(row);
        }
        else
        {
            state = ReadValue(ref reader, row) ? CellState.Value : CellState.Unrepresentable;
        }

        Commit(row, _base + start, (int)reader.BytesConsumed - start, state);
    }

    /// <summary>The next row is a JSON <c>null</c> the page parser found at page offset <paramref name="start"/>.</summary>
    public void ReadNull(int start)
    {
        var row = NextRow();
        ClearValue(row);
        Commit(row, start, 4, CellState.Null);
    }

    /// <summary>
    /// The page parser's fast path: decodes the value starting at <c>span[pos]</c> (the page bytes; not <c>null</c>) as the next row
    /// when it has its type's common shape, and moves <paramref name="pos"/> past it. <see langword="false"/>, with nothing written,
    /// sends the cell down the general path (<see cref="Read"/>).
    /// </summary>
    public abstract bool TryScan(ReadOnlySpan<byte> span, ref int pos);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CellState GetState(int row) => _states[row];

    protected int NextRow()
    {
        var row = _count;
        if (row == _cells.Length)
        {
            Grow(row * 2);
        }

        return row;
    }

    /// <summary>Records row <paramref name="row"/>'s token and state; <paramref name="ascii"/>: a plain JSON string of ASCII only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void Commit(int row, int start, int length, CellState state, bool ascii = false)
    {
        ref var cell = ref _cells[row];
        cell.Start = start;
        cell.Length = ascii ? length | AsciiFlag : length;
        _states[row] = state;
        _count = row + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int row) => _states[row] == CellState.Null;

    /// <summary>The cell's JSON token as it came over the wire (strings include their quotes and escapes).</summary>
    public ReadOnlySpan<byte> GetRawToken(int row)
    {
        var cell = _cells[row];
        return new(_page, cell.Start, cell.Length & ~AsciiFlag);
    }

    /// <summary>
    /// The content of an unescaped JSON string cell as a new string (the page must hold valid UTF-8 there; see
    /// <see cref="ColumnBuffer{T}"/>'s deferred strings).
    /// </summary>
    protected string DecodeUnescapedString(int row)
    {
        var cell = _cells[row];
        var length = cell.Length & ~AsciiFlag;
        if (length == 2)
        {
            return string.Empty;
        }

#if NET5_0_OR_GREATER
        if (cell.Length != length)
        {
            // ASCII is Latin-1 too, and widening it skips UTF-8's counting pass (half the cost for short strings).
            return Encoding.Latin1.GetString(_page, cell.Start + 1, length - 2);
        }
#endif

        return Encoding.UTF8.GetString(_page, cell.Start + 1, length - 2);
    }

    /// <summary>A reader positioned on the cell's first token.</summary>
    public Utf8JsonReader CreateCellReader(int row)
    {
        var reader = new Utf8JsonReader(GetRawToken(row), s_cellOptions);
        reader.Read();
        return reader;
    }

    /// <summary>The exact wire text: the unescaped content of a JSON string, else the raw JSON text.</summary>
    public string GetWireText(int row)
    {
        var raw = GetRawToken(row);
        if (raw.Length > 0 && raw[0] == (byte)'"')
        {
            var reader = CreateCellReader(row);
            return reader.GetString()!;
        }

        return Encoding.UTF8.GetString(raw.ToArray());
    }

    /// <summary>The natural value boxed, the exact value when unrepresentable, <see cref="DBNull"/> for null.</summary>
    public object GetValue(int row)
    {
        switch (GetState(row))
        {
            case CellState.Null:
                return DBNull.Value;
            case CellState.Unrepresentable:
                return GetExact(row);
            default:
                return GetStoredValue(row);
        }
    }

    /// <summary>The lossless value of a non-null cell (see <see cref="ColumnDecoder.ExactType"/>).</summary>
    public object GetExact(int row)
    {
        var reader = CreateCellReader(row);
        return Decoder.ReadExact(ref reader);
    }

    /// <summary>Makes room for <paramref name="capacity"/> rows (arrays rented from <see cref="PooledArrays"/>; the first rows get its smallest size).</summary>
    protected virtual void Grow(int capacity)
    {
        PooledArrays.Grow(ref _cells, capacity);
        PooledArrays.Grow(ref _states, capacity);
    }

    /// <summary>
    /// Gives the arrays back to the pools when nobody reads this page any more and forgets the page bytes: the buffer is empty
    /// afterwards (a late read fails instead of seeing rows of another query that got the arrays).
    /// </summary>
    public virtual void Release()
    {
        PooledArrays.Return(ref _cells);
        PooledArrays.Return(ref _states);
        _page = Array.Empty<byte>();
        _count = 0;
    }

    /// <summary>Decodes a non-null cell into row <paramref name="row"/>; <see langword="false"/> when unrepresentable.</summary>
    protected abstract bool ReadValue(ref Utf8JsonReader reader, int row);

    /// <summary>Forgets the value of a null cell (so references do not outlive their page).</summary>
    protected abstract void ClearValue(int row);

    /// <summary>The stored natural value, boxed.</summary>
    protected abstract object GetStoredValue(int row);

    /// <summary>Set in <see cref="Cell.Length"/> for a deferred string whose content is ASCII (pages are far below 2 GB).</summary>
    private const int AsciiFlag = int.MinValue;

    /// <summary>Where a cell's token sits in the page (8 bytes a cell: written for every cell while the page is parsed).</summary>
    private struct Cell
    {
        public int Start;

        /// <summary>The token's length, with <see cref="AsciiFlag"/> for a deferred ASCII string.</summary>
        public int Length;
    }
}

/// <summary>
/// Unboxed storage for a decoder of natural type <typeparamref name="T"/>. With <c>deferStrings</c> (text columns,
/// <typeparamref name="T"/> = <see cref="string"/>) a plain JSON string cell — no escapes, valid UTF-8 — is not decoded while
/// the page is parsed: its slot stays <see langword="null"/> and the string is made from the page bytes the first time
/// the cell is read, then kept, so skipped columns cost nothing and no cell is decoded twice.
/// </summary>
internal sealed class ColumnBuffer<T> : ColumnBuffer
{
    private static readonly object s_true = true;
    private static readonly object s_false = false;

    private readonly ColumnDecoder<T> _decoder;
    private readonly bool _deferStrings;
    private T[] _values = Array.Empty<T>();

    /// <summary>The row whose deferred string was made last, and that string (a cell read twice is made once).</summary>
    private int _madeRow = -1;
    private T _made = default!;

    public ColumnBuffer(ColumnDecoder<T> decoder, bool deferStrings = false)
        : base(decoder)
    {
        _decoder = decoder;
        _deferStrings = deferStrings && typeof(T) == typeof(string);
    }

    /// <summary>The stored value when the cell holds one (not null, not unrepresentable): the typed getters' one check per cell.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(int row, out T value)
    {
        if (GetState(row) == CellState.Value)
        {
            value = GetTyped(row);
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>The stored value of a cell whose state is <see cref="CellState.Value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T GetTyped(int row)
    {
        var value = _values[row];
        if (value is null && _deferStrings)
        {
            // A deferred string (null cells never get here). For value types the whole test folds away.
            return Materialize(row);
        }

        return value;
    }

    protected override void Grow(int capacity)
    {
        base.Grow(capacity);
        PooledArrays.Grow(ref _values, capacity);
    }

    public override void Release()
    {
        base.Release();
        PooledArrays.Return(ref _values);
    }

    protected override bool ReadValue(ref Utf8JsonReader reader, int row)
    {
        if (_deferStrings && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && IsValidUtf8(reader.ValueSpan))
        {
            _values[row] = default!;
            return true;
        }

        return _decoder.TryRead(ref reader, out _values[row]);
    }

    /// <summary>
    /// The page parser's direct path for a column whose <see cref="ColumnBuffer.Kind"/> names <typeparamref name="TScanner"/>: the
    /// type's common shape, compiled and inlined per scanner. Returns the index after the value, or -1, with no row recorded, to
    /// send the cell down <see cref="TryScan"/>. Positions go in and out by value, so that the row scan's position stays in a
    /// register (a position passed by reference would live on the stack for the whole scan).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Scan<TScanner>(ReadOnlySpan<byte> span, int pos)
        where TScanner : struct, ICellScanner<T>
    {
        var row = NextRow();
        var end = default(TScanner).Scan(span, pos, out _values[row]);
        if (end >= 0)
        {
            Commit(row, pos, end - pos, CellState.Value);
        }

        return end;
    }

    /// <summary>The page parser's direct path for deferred strings: a plain string (no escapes) is kept as its position only; -1 declines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ScanPlainText(ReadOnlySpan<byte> span, int pos)
    {
        var end = WireText.ScanPlainString(span, pos, out var ascii);
        if (end >= 0)
        {
            var row = NextRow();
            _values[row] = default!;
            Commit(row, pos, end - pos, CellState.Value, ascii);
        }

        return end;
    }

    public override bool TryScan(ReadOnlySpan<byte> span, ref int pos)
    {
        var row = NextRow();
        int end;
        var ascii = false;
        if (_deferStrings)
        {
            // A plain string is made when first read; one with escapes is decoded now, as the reader path would.
            end = WireText.ScanPlainString(span, pos, out ascii);
            _values[row] = default!;
            if (end < 0 && (end = WireText.ScanEscapedString(span, pos, out var text)) > 0)
            {
                _values[row] = (T)(object)text!;
            }
        }
        else
        {
            end = _decoder.TryScan(span, pos, out _values[row]);
        }

        if (end < 0)
        {
            return false;
        }

        Commit(row, pos, end - pos, CellState.Value, ascii);
        pos = end;
        return true;
    }

    protected override void ClearValue(int row) => _values[row] = default!;

    protected override object GetStoredValue(int row)
    {
        if (typeof(T) == typeof(bool))
        {
            // Two boxes serve every boolean cell (the casts fold away for T = bool).
            return (bool)(object)GetTyped(row)! ? s_true : s_false;
        }

        return GetTyped(row)!;
    }

    private static bool IsValidUtf8(ReadOnlySpan<byte> text)
    {
#if NET8_0_OR_GREATER
        return System.Text.Unicode.Utf8.IsValid(text);
#else
        foreach (var b in text)
        {
            if (b >= 0x80)
            {
                return false;
            }
        }

        return true;
#endif
    }

    /// <summary>
    /// Makes a deferred string. It is not stored in the page's value array: a page-long array of fresh strings would keep every
    /// one of them alive (and promoted by each collection) until the page is replaced; only the last one is kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private T Materialize(int row)
    {
        if (row == _madeRow)
        {
            return _made;
        }

        var value = (T)(object)DecodeUnescapedString(row);
        _made = value;
        _madeRow = row;
        return value;
    }

    protected override void OnReset()
    {
        _madeRow = -1;
        _made = default!;
    }
}

/// <summary>Storage for decoders without a typed fast path (nested and rare types): values are kept boxed.</summary>
internal sealed class ObjectColumnBuffer : ColumnBuffer
{
    private object?[] _values = Array.Empty<object?>();

    public ObjectColumnBuffer(ColumnDecoder decoder)
        : base(decoder)
    {
    }

    protected override void Grow(int capacity)
    {
        base.Grow(capacity);
        PooledArrays.Grow(ref _values, capacity);
    }

    public override void Release()
    {
        base.Release();
        PooledArrays.Return(ref _values);
    }

    protected override bool ReadValue(ref Utf8JsonReader reader, int row)
    {
        _values[row] = Decoder.ReadObject(ref reader);
        return true;
    }

    public override bool TryScan(ReadOnlySpan<byte> span, ref int pos) => false;

    protected override void ClearValue(int row) => _values[row] = null;

    protected override object GetStoredValue(int row) => _values[row]!;
}
