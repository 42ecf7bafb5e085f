using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Presto.Testing.Hostile;

internal sealed class BytesBody(ReadOnlyMemory<byte> bytes) : HostileBody
{
    internal override long? Length(HostileContext context) => bytes.Length;

    internal override async Task WriteAsync(Stream output, HostileContext context, CancellationToken cancellationToken) =>
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
}

internal sealed class TextBody(string template) : HostileBody
{
    internal override long? Length(HostileContext context) => Encoding.UTF8.GetByteCount(context.Expand(template));

    internal override async Task WriteAsync(Stream output, HostileContext context, CancellationToken cancellationToken) =>
        await output.WriteAsync(Encoding.UTF8.GetBytes(context.Expand(template)), cancellationToken).ConfigureAwait(false);
}

/// <summary>A prefix, a unit repeated, a suffix: written from one reused block, so its size costs no memory.</summary>
internal sealed class RepeatBody(string prefix, string unit, long count, string suffix) : HostileBody
{
    private const int BlockBytes = 64 * 1024;

    internal override long? Length(HostileContext context) =>
        Encoding.UTF8.GetByteCount(context.Expand(prefix)) + (Encoding.UTF8.GetByteCount(unit) * count) + Encoding.UTF8.GetByteCount(context.Expand(suffix));

    internal override async Task WriteAsync(Stream output, HostileContext context, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes(context.Expand(prefix)), cancellationToken).ConfigureAwait(false);
        byte[] one = Encoding.UTF8.GetBytes(unit);
        long perBlock = Math.Max(1, BlockBytes / one.Length);
        var block = new byte[perBlock * one.Length];
        for (int i = 0; i < perBlock; i++)
        {
            one.CopyTo(block, i * one.Length);
        }

        for (long left = count; left > 0; left -= perBlock)
        {
            long units = Math.Min(left, perBlock);
            await output.WriteAsync(block.AsMemory(0, (int)(units * one.Length)), cancellationToken).ConfigureAwait(false);
        }

        await output.WriteAsync(Encoding.UTF8.GetBytes(context.Expand(suffix)), cancellationToken).ConfigureAwait(false);
    }
}

internal sealed class ConcatBody(HostileBody[] parts) : HostileBody
{
    internal override long? Length(HostileContext context)
    {
        long total = 0;
        foreach (var part in parts)
        {
            if (part.Length(context) is not long length)
            {
                return null;
            }

            total += length;
        }

        return total;
    }

    internal override async Task WriteAsync(Stream output, HostileContext context, CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            await part.WriteAsync(output, context, cancellationToken).ConfigureAwait(false);
        }
    }
}

internal sealed class CompressedBody(HostileBody inner, string encoding) : HostileBody
{
    internal override string? ContentEncoding => encoding;

    internal override long? Length(HostileContext context) => null;

    internal override async Task WriteAsync(Stream output, HostileContext context, CancellationToken cancellationToken)
    {
        Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
        };
        await using (compressor.ConfigureAwait(false))
        {
            await inner.WriteAsync(compressor, context, cancellationToken).ConfigureAwait(false);
        }
    }
}

internal sealed class MislabelledBody(HostileBody inner, string encoding) : HostileBody
{
    internal override string? ContentEncoding => encoding;

    internal override long? Length(HostileContext context) => inner.Length(context);

    internal override Task WriteAsync(Stream output, HostileContext context, CancellationToken cancellationToken) =>
        inner.WriteAsync(output, context, cancellationToken);
}
