using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.ServiceProxy.Ingress;
using Obs.Testing;

namespace Obs.ServiceProxy.Tests.Ingress;

/// <summary>
/// The ingress ports and what HTTPS needs exist only while some Ingress does: an agent without Ingresses holds no
/// port and has not built the TLS machinery (an ASP.NET Core host, most of what the ingress would cost an idle
/// agent). A cluster of its own, since the shared one keeps the other tests' Ingresses.
/// </summary>
public sealed class IngressLifetimeTests
{
    [Fact]
    public async Task PortsAndTlsAreMadeForTheFirstIngressAndThePortsClosedWhenTheLastGoes()
    {
        var cluster = new TestCluster();
        await cluster.InitializeAsync();
        try
        {
            using var client = new ApiClient(KubeconfigFile.Load(cluster.Kubeconfig));
            int http = ProxyCluster.FreeNodePort(), https = ProxyCluster.FreeNodePort();
            await using var proxy = new ServiceProxyHost(new InformerFactory(new ApiClient(KubeconfigFile.Load(cluster.Kubeconfig))), new ServiceProxyOptions
            {
                NodeAddresses = [ProxyCluster.NodeAddress],
                MeterName = $"{ServiceProxyHost.MeterName}.{Guid.NewGuid():N}",
                Ingress = new IngressOptions { HttpPort = http, HttpsPort = https },
            });
            // An Ingress of another class is listed but not served: no port, no TLS for it.
            await client.CreateAsync(ResourceTypes.Ingress, Ingress("elsewhere", "other-class"));
            using var stop = new CancellationTokenSource();
            var running = Task.Run(() => proxy.RunAsync(stop.Token));
            try
            {
                await ProxyCluster.EventuallyAsync(() => proxy.IngressSynced, () => "the ingress informers synced");
                // A Service wakes the apply loop: once it has run again, the ingress has been applied with the other class's Ingress.
                var applied = proxy.Applied;
                await client.CreateAsync(ResourceTypes.Service, new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Service",
                    ["metadata"] = new JsonObject { ["name"] = "wake", ["namespace"] = "default" },
                    ["spec"] = new JsonObject { ["clusterIP"] = ProxyCluster.NextClusterIp().ToString(), ["ports"] = new JsonArray(ProxyCluster.Port("http", 80)) },
                });
                await ProxyCluster.EventuallyAsync(() => proxy.Applied > applied, () => "an apply after the ingress synced");
                Assert.Equal(0, IngressPorts(proxy));
                Assert.False(proxy.IngressTlsPrepared, "the HTTPS machinery is made before any Ingress is served");
                await AssertRefusedAsync(http);

                await client.CreateAsync(ResourceTypes.Ingress, Ingress("web", "obs"));
                await ProxyCluster.EventuallyAsync(() => IngressPorts(proxy) == 2, () => $"both ingress ports served; serving: {string.Join("; ", proxy.Serving)}");
                Assert.True(proxy.IngressTlsPrepared);
                using var web = new HttpClient();
                // Served by the ingress (its backend service does not exist, hence 503 rather than a refused connection).
                using (var request = new HttpRequestMessage(HttpMethod.Get, $"http://{ProxyCluster.NodeAddress}:{http}/") { Headers = { Host = "web.test" } })
                using (var response = await web.SendAsync(request))
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);

                await client.DeleteAsync(ResourceTypes.Ingress, "default", "web");
                await ProxyCluster.EventuallyAsync(() => IngressPorts(proxy) == 0, () => $"the ingress ports closed; serving: {string.Join("; ", proxy.Serving)}");
                await AssertRefusedAsync(http);
                await AssertRefusedAsync(https);

                // The next Ingress opens them again, with the TLS services kept from the first.
                await client.CreateAsync(ResourceTypes.Ingress, Ingress("web2", "obs"));
                await ProxyCluster.EventuallyAsync(() => IngressPorts(proxy) == 2, () => $"both ingress ports served again; serving: {string.Join("; ", proxy.Serving)}");
            }
            finally
            {
                await stop.CancelAsync();
                await running;
            }
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static int IngressPorts(ServiceProxyHost proxy) => proxy.Serving.Count(s => s.Contains(" → ingress (", StringComparison.Ordinal));

    private static async Task AssertRefusedAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var error = await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(ProxyCluster.NodeAddress, port));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    private static JsonObject Ingress(string name, string className) => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "Ingress",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["ingressClassName"] = className,
            ["rules"] = new JsonArray(IngressFixture.Rule($"{name}.test", IngressFixture.Path("/", "missing"))),
        },
    };
}
