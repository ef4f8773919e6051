using System.Net;
using System.Net.Sockets;
using System.Text;
using Obs.Api.Resources;

namespace Obs.ServiceProxy.Tests;

/// <summary>Listeners come and go with their services without disturbing anyone else's.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ServiceProxyListenerTests(ProxyCluster fixture)
{
    [Fact]
    public async Task DeletingOneServiceLeavesOtherServicesConnectionsAlone()
    {
        await using var a = await TestBackend.EchoAsync("a");
        var ns = await fixture.NamespaceAsync();
        var keptIp = ProxyCluster.NextClusterIp();
        var goneIp = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, "kept", keptIp, [ProxyCluster.Port("http", 80)]);
        await fixture.CreateServiceAsync(ns, "gone", goneIp, [ProxyCluster.Port("http", 80)]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "kept", "kept-0", [("127.0.0.1", true)], ("http", a.Port, "TCP")));
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "gone", "gone-0", [("127.0.0.1", true)], ("http", a.Port, "TCP")));
        await fixture.EndpointsAsync(keptIp, 80, 1);
        await fixture.EndpointsAsync(goneIp, 80, 1);

        // One keep-alive connection to the kept service, used before and after the other service goes.
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(keptIp, 80);
        await using var stream = new NetworkStream(socket);
        Assert.Contains("\"backend\":\"a\"", await RequestAsync(stream, keptIp));

        await fixture.Client.DeleteAsync(ResourceTypes.Service, ns, "gone");
        await ProxyCluster.EventuallyAsync(() => !fixture.Proxy.Serving.Any(s => s.StartsWith($"{goneIp}:80/", StringComparison.Ordinal)), () => "the deleted service's listener to stop");
        using (var refused = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            var error = await Assert.ThrowsAsync<SocketException>(async () => await refused.ConnectAsync(goneIp, 80));
            Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        }

        Assert.Contains("\"backend\":\"a\"", await RequestAsync(stream, keptIp));
    }

    [Fact]
    public async Task AddressesTheApiserverAllocatesAreServed()
    {
        await using var a = await TestBackend.EchoAsync("a");
        var ns = await fixture.NamespaceAsync();
        var created = await fixture.Client.CreateAsync(ResourceTypes.Service, new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "allocated", ["namespace"] = ns },
            ["spec"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "NodePort", ["ports"] = new System.Text.Json.Nodes.JsonArray(ProxyCluster.Port("http", 80)) },
        });
        var ip = IPAddress.Parse(created["spec"]!["clusterIP"]!.GetValue<string>());
        var nodePort = created["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>();
        Assert.StartsWith("127.77.", ip.ToString());
        Assert.InRange(nodePort, 30000, 32767);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "allocated", "allocated-0", [("127.0.0.1", true)], ("http", a.Port, "TCP")));

        await fixture.EndpointsAsync(ip, 80, 1);
        await fixture.EndpointsAsync(ProxyCluster.NodeAddress, nodePort, 1);
        using var client = ProxyClients.Create();
        Assert.Equal("a", await client.BackendAsync($"http://{ip}/"));
        Assert.Equal("a", await client.BackendAsync($"http://{ProxyCluster.NodeAddress}:{nodePort}/"));
    }

    [Fact]
    public async Task NodePortTakenBySomeoneElseIsBoundOnceItIsFree()
    {
        await using var a = await TestBackend.EchoAsync("a");
        var nodePort = ProxyCluster.FreeNodePort();
        var squatter = new TcpListener(ProxyCluster.NodeAddress, nodePort);
        squatter.Start();
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, "squatted", ip, [ProxyCluster.Port("http", 80, nodePort: nodePort)], spec => spec["type"] = "NodePort");
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "squatted", "squatted-0", [("127.0.0.1", true)], ("http", a.Port, "TCP")));
        var nodeKey = $"{ProxyCluster.NodeAddress}:{nodePort}/TCP";

        // The cluster IP is served; the node port waits, and the scrape says so.
        await fixture.EndpointsAsync(ip, 80, 1);
        await ProxyCluster.EventuallyAsync(() => fixture.Proxy.FailedListeners.ContainsKey(nodeKey), () => "the node port to be reported unbound");
        Assert.Matches(@"obs_proxy_listener_bind_failures [1-9]", fixture.Scrape());
        using var client = ProxyClients.Create();
        Assert.Equal("a", await client.BackendAsync($"http://{ip}/"));

        squatter.Stop();
        await ProxyCluster.EventuallyAsync(() => fixture.Proxy.Serving.Any(s => s.StartsWith(nodeKey, StringComparison.Ordinal)), () => "the node port to be bound once free");
        Assert.Equal("a", await client.BackendAsync($"http://{ProxyCluster.NodeAddress}:{nodePort}/"));
    }

    [Fact]
    public async Task PortRenamedFromTcpToHttpSwitchesItsListenerToTheForwarder()
    {
        await using var a = await TestBackend.EchoAsync("a");
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        var svc = await fixture.CreateServiceAsync(ns, "renamed", ip, [ProxyCluster.Port("web", 80)]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "renamed", "renamed-0", [("127.0.0.1", true)], ("web", a.Port, "TCP"), ("http", a.Port, "TCP")));
        await fixture.EndpointsAsync(ip, 80, 1);
        Assert.Contains(fixture.Proxy.Serving, s => s.StartsWith($"{ip}:80/TCP → {ns}/renamed:web (Tcp,", StringComparison.Ordinal));
        using var client = ProxyClients.Create(pooled: false);
        // Through the byte pipe the endpoint sees no X-Forwarded-For: nothing parsed the request.
        Assert.Null((await client.GetJsonAsync($"http://{ip}/"))["headers"]!["x-forwarded-for"]);

        svc = await fixture.Client.GetAsync(ResourceTypes.Service, ns, "renamed");
        svc["spec"]!["ports"]![0]!["name"] = "http";
        await fixture.Client.UpdateAsync(ResourceTypes.Service, svc);

        await ProxyCluster.EventuallyAsync(() => fixture.Proxy.Serving.Any(s => s.StartsWith($"{ip}:80/TCP → {ns}/renamed:http (Http1, 1 endpoints)", StringComparison.Ordinal)),
            () => "the listener to switch to HTTP: " + string.Join("; ", fixture.Proxy.Serving));
        Assert.Equal("127.0.0.1", (await client.GetJsonAsync($"http://{ip}/"))["headers"]!["x-forwarded-for"]!.GetValue<string>());
    }

    private static async Task<string> RequestAsync(NetworkStream stream, IPAddress host)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        // The echo backend sends a Content-Length: read the head, then exactly the body.
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            head.Append((char)one[0]);
        }
        var lengthLine = head.ToString().Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var body = new byte[int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
        await stream.ReadExactlyAsync(body).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        return head + Encoding.UTF8.GetString(body);
    }
}
