using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.ServiceProxy.Ingress;

namespace Obs.ServiceProxy.Tests.Ingress;

/// <summary>An ingress port another process holds: the proxy says so (log and node event), serves the other port, and takes it once it is free.</summary>
[Collection(ProxyCollection.Name)]
public sealed class IngressPortTests(ProxyCluster fixture)
{
    [Fact]
    public async Task ATakenPortIsReportedOnTheNodeAndServedOnceFreeWhileTheOtherPortServesMeanwhile()
    {
        var ns = await fixture.NamespaceAsync();
        var node = $"{ns}-node";
        using var holder = new TcpListener(ProxyCluster.NodeAddress, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var https = ProxyCluster.FreeNodePort();
        var reports = new ConcurrentQueue<string>();
        using var events = new ApiClient(KubeconfigFile.Load(fixture.Cluster.Kubeconfig));
        await using var proxy = new ServiceProxyHost(new InformerFactory(new ApiClient(KubeconfigFile.Load(fixture.Cluster.Kubeconfig))), new ServiceProxyOptions
        {
            NodeAddresses = [ProxyCluster.NodeAddress],
            NodeName = node,
            BindRetryPeriod = TimeSpan.FromMilliseconds(300),
            // Its requests stay out of the shared proxy's metrics.
            MeterName = $"{ServiceProxyHost.MeterName}.{Guid.NewGuid():N}",
            Ingress = new IngressOptions { HttpPort = taken, HttpsPort = https, Report = reports.Enqueue, Events = events },
        });
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => proxy.RunAsync(stop.Token));
        try
        {
            await using var app = await TestBackend.EchoAsync("app");
            await fixture.ServiceAsync(ns, "app", app);
            await fixture.CreateIngressAsync(ns, "web", [IngressFixture.Rule($"web.{ns}.test", IngressFixture.Path("/", "app"))]);

            var unavailable = $"ingress http port {taken} is not served on {ProxyCluster.NodeAddress}: address already in use; the agent runs on without it";
            await ProxyCluster.EventuallyAsync(() => reports.Any(r => r.StartsWith(unavailable, StringComparison.Ordinal)),
                () => $"the taken port reported; reports: {string.Join(" | ", reports)}");
            // The two ports are bound side by side: the taken one's failure can be reported before the other is up.
            await ProxyCluster.EventuallyAsync(() => proxy.Serving.Any(s => s.StartsWith($"{ProxyCluster.NodeAddress}:{https}/TCP → ingress (https", StringComparison.Ordinal)),
                () => $"the other port served; serving: {string.Join("; ", proxy.Serving)}");
            Assert.Contains($"{ProxyCluster.NodeAddress}:{taken}/TCP", proxy.FailedListeners.Keys);
            await ProxyCluster.EventuallyAsync(async () => (await NodeEventsAsync(events, node)).Any(e =>
                    e.StringAt("reason") == IngressPortEvents.UnavailableReason && e.StringAt("type") == "Warning" && e.StringAt("message")!.StartsWith(unavailable, StringComparison.Ordinal)),
                () => $"a Warning event {IngressPortEvents.UnavailableReason} on node {node}");
            // Said once, not at every retry.
            await Task.Delay(1000);
            Assert.Single(reports, r => r.StartsWith(unavailable, StringComparison.Ordinal));

            holder.Stop();
            await ProxyCluster.EventuallyAsync(() => proxy.Serving.Any(s => s.StartsWith($"{ProxyCluster.NodeAddress}:{taken}/TCP → ingress (http", StringComparison.Ordinal)),
                () => $"the freed port served; serving: {string.Join("; ", proxy.Serving)}");
            Assert.Contains($"ingress http port {taken} is served on {ProxyCluster.NodeAddress} now", reports);
            await ProxyCluster.EventuallyAsync(async () => (await NodeEventsAsync(events, node)).Any(e => e.StringAt("reason") == IngressPortEvents.ListeningReason),
                () => $"a Normal event {IngressPortEvents.ListeningReason} on node {node}");
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    private static async Task<IEnumerable<System.Text.Json.Nodes.JsonObject>> NodeEventsAsync(ApiClient client, string node) =>
        (await client.ListAsync(ResourceTypes.Event, "default")).Items.Where(e => e.StringAt("involvedObject", "kind") == "Node" && e.StringAt("involvedObject", "name") == node);
}
