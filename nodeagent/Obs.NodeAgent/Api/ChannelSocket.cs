using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Obs.NodeAgent.Api;

/// <summary>
/// The framing of the v4/v5.channel.k8s.io protocols over one WebSocket, shared by exec and attach:
/// each message starts with its channel (0 stdin, 1 stdout, 2 stderr, 3 the final Status, 4 a
/// terminal resize; v5 adds 255, whose payload 0 says the client closed its stdin). Sends are
/// serialised, since stdout, stderr and the Status come from different tasks.
/// </summary>
internal sealed class ChannelSocket(WebSocket socket, CancellationToken cancellationToken)
{
    public const byte Stdin = 0;
    public const byte Stdout = 1;
    public const byte Stderr = 2;
    public const byte Status = 3;
    public const byte Resize = 4;
    public const byte Close = 255;

    private readonly SemaphoreSlim _send = new(1, 1);

    public async Task SendAsync(byte channel, ReadOnlyMemory<byte> data)
    {
        var frame = new byte[data.Length + 1];
        frame[0] = channel;
        data.CopyTo(frame.AsMemory(1));
        await _send.WaitAsync(cancellationToken);
        try { await socket.SendAsync(frame, WebSocketMessageType.Binary, true, cancellationToken); }
        finally { _send.Release(); }
    }

    public Task SendStatusAsync(JsonObject status) => SendAsync(Status, Encoding.UTF8.GetBytes(status.ToJsonString()));

    /// <summary>
    /// Hands the client's frames to the session until the client closes the socket or <paramref name="stop"/>
    /// is cancelled: stdin bytes, resizes, and v5's end of stdin. A broken connection ends it quietly.
    /// </summary>
    public async Task ReceiveAsync(Func<ReadOnlyMemory<byte>, Task> stdin, Action<TerminalSize> resize, Func<Task> stdinClosed, CancellationToken stop)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, stop);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                var data = message.GetBuffer().AsMemory(0, (int)message.Length);
                if (data.Length < 2) continue;
                switch (data.Span[0])
                {
                    case Stdin:
                        await stdin(data[1..]);
                        break;
                    case Resize when TerminalSize.Parse(data.Span[1..]) is { } size:
                        resize(size);
                        break;
                    case Close when data.Span[1] == Stdin:
                        await stdinClosed();
                        break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// Closes this side, then gives the client a moment to close its own: a receive still pending must not be
    /// cancelled before that, since cancelling a WebSocket read aborts the connection, and the client would
    /// lose the Status just sent (kubectl reports "close 1006 (abnormal closure)").
    /// </summary>
    public async Task CloseAsync(Task? receiving = null)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            if (receiving is not null) await receiving.WaitAsync(timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or TimeoutException)
        {
        }
    }
}
