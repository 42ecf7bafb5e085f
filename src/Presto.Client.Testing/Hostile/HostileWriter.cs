using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Presto.Testing.Hostile;

/// <summary>Writes a <see cref="HostileResponse"/> in place of the real answer to a request.</summary>
internal static class HostileWriter
{
    public static async Task WriteAsync(HttpContext ctx, HostileResponse hostile, string baseUri)
    {
        var context = new HostileContext(baseUri, hostile.Hit());
        var cancellationToken = ctx.RequestAborted;
        var response = ctx.Response;
        try
        {
            if (hostile.WriteDelay > TimeSpan.Zero)
            {
                await Task.Delay(hostile.WriteDelay, cancellationToken).ConfigureAwait(false);
            }

            response.StatusCode = hostile.StatusCode;
            if (hostile.ContentType is { } contentType)
            {
                response.ContentType = contentType;
            }

            foreach (var (name, value) in hostile.Headers)
            {
                response.Headers.Append(name, context.Expand(value));
            }

            var body = hostile.Body;
            if (body.ContentEncoding is { } encoding)
            {
                response.Headers.ContentEncoding = encoding;
            }

            response.ContentLength = hostile.Chunked ? null : hostile.ContentLength ?? body.Length(context);
            Stream output = hostile.BytesPerWrite > 0
                ? new DribblingStream(response.Body, hostile.BytesPerWrite, hostile.WriteDelay)
                : response.Body;
            await body.WriteAsync(output, context, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client went away (the point of most hostile bodies), or the body contradicted its Content-Length.
            ctx.Abort();
        }
    }

    /// <summary>Passes writes on a few bytes at a time, flushing each and waiting in between (slow-loris).</summary>
    private sealed class DribblingStream(Stream inner, int bytesPerWrite, TimeSpan delay) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            for (int offset = 0; offset < buffer.Length; offset += bytesPerWrite)
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }

                await inner.WriteAsync(buffer.Slice(offset, Math.Min(bytesPerWrite, buffer.Length - offset)), cancellationToken).ConfigureAwait(false);
                await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => throw new NotSupportedException("Synchronous writes are not supported.");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous writes are not supported.");
    }
}
