using System.Net;

namespace Obs.Forwarding;

/// <summary>
/// The client's request body as <see cref="HttpContent"/> that is copied while it arrives, never
/// buffered: each read is written and flushed to the backend at once, so streaming uploads and gRPC
/// client streams flow. It can be sent only once.
/// </summary>
public sealed class StreamingRequestContent(Stream body, long? length, CancellationToken aborted) : HttpContent
{
    private readonly long? _length = length;
    private int _started;

    /// <summary>True once the body began to flow: a request that failed after this cannot be retried.</summary>
    public bool Started => Volatile.Read(ref _started) == 1;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) throw new InvalidOperationException("The request body was already sent.");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, aborted);
        // SocketsHttpHandler's HTTP/2 keeps a duplex request's HEADERS frame in its write buffer until the content
        // writes or flushes (dotnet/runtime#96223): a client that waits for the response before its first message
        // (a gRPC stream) would wait for a backend that never saw the request. Flush before waiting for the body.
        await StreamCopy.CopyAsync(body, stream, linked.Token, beforeFirstWait: stream.FlushAsync);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length ?? -1;
        return _length is not null;
    }

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        throw new NotSupportedException("A forwarded request body is written, never read.");

    public static StreamingRequestContent For(Stream body, long? length, CancellationToken aborted)
    {
        var content = new StreamingRequestContent(body, length, aborted);
        if (length is { } known) content.Headers.ContentLength = known;
        return content;
    }
}
