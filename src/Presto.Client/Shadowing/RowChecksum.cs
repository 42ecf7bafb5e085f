using System;
using System.Text;
using Presto.Protocol;
using Presto.Types;

namespace Presto.Shadowing;

/// <summary>
/// An order-insensitive checksum of result rows: each row's cells (their wire text: the unescaped content of a JSON string,
/// else the raw JSON token; SQL NULL apart from any text) are hashed with 64-bit FNV-1a, the row hash is mixed, and the row
/// hashes are summed. The same rows in any order, split into any pages, give the same sum; a changed, missing or extra
/// row changes it (a sum, unlike XOR, does not cancel duplicate rows).
/// </summary>
internal sealed class RowChecksum
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>The sum of the row hashes.</summary>
    public ulong Value { get; private set; }

    /// <summary>Rows added.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds the rows of the response's current page.</summary>
    public void Add(QueryResponse response)
    {
        var buffers = response.Buffers;
        var count = response.RowCount;
        for (var row = 0; row < count; row++)
        {
            var hash = OffsetBasis;
            for (var column = 0; column < buffers.Length; column++)
            {
                hash = HashCell(buffers[column], row, hash);
            }

            Value = unchecked(Value + Mix(hash));
        }

        Rows += count;
    }

    private static ulong HashCell(ColumnBuffer buffer, int row, ulong hash)
    {
        if (buffer.IsNull(row))
        {
            // A tag no text cell starts with, so NULL differs from the string 'null'.
            return Append(hash, 0);
        }

        var raw = buffer.GetRawToken(row);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            hash = Append(hash, (byte)'s');
            return raw.IndexOf((byte)'\\') < 0
                ? Append(hash, raw.Slice(1, raw.Length - 2))
                : Append(hash, Encoding.UTF8.GetBytes(buffer.GetWireText(row)));
        }

        return Append(Append(hash, (byte)'v'), raw);
    }

    private static ulong Append(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = unchecked((hash ^ b) * Prime);
        }

        // The length ends the cell, so that cells cannot run into each other.
        return unchecked((hash ^ (ulong)bytes.Length) * Prime);
    }

    private static ulong Append(ulong hash, byte tag) => unchecked((hash ^ tag) * Prime);

    /// <summary>The 64-bit finalizer of MurmurHash3: spreads every input bit over the whole row hash before it is summed.</summary>
    internal static ulong Mix(ulong value)
    {
        unchecked
        {
            value ^= value >> 33;
            value *= 0xff51afd7ed558ccdUL;
            value ^= value >> 33;
            value *= 0xc4ceb9fe1a85ec53UL;
            value ^= value >> 33;
            return value;
        }
    }
}
