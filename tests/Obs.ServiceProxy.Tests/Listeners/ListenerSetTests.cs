using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.ServiceProxy.Balancing;
using Obs.ServiceProxy.Configuration;
using Obs.ServiceProxy.Listeners;
using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy.Tests.Listeners;

/// <summary>
/// The listener each kind of port gets, and what stopping one does to its open connections. Plain TCP and
/// HTTP/1.1 ports accept on the socket transport themselves: a Kestrel server per port would cost a timer
/// thread each and load Kestrel's core into an agent that serves only the <c>kubernetes</c> service.
/// </summary>
public sealed class ListenerSetTests
{
    [Fact]
    public async Task TcpAndHttp1PortsAcceptOnTheTransportAndTheirOpenConnectionsEndWhenTheyStop()
    {
        await using var echo = new TcpEchoServer();
        using var metrics = new ProxyMetrics($"{ServiceProxyHost.MeterName}.{Guid.NewGuid():N}");
        using var client = new HttpMessageInvoker(new SocketsHttpHandler());
        var options = new ServiceProxyOptions();
        using var services = new ListenerServices(options, NullLoggerFactory.Instance, metrics, client);
        await using var listeners = new ListenerSet(services);
        var picker = new EndpointPicker(TimeProvider.System);
        picker.Update([new IPEndPoint(IPAddress.Loopback, echo.Port)], null);
        ListenerKey Key() => new(IPAddress.Loopback, ProxyCluster.FreeNodePort(), false);
        ServicePortTarget Target(ProxyProtocol protocol) => new("ns", "svc", protocol.ToString(), 80, protocol, picker, null);
        var (tcp, http1, http2) = (Key(), Key(), Key());

        await listeners.ApplyAsync(new ProxyTable(new Dictionary<ListenerKey, ServicePortTarget>
        {
            [tcp] = Target(ProxyProtocol.Tcp),
            [http1] = Target(ProxyProtocol.Http1),
            [http2] = Target(ProxyProtocol.Http2),
        }, []), CancellationToken.None);
        Assert.Empty(listeners.Failed);
        Assert.IsType<TransportListener>(listeners.Running[tcp]);
        Assert.IsType<TransportListener>(listeners.Running[http1]);
        Assert.IsType<KestrelListener>(listeners.Running[http2]);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(tcp.EndPoint);
        await socket.SendAsync("ping"u8.ToArray());
        var buffer = new byte[16];
        var read = 0;
        while (read < 4) read += await socket.ReceiveAsync(buffer.AsMemory(read));
        Assert.Equal("ping"u8.ToArray(), buffer[..4]);

        // The TCP port is no longer wanted: its listener stops and the open connection ends with it, not when the client is done.
        await listeners.ApplyAsync(new ProxyTable(new Dictionary<ListenerKey, ServicePortTarget> { [http1] = Target(ProxyProtocol.Http1) }, []), CancellationToken.None);
        Assert.False(listeners.Running.ContainsKey(tcp));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            Assert.Equal(0, await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token));
        }
        catch (SocketException e)
        {
            Assert.Equal(SocketError.ConnectionReset, e.SocketErrorCode);
        }
        using var refused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var error = await Assert.ThrowsAsync<SocketException>(async () => await refused.ConnectAsync(tcp.EndPoint));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }
}
