using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Obs.ServiceProxy.Tests;

/// <summary>Plain TCP and UDP service ports: bytes and datagrams both ways, and what the metrics count.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ServiceProxyStreamTests(ProxyCluster fixture)
{
    [Fact]
    public async Task TcpPortForwardsBytesBothWaysAndCountsThem()
    {
        await using var echo = new TcpEchoServer();
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, "echo", ip, [ProxyCluster.Port("echo", 7000)]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "echo", "echo-0", [("127.0.0.1", true)], ("echo", echo.Port, "TCP")));
        await fixture.EndpointsAsync(ip, 7000, 1);

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(ip, 7000);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("hello"));
            Assert.Equal("hello", await ReadExactlyAsync(stream, 5));
            await stream.WriteAsync(Encoding.ASCII.GetBytes(" world!"));
            Assert.Equal(" world!", await ReadExactlyAsync(stream, 7));
            // The client's half-close reaches the echo server, which then closes: the proxy ends the connection.
            client.Client.Shutdown(SocketShutdown.Send);
            Assert.Equal(0, await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        }

        var labels = $"namespace=\"{ns}\",service=\"echo\"";
        await ProxyCluster.EventuallyAsync(() => fixture.Scrape().Contains($"obs_proxy_tcp_connection_duration_seconds_count{{{labels}}} 1\n", StringComparison.Ordinal),
            () => "the connection to be recorded:\n" + fixture.Scrape());
        var text = fixture.Scrape();
        Assert.Contains($"obs_proxy_tcp_connections_opened_total{{{labels}}} 1\n", text);
        Assert.Contains($"obs_proxy_tcp_received_bytes_total{{{labels}}} 12\n", text);
        Assert.Contains($"obs_proxy_tcp_sent_bytes_total{{{labels}}} 12\n", text);
        Assert.DoesNotContain($"obs_proxy_tcp_connections_failed_total{{{labels}}}", text);
    }

    [Fact]
    public async Task TcpPortWithoutReadyEndpointsClosesAtOnce()
    {
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, "closed", ip, [ProxyCluster.Port("db", 5432)]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "closed", "closed-0", [("127.0.0.1", false)], ("db", 1, "TCP")));
        await fixture.EndpointsAsync(ip, 5432, 0);

        // Refused: the connection is reset (possibly while it is still being set up) or ends before any byte.
        using var client = new TcpClient();
        var read = -1;
        try
        {
            await client.ConnectAsync(ip, 5432);
            read = await client.GetStream().ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception e) when ((e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionReset)
        {
            read = 0;
        }
        Assert.Equal(0, read);
        await ProxyCluster.EventuallyAsync(() => fixture.Scrape().Contains($"obs_proxy_tcp_connections_failed_total{{namespace=\"{ns}\",service=\"closed\"}} 1\n", StringComparison.Ordinal),
            () => "the failed connection to be counted");
    }

    [Fact]
    public async Task UdpPortRelaysDatagramsAndRepliesComeFromTheServiceAddress()
    {
        await using var echo = new UdpEchoServer("u1");
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, "dns", ip, [ProxyCluster.Port("dns", 53, protocol: "UDP")]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "dns", "dns-0", [("127.0.0.1", true)], ("dns", echo.Port, "UDP")));
        await fixture.EndpointsAsync(ip, 53, 1, "UDP");

        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        foreach (var message in new[] { "query one", "query two" })
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(message), new IPEndPoint(ip, 53));
            var reply = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal("u1:" + message, Encoding.UTF8.GetString(reply.Buffer));
            Assert.Equal(new IPEndPoint(ip, 53), reply.RemoteEndPoint);
        }
        await ProxyCluster.EventuallyAsync(() => fixture.Scrape().Contains($"obs_proxy_udp_datagrams_sent_total{{namespace=\"{ns}\",service=\"dns\"}} 2\n", StringComparison.Ordinal),
            () => "the datagrams to be counted");
        Assert.Contains($"obs_proxy_udp_datagrams_received_total{{namespace=\"{ns}\",service=\"dns\"}} 2\n", fixture.Scrape());
    }

    private static async Task<string> ReadExactlyAsync(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        return Encoding.ASCII.GetString(buffer);
    }
}
