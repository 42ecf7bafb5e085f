using System;

namespace Presto.Protocol;

/// <summary>
/// The bytes of one response body, reused from request to request so that a query holds one page of
/// bytes at a time and allocates nothing per page once it has grown to the page size.
/// </summary>
internal sealed class PageBuffer
{
    /// <summary>Largest body accepted (PrestoDB caps targetResultSize at 128 MB; the rest is margin).</summary>
    public const int MaxLength = 512 * 1024 * 1024;

    public PageBuffer(int initialCapacity = 64 * 1024) => Array = new byte[initialCapacity];

    /// <summary>The storage; valid bytes are <c>[0, Length)</c>.</summary>
    public byte[] Array { get; private set; }

    public int Length { get; set; }

    /// <summary>Told when an attempt restarts the body and when bytes are appended (a parser decoding as bytes arrive).</summary>
    public IPageObserver? Observer { get; set; }

    /// <summary>Empties the buffer for a new attempt.</summary>
    public void Restart()
    {
        Length = 0;
        Observer?.OnRestart(this);
    }

    /// <summary>Gives up the storage to whoever still reads it (a read-ahead page) and starts over with a new array of the same size.</summary>
    public void Detach()
    {
        Array = new byte[Array.Length];
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

        var size = Math.Max(needed, Math.Min((long)Array.Length * 2, MaxLength));
        var bigger = new byte[size];
        Buffer.BlockCopy(Array, 0, bigger, 0, Length);
        Array = bigger;
    }
}
