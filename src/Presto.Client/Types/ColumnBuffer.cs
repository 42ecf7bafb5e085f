using System;
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
    private int[] _start = new int[16];
    private int[] _length = new int[16];
    private CellState[] _state = new CellState[16];
    private byte[] _page = Array.Empty<byte>();
    private int _base;

    protected ColumnBuffer(ColumnDecoder decoder) => Decoder = decoder;

    public ColumnDecoder Decoder { get; }

    /// <summary>Rows decoded into this buffer for the current page.</summary>
    public int Count { get; private set; }

    /// <summary>Capacity of the per-row arrays.</summary>
    protected int Capacity => _state.Length;

    /// <summary>
    /// Starts a new page. <paramref name="page"/> holds the bytes that readers passed to <see cref="Read"/> were
    /// created over; <paramref name="readerBase"/> is the page offset at which those readers start.
    /// </summary>
    public void Reset(byte[] page, int readerBase)
    {
        _page = page;
        _base = readerBase;
        Count = 0;
    }

    /// <summary>Decodes the cell at the reader (positioned on its first token) as the next row; leaves the reader on the value's last token.</summary>
    public void Read(ref Utf8JsonReader reader)
    {
        var row = Count;
        if (row == _state.Length)
        {
            Grow(row * 2);
        }

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

        _start[row] = _base + start;
        _length[row] = (int)reader.BytesConsumed - start;
        _state[row] = state;
        Count = row + 1;
    }

    public CellState GetState(int row) => _state[row];

    public bool IsNull(int row) => _state[row] == CellState.Null;

    /// <summary>The cell's JSON token as it came over the wire (strings include their quotes and escapes).</summary>
    public ReadOnlySpan<byte> GetRawToken(int row) => new(_page, _start[row], _length[row]);

    /// <summary>A reader positioned on the cell's first token.</summary>
    public Utf8JsonReader CreateCellReader(int row)
    {
        var reader = new Utf8JsonReader(GetRawToken(row), new JsonReaderOptions { MaxDepth = 1024 });
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
        switch (_state[row])
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

    protected virtual void Grow(int capacity)
    {
        Array.Resize(ref _start, capacity);
        Array.Resize(ref _length, capacity);
        Array.Resize(ref _state, capacity);
    }

    /// <summary>Decodes a non-null cell into row <paramref name="row"/>; <see langword="false"/> when unrepresentable.</summary>
    protected abstract bool ReadValue(ref Utf8JsonReader reader, int row);

    /// <summary>Forgets the value of a null cell (so references do not outlive their page).</summary>
    protected abstract void ClearValue(int row);

    /// <summary>The stored natural value, boxed.</summary>
    protected abstract object GetStoredValue(int row);
}

/// <summary>Unboxed storage for a decoder of natural type <typeparamref name="T"/>.</summary>
internal sealed class ColumnBuffer<T> : ColumnBuffer
{
    private readonly ColumnDecoder<T> _decoder;
    private T[] _values = new T[16];

    public ColumnBuffer(ColumnDecoder<T> decoder)
        : base(decoder) => _decoder = decoder;

    /// <summary>The stored value of a cell whose state is <see cref="CellState.Value"/>.</summary>
    public T GetTyped(int row) => _values[row];

    protected override void Grow(int capacity)
    {
        base.Grow(capacity);
        Array.Resize(ref _values, capacity);
    }

    protected override bool ReadValue(ref Utf8JsonReader reader, int row) => _decoder.TryRead(ref reader, out _values[row]);

    protected override void ClearValue(int row) => _values[row] = default!;

    protected override object GetStoredValue(int row) => _values[row]!;
}

/// <summary>Storage for decoders without a typed fast path (nested and rare types): values are kept boxed.</summary>
internal sealed class ObjectColumnBuffer : ColumnBuffer
{
    private object?[] _values = new object?[16];

    public ObjectColumnBuffer(ColumnDecoder decoder)
        : base(decoder)
    {
    }

    protected override void Grow(int capacity)
    {
        base.Grow(capacity);
        Array.Resize(ref _values, capacity);
    }

    protected override bool ReadValue(ref Utf8JsonReader reader, int row)
    {
        _values[row] = Decoder.ReadObject(ref reader);
        return true;
    }

    protected override void ClearValue(int row) => _values[row] = null;

    protected override object GetStoredValue(int row) => _values[row]!;
}
