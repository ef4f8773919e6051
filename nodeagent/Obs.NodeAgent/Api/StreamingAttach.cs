using System.Net.WebSockets;
using System.Threading.Channels;
using Obs.NodeAgent.Logs;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Api;

/// <summary>
/// <c>kubectl attach</c> (and <c>kubectl run -i</c>) to a running container over the same channel
/// protocol as exec: the client's stdin goes to the container's stdin, resizes to its terminal, and the
/// container's output from now on comes back as its pumps read it (stdout and stderr apart, or the
/// terminal's on stdout). The session lasts until the client goes or the container ends, which is
/// answered with a Success Status, as the kubelet does. With <c>stdinOnce</c>, the end of the first
/// session with stdin (or the client closing its stdin) closes the container's stdin.
/// </summary>
internal static class StreamingAttach
{
    public static async Task RunAsync(WebSocket socket, ContainerConsole console, bool stdin, bool stdout, bool stderr, CancellationToken cancellationToken)
    {
        var channels = new ChannelSocket(socket, cancellationToken);
        var (output, subscription) = console.Subscribe();
        var writesStdin = stdin && console.Stdin;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receive = channels.ReceiveAsync(
            async data => { if (writesStdin) await Write(console, data, stop.Token); },
            size => { if (console.Terminal is { } terminal) TerminalExec.Resize(terminal, size); },
            async () => { if (writesStdin && console.StdinOnce) await console.CloseStdinAsync(stop.Token); },
            stop.Token);
        var forward = ForwardAsync(output, channels, console.Tty, stdout, stderr, stop.Token);
        var first = await Task.WhenAny(receive, forward);
        var containerEnded = first == forward && await forward;
        subscription.Dispose();
        if (containerEnded)
        {
            await channels.SendStatusAsync(ExecStatus.Success());
            await channels.CloseAsync(receive);
        }
        await stop.CancelAsync();
        try { await Task.WhenAll(receive, forward); } catch (OperationCanceledException) { }
        if (writesStdin && console.StdinOnce) await console.CloseStdinAsync(CancellationToken.None);
        if (!containerEnded) await channels.CloseAsync();
    }

    private static async Task Write(ContainerConsole console, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try { await console.WriteAsync(data, cancellationToken); }
        catch (IOException) { } // the container has gone: the session ends with its output
    }

    /// <summary>Sends the output on; true when it ended because the container did, false when the session stopped or fell behind.</summary>
    private static async Task<bool> ForwardAsync(ChannelReader<(LogStream Stream, byte[] Data)> output, ChannelSocket channels, bool tty,
        bool stdout, bool stderr, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (stream, data) in output.ReadAllAsync(cancellationToken))
            {
                if (tty || stream == LogStream.Stdout)
                {
                    if (stdout) await channels.SendAsync(ChannelSocket.Stdout, data);
                }
                else if (stderr)
                {
                    await channels.SendAsync(ChannelSocket.Stderr, data);
                }
            }
            return true;
        }
        catch (Exception e) when (e is IOException or WebSocketException or OperationCanceledException or ChannelClosedException)
        {
            return false;
        }
    }
}
