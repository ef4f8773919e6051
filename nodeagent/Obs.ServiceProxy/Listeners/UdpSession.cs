using System.Net;
using System.Net.Sockets;

namespace Obs.ServiceProxy.Listeners;

/// <summary>
/// One client address's flow through a UDP listener: a socket connected to the endpoint picked for the
/// client's first datagram, whose replies go back to the client from the service address.
/// </summary>
internal sealed class UdpSession(IPEndPoint client, IPEndPoint endpoint, Socket socket, long now) : IDisposable
{
    private long _lastActive = now;

    public IPEndPoint Client { get; } = client;

    public IPEndPoint EndPoint { get; } = endpoint;

    public Socket Socket { get; } = socket;

    public long LastActive => Interlocked.Read(ref _lastActive);

    public void Touch(long now) => Interlocked.Exchange(ref _lastActive, now);

    public void Dispose() => Socket.Dispose();
}
