using System.Net.Security;
using System.Net.Sockets;
using Obs.ApiServer.Spdy;

namespace Obs.ApiServer.PortForward;

/// <summary>Ends the sending direction of a connection and leaves it open for reading, each kind in its own way.</summary>
internal static class HalfClose
{
    public static Task CloseWriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        switch (stream)
        {
            case SpdyStream spdy:
                return spdy.CloseWriteAsync(cancellationToken);
            case SslStream tls:
                // TLS close_notify: the agent reads it as the end of kubectl's bytes and half-closes towards the pod.
                return tls.ShutdownAsync();
            case NetworkStream tcp:
                tcp.Socket.Shutdown(SocketShutdown.Send);
                return Task.CompletedTask;
            default:
                return Task.CompletedTask;
        }
    }
}
