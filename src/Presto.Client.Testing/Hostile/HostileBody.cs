using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Presto.Testing.Hostile;

namespace Presto.Testing;

/// <summary>
/// The body of a <see cref="HostileResponse"/>: bytes produced while they are written, so gigantic, endless-looking,
/// compressed or malformed bodies never exist in memory as a whole.
/// </summary>
public abstract class HostileBody
{
    private protected HostileBody()
    {
    }

    /// <summary>No body.</summary>
    public static HostileBody Empty { get; } = new BytesBody(ReadOnlyMemory<byte>.Empty);

    /// <summary>The body's length when known without producing it.</summary>
    internal abstract long? Length(HostileContext context);

    /// <summary><c>Content-Encoding</c> this body carries, if any.</summary>
    internal virtual string? ContentEncoding => null;

    /// <summary>UTF-8 text with the <c>{base}</c> and <c>{hit}</c> placeholders expanded.</summary>
    public static HostileBody Text(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new TextBody(template);
    }

    /// <summary>Exact bytes (invalid UTF-8, a byte-order mark, control bytes…), no placeholders.</summary>
    public static HostileBody Bytes(ReadOnlyMemory<byte> bytes) => new BytesBody(bytes);

    /// <summary>
    /// <paramref name="prefix"/>, then <paramref name="unit"/> <paramref name="count"/> times, then <paramref name="suffix"/>:
    /// e.g. a 1 GB page (<c>"[1],"</c> 250 million times), a 10 MB string or number, 100,000 nested brackets. Placeholders
    /// are expanded in the prefix and suffix only.
    /// </summary>
    public static HostileBody Repeat(string prefix, string unit, long count, string suffix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentException.ThrowIfNullOrEmpty(unit);
        ArgumentNullException.ThrowIfNull(suffix);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new RepeatBody(prefix, unit, count, suffix);
    }

    /// <summary>Several bodies one after the other.</summary>
    public static HostileBody Concat(params HostileBody[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return new ConcatBody(parts);
    }

    /// <summary>
    /// <paramref name="inner"/> compressed while it is written, sent with <c>Content-Encoding</c> <paramref name="encoding"/>
    /// (<c>gzip</c>, <c>deflate</c> or <c>br</c>): a compression bomb when the inner body is large and repetitive.
    /// </summary>
    public static HostileBody Compressed(HostileBody inner, string encoding = "gzip")
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (encoding is not ("gzip" or "deflate" or "br"))
        {
            throw new ArgumentException("The encoding must be gzip, deflate or br.", nameof(encoding));
        }

        return new CompressedBody(inner, encoding);
    }

    /// <summary><paramref name="inner"/> sent as-is but labelled with <c>Content-Encoding</c> <paramref name="encoding"/> (bytes that do not decompress, or an unknown coding).</summary>
    public static HostileBody Mislabelled(HostileBody inner, string encoding)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrEmpty(encoding);
        return new MislabelledBody(inner, encoding);
    }

    /// <summary>Writes the body; stops when <paramref name="cancellationToken"/> is cancelled (the client went away).</summary>
    internal abstract Task WriteAsync(Stream output, HostileContext context, CancellationToken cancellationToken);
}
