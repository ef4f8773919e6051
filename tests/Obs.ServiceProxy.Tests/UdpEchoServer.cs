using System.Net;
using System.Net.Sockets;

namespace Obs.ServiceProxy.Tests;

/// <summary>A UDP echo server on 127.0.0.1: each datagram comes back prefixed with this server's name.</summary>
public sealed class UdpEchoServer : IAsyncDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public UdpEchoServer(string name)
    {
        Port = ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;
        _serving = ServeAsync(System.Text.Encoding.UTF8.GetBytes(name + ":"));
    }

    public int Port { get; }

    private async Task ServeAsync(byte[] prefix)
    {
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(_stop.Token);
                await _socket.SendAsync(new ReadOnlyMemory<byte>([.. prefix, .. received.Buffer]), received.RemoteEndPoint, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _serving;
    }
}
