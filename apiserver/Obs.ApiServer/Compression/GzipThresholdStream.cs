using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Obs.ApiServer.Compression;

/// <summary>
/// A response body that holds what is written until it passes the threshold: a body that stays
/// under it goes out as it is when the handler is done, and one that passes it goes out gzipped
/// from its first byte (the headers are still unsent when it decides, so Content-Encoding can be set).
/// The compressor hands on its output 8 KiB at a time, and every write to the response is a flush of it
/// (a chunk and a send): its output is gathered into <see cref="ResponseChunkBytes"/> writes instead, and
/// the compressor itself is never flushed before its end, which would cost ratio and time.
/// </summary>
internal sealed class GzipThresholdStream(Stream inner, HttpResponse response, int threshold) : Stream
{
    /// <summary>How much compressed output is gathered per write to the response.</summary>
    public const int ResponseChunkBytes = 64 * 1024;

    private readonly MemoryStream _held = new();
    private GZipStream? _gzip;
    // Between the compressor and the response, only once the body is compressed. Never disposed: that would
    // dispose the response stream under it; it holds no more than its array.
    private BufferedStream? _chunks;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_gzip is null && _held.Length + buffer.Length <= threshold)
        {
            _held.Write(buffer);
            return;
        }
        // Kestrel refuses synchronous writes unless the host allows them, as it does without this stream.
        if (_gzip is null) StartCompressing().Write(HeldBytes().Span);
        _gzip!.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_gzip is null && _held.Length + buffer.Length <= threshold)
        {
            _held.Write(buffer.Span);
            return;
        }
        if (_gzip is null) await StartCompressing().WriteAsync(HeldBytes(), cancellationToken);
        await _gzip!.WriteAsync(buffer, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Sends what is held uncompressed, or ends the gzip stream; called once the handler has written everything.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_gzip is not null)
        {
            await _gzip.DisposeAsync();
            await _chunks!.FlushAsync(cancellationToken);
            return;
        }
        if (_held.Length == 0) return;
        response.ContentLength = _held.Length;
        await inner.WriteAsync(HeldBytes(), cancellationToken);
    }

    /// <summary>Marks the response gzipped and returns the compressor; what was held is written into it next.</summary>
    private GZipStream StartCompressing()
    {
        response.Headers.ContentEncoding = "gzip";
        response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        response.ContentLength = null;
        // Kubernetes compresses at gzip's fastest level: the point is less on the wire, not the smallest body.
        _chunks = new BufferedStream(inner, ResponseChunkBytes);
        return _gzip = new GZipStream(_chunks, CompressionLevel.Fastest, leaveOpen: true);
    }

    private ReadOnlyMemory<byte> HeldBytes() => _held.GetBuffer().AsMemory(0, (int)_held.Length);

    // Flushes are ignored: only whole (non-streaming) responses come here, and holding back is the point.
    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Releases the compressor also when the handler failed midway (the client then gets a body cut short).</summary>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            if (_gzip is not null) await _gzip.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is gone or the response is over: nothing is left to tell the client.
        }
        _held.Dispose();
        await base.DisposeAsync();
    }
}
