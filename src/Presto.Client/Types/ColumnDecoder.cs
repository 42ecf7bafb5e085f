using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// Turns the JSON value of one Presto type into CLR values. One instance per column (built once from
/// its <see cref="TypeSignature"/> by <see cref="DecoderRegistry"/>); stateless after construction and
/// safe to share. Decoders throw <see cref="FormatException"/> (or let <see cref="JsonException"/> /
/// <see cref="InvalidOperationException"/> from <see cref="Utf8JsonReader"/> escape) for a value that is
/// not what the type promises; the page parser turns those into a <c>PrestoProtocolException</c>
/// naming the column and row. Decoding is culture-invariant.
/// </summary>
internal abstract class ColumnDecoder
{
    protected ColumnDecoder(TypeSignature signature) => Signature = signature;

    /// <summary>The column's parsed type.</summary>
    public TypeSignature Signature { get; }

    /// <summary>The natural CLR type returned by <c>GetValue</c> and <c>GetFieldType</c>.</summary>
    public abstract Type FieldType { get; }

    /// <summary>The lossless value type (a <c>Presto*</c> struct) when <see cref="FieldType"/> can lose information; else <see cref="FieldType"/>.</summary>
    public virtual Type ExactType => FieldType;

    /// <summary>The direct scanner the page parser uses for this column's cells (<see cref="ScanKind.None"/>: the buffer's virtual scan).</summary>
    public virtual ScanKind ScanKind => ScanKind.None;

    /// <summary>Creates typed storage for one page of this column.</summary>
    public virtual ColumnBuffer CreateBuffer() => new ObjectColumnBuffer(this);

    /// <summary>
    /// Reads one non-null value; the reader is positioned on the value's first token and is left on its
    /// last token (the end of an array/object, or the same token for a scalar). Returns the natural CLR
    /// value, or the exact <c>Presto*</c> value when the natural type cannot hold it (a year beyond 9999,
    /// a decimal with more than 28 digits). Nested values decode their own nulls as <see langword="null"/>.
    /// </summary>
    public abstract object ReadObject(ref Utf8JsonReader reader);

    /// <summary>Reads one non-null value as its lossless <see cref="ExactType"/>; same reader contract as <see cref="ReadObject"/>.</summary>
    public virtual object ReadExact(ref Utf8JsonReader reader) => ReadObject(ref reader);
}

/// <summary>A decoder whose natural CLR type is <typeparamref name="T"/>, stored unboxed in a <see cref="ColumnBuffer{T}"/>.</summary>
internal abstract class ColumnDecoder<T> : ColumnDecoder
{
    protected ColumnDecoder(TypeSignature signature)
        : base(signature)
    {
    }

    public override Type FieldType => typeof(T);

    public override ColumnBuffer CreateBuffer() => new ColumnBuffer<T>(this);

    /// <summary>
    /// Fast path: reads one non-null scalar value into <paramref name="value"/>. Returns <see langword="false"/>
    /// (without throwing) when the value is well formed but <typeparamref name="T"/> cannot hold it; the
    /// cell is then served through <see cref="ColumnDecoder.ReadExact"/>. Same reader contract as <see cref="ColumnDecoder.ReadObject"/>.
    /// </summary>
    public abstract bool TryRead(ref Utf8JsonReader reader, out T value);

    /// <summary>
    /// Fastest path, used by the page parser's row scanner: reads this type's common wire shape straight from the page bytes,
    /// starting at the value's first byte <c>span[pos]</c> (never the start of <c>null</c>). Returns the index just after the
    /// value, or -1 to decline: another shape, a value that is not representable, or bytes ending inside the value. It must accept
    /// only a complete, valid JSON token whose wire text is exactly what it decoded (a string without escapes or control
    /// characters; a number in strict JSON grammar). A declined cell goes through a reader and <see cref="TryRead"/>, which
    /// decides everything else exactly. The default declines everything.
    /// </summary>
    public virtual int TryScan(ReadOnlySpan<byte> span, int pos, out T value)
    {
        value = default!;
        return -1;
    }

    public override object ReadObject(ref Utf8JsonReader reader)
    {
        var start = reader;
        if (TryRead(ref reader, out var value))
        {
            return value!;
        }

        reader = start;
        return ReadExact(ref reader);
    }
}

/// <summary>
/// A decoder whose wire value is a JSON string (dates, times, intervals, uuids, ...): <see cref="ColumnDecoder{T}.TryRead"/> and the
/// row scan's <see cref="ColumnDecoder{T}.TryScan"/> both hand the string's UTF-8 content to <see cref="TryReadText"/>, so a plain
/// string decodes the same either way.
/// </summary>
internal abstract class TextColumnDecoder<T> : ColumnDecoder<T>
{
    protected TextColumnDecoder(TypeSignature signature)
        : base(signature)
    {
    }

    public sealed override bool TryRead(ref Utf8JsonReader reader, out T value) => TryReadText(WireText.StringUtf8(ref reader, Signature), out value);

    /// <summary>A plain string (no escapes, see <see cref="WireText.ScanPlainString"/>) through <see cref="TryReadText"/>; -1 for anything else or an unrepresentable value.</summary>
    public override int TryScan(ReadOnlySpan<byte> span, int pos, out T value)
    {
        var end = WireText.ScanPlainString(span, pos, out _);
        if (end < 0)
        {
            value = default!;
            return -1;
        }

        return TryReadText(span.Slice(pos + 1, end - pos - 2), out value) ? end : -1;
    }

    /// <summary>
    /// Decodes the string's content; <see langword="false"/> when well formed but not representable as <typeparamref name="T"/>, a
    /// <see cref="FormatException"/> when not a valid value of the type.
    /// </summary>
    protected abstract bool TryReadText(ReadOnlySpan<byte> text, out T value);
}
