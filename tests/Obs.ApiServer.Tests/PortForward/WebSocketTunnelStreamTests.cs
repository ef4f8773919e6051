using System.Net.WebSockets;
using Obs.ApiServer.PortForward;

namespace Obs.ApiServer.Tests.PortForward;

/// <summary>The tunnel's byte stream when kubectl has gone: the SPDY session sees an IOException, which it takes as the end.</summary>
public sealed class WebSocketTunnelStreamTests
{
    [Fact]
    public async Task AWriteOnAnAbortedConnectionFailsWithAnIOException()
    {
        // What kubectl port-forward stopped with Ctrl-C leaves: the session's GOAWAY was then logged as an internal error.
        using var socket = WebSocket.CreateFromStream(new MemoryStream(), new WebSocketCreationOptions { IsServer = true });
        await using var stream = new WebSocketTunnelStream(socket);
        socket.Abort();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => stream.WriteAsync(new byte[] { 1, 2, 3 }).AsTask());

        Assert.IsType<IOException>(failure);
    }
}
