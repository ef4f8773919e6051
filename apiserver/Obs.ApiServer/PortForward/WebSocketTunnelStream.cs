using System.Net.WebSockets;

namespace Obs.ApiServer.PortForward;

/// <summary>
/// The byte stream inside a KEP-4006 tunnel (subprotocol <c>SPDY/3.1+portforward.k8s.io</c>):
/// kubectl 1.31+ writes its SPDY bytes as binary WebSocket messages and reads ours the same way,
/// with message boundaries meaning nothing. A close from kubectl reads as the end of the stream.
/// A connection that failed (kubectl stopped with Ctrl-C) fails reads and writes with an IOException, as a Stream's
/// transport does, so the SPDY session ends quietly instead of reporting an internal error.
/// </summary>
internal sealed class WebSocketTunnelStream(WebSocket socket) : Stream
{
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try { return await ReceiveAsync(buffer, cancellationToken); }
        catch (WebSocketException e) { throw new IOException("the port-forward WebSocket failed", e); }
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (socket.State is not (WebSocketState.Open or WebSocketState.CloseSent)) return 0;
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return 0;
            }
            if (result.Count > 0 || buffer.IsEmpty) return result.Count;
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try { await socket.SendAsync(buffer, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken); }
        catch (WebSocketException e) { throw new IOException("the port-forward WebSocket failed", e); }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing) socket.Dispose();
        base.Dispose(disposing);
    }

    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
