using System;
using System.Buffers;
using Presto.Types;

namespace Presto.Protocol;

/// <summary>
/// The bytes of one response body, reused from request to request so that a query holds one page of
/// bytes at a time. The storage is rented from <see cref="ArrayPool{T}.Shared"/> (growing rents a bigger array and
/// returns the smaller one) and given back by <see cref="Release"/>, so that once the pool is warm a query allocates no
/// page bytes at all. A buffer that is never released is simply collected.
/// </summary>
internal sealed class PageBuffer
{
    /// <summary>Largest body accepted (PrestoDB caps targetResultSize at 128 MB; the rest is margin).</summary>
    public const int MaxLength = 512 * 1024 * 1024;

    private byte[] _array;

    public PageBuffer(int initialCapacity = 64 * 1024) => _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>The storage; valid bytes are <c>[0, Length)</c>.</summary>
    public byte[] Array => _array;

    public int Length { get; set; }

    /// <summary>Told when an attempt restarts the body and when bytes are appended (a parser decoding as bytes arrive).</summary>
    public IPageObserver? Observer { get; set; }

    /// <summary>Empties the buffer for a new attempt.</summary>
    public void Restart()
    {
        Length = 0;
        Observer?.OnRestart(this);
    }

    /// <summary>
    /// Gives up the storage to whoever still reads it (a read-ahead page, which returns it to the pool when done) and starts
    /// over with an array of the same size.
    /// </summary>
    /// <returns>The rented array that held the body.</returns>
    public byte[] Detach()
    {
        var taken = _array;
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(taken.Length, 1));
        Length = 0;
        return taken;
    }

    /// <summary>Returns the storage to the pool (nothing may read the body afterwards); a later use rents again.</summary>
    public void Release()
    {
        PooledArrays.Return(ref _array);
        Length = 0;
    }

    /// <summary>Records <paramref name="count"/> bytes written after <see cref="Length"/>.</summary>
    public void Append(int count)
    {
        Length += count;
        Observer?.OnAppended(this);
    }

    public ReadOnlySpan<byte> Span => new(Array, 0, Length);

    public ReadOnlyMemory<byte> Memory => new(Array, 0, Length);

    /// <summary>Makes room for at least <paramref name="extra"/> more bytes after <see cref="Length"/>.</summary>
    public void EnsureFree(int extra)
    {
        var needed = (long)Length + extra;
        if (needed <= Array.Length)
        {
            return;
        }

        if (needed > MaxLength)
        {
            throw new PrestoProtocolException($"The response body is larger than {MaxLength / (1024 * 1024)} MB.");
        }

        // The old array goes back at once: nothing reads it any more (a parser decoding as bytes arrive rebases its column
        // buffers onto the new array before it reads again).
        var size = Math.Max(needed, Math.Min((long)Array.Length * 2, MaxLength));
        var bigger = ArrayPool<byte>.Shared.Rent((int)size);
        Buffer.BlockCopy(_array, 0, bigger, 0, Length);
        PooledArrays.Return(ref _array);
        _array = bigger;
    }
}
