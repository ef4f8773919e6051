using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Registry;
using Obs.ApiServer.ResourceMetrics;
using Obs.Testing;

namespace Obs.ApiServer.Tests.ResourceMetrics;

/// <summary>
/// metrics.k8s.io as kubectl top and the HPA controller read it, over usage put straight into the
/// store (the scrape itself is tested end to end with a real agent in Obs.NodeAgent.Tests).
/// </summary>
public sealed class ResourceMetricsApiTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private ResourceMetricsStore Store => cluster.Host.Services.GetRequiredService<ResourceMetricsStore>();

    private async Task<string> NamespaceWithPodsAsync(params (string Name, string App)[] pods)
    {
        var ns = $"rm-{Guid.NewGuid().ToString("N")[..8]}";
        await cluster.KubectlOkAsync("create", "namespace", ns);
        foreach (var (name, app) in pods)
        {
            var (code, _) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
                $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{"app":"{{{app}}}"}},"spec":{"containers":[{"name":"main","image":"busybox"},{"name":"side","image":"busybox"}]}}""");
            Assert.Equal(201, code);
        }
        // The metrics API joins usage with the Pods in the watch cache, which follows the database a moment behind a
        // write's acknowledgement (as metrics-server reads its informers): wait until it holds them all.
        var watchCache = cluster.Host.Services.GetRequiredService<WatchCache>();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !pods.All(p => watchCache.Get(ObjectRegistry.KeyOf(ResourceTypes.Pod, ns, p.Name)) is not null); await Task.Delay(10))
            Assert.True(DateTime.UtcNow < deadline, "the watch cache never held the pods");
        return ns;
    }

    private void Measure(string node, string ns, params (string Pod, long CpuNanoCores)[] pods)
    {
        var at = DateTimeOffset.UtcNow;
        Store.Set(new NodeUsage(node, at, TimeSpan.FromSeconds(15), 1_500_000_000, 2L << 30,
            pods.Select(p => new PodUsage(ns, p.Pod, at, TimeSpan.FromSeconds(15),
                [new ContainerUsage("main", p.CpuNanoCores, 64L << 20), new ContainerUsage("side", 1_000_000, 4L << 20)])).ToList()));
    }

    [Fact]
    public async Task DiscoveryListsTheGroupBothWays()
    {
        var (code, groups) = await cluster.SendAsync(HttpMethod.Get, "/apis");
        Assert.Equal(200, code);
        Assert.Contains(((JsonArray)groups!["groups"]!).OfType<JsonObject>(), g => g.StringAt("name") == "metrics.k8s.io" && g.StringAt("preferredVersion", "groupVersion") == "metrics.k8s.io/v1beta1");
        var (_, list) = await cluster.SendAsync(HttpMethod.Get, "/apis/metrics.k8s.io/v1beta1");
        var resources = ((JsonArray)list!["resources"]!).OfType<JsonObject>().ToList();
        Assert.Equal(["nodes", "pods"], resources.Select(r => r.StringAt("name")).Order());
        Assert.All(resources, r => Assert.Equal("[\"get\",\"list\"]", r["verbs"]!.ToJsonString()));
        var resourcesOut = await cluster.KubectlOkAsync("api-resources", "--api-group=metrics.k8s.io");
        Assert.Contains("PodMetrics", resourcesOut);
        Assert.Contains("NodeMetrics", resourcesOut);
    }

    [Fact]
    public async Task PodMetricsCarryNanocoresKiAndThePodsLabelsAndFollowSelectors()
    {
        var ns = await NamespaceWithPodsAsync(("web-1", "web"), ("db-1", "db"), ("idle", "web"));
        Measure("rm-node-a", ns, ("web-1", 250_000_000), ("db-1", 5_000_000));

        var (code, list) = await cluster.SendAsync(HttpMethod.Get, $"/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods?labelSelector=app%3Dweb");
        Assert.Equal(200, code);
        Assert.Equal("PodMetricsList", list.StringAt("kind"));
        Assert.Equal("metrics.k8s.io/v1beta1", list.StringAt("apiVersion"));
        // idle matches the selector but was never measured: it is left out, as metrics-server does.
        var item = Assert.Single(((JsonArray)list!["items"]!).OfType<JsonObject>());
        Assert.Equal(("web-1", ns, "web"), (item.StringAt("metadata", "name"), item.StringAt("metadata", "namespace"), item.StringAt("metadata", "labels", "app")));
        Assert.Equal("15s", item.StringAt("window"));
        Assert.NotNull(item.StringAt("timestamp"));
        var main = ((JsonArray)item["containers"]!).OfType<JsonObject>().Single(c => c.StringAt("name") == "main");
        Assert.Equal(("250000000n", "65536Ki"), (main.StringAt("usage", "cpu"), main.StringAt("usage", "memory")));

        var (getCode, one) = await cluster.SendAsync(HttpMethod.Get, $"/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods/db-1");
        Assert.Equal(200, getCode);
        Assert.Equal("PodMetrics", one.StringAt("kind"));
        var (missing, status) = await cluster.SendAsync(HttpMethod.Get, $"/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods/idle");
        Assert.Equal(404, missing);
        Assert.Equal("NotFound", status.StringAt("reason"));
        var (refused, _) = await cluster.SendAsync(HttpMethod.Delete, $"/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods/db-1");
        Assert.Equal(405, refused);
        var (bad, badStatus) = await cluster.SendAsync(HttpMethod.Get, $"/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods?labelSelector=%3D%3D");
        Assert.Equal(400, bad);
        Assert.Equal("BadRequest", badStatus.StringAt("reason"));
    }

    [Fact]
    public async Task KubectlTopPodShowsEachPodAndItsContainers()
    {
        var ns = await NamespaceWithPodsAsync(("web-1", "web"), ("db-1", "db"));
        Measure("rm-node-b", ns, ("web-1", 250_000_000), ("db-1", 5_000_000));

        var top = await cluster.KubectlOkAsync("top", "pod", "-n", ns);
        var lines = top.Trim().Split('\n');
        Assert.Matches(@"^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)", lines[0]);
        // 250m + 1m across the two containers, 64Mi + 4Mi.
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^web-1\s+251m\s+68Mi\s*$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^db-1\s+6m\s+68Mi\s*$"));

        var containers = await cluster.KubectlOkAsync("top", "pod", "web-1", "-n", ns, "--containers");
        Assert.Matches(@"web-1\s+main\s+250m\s+64Mi", containers);
        Assert.Matches(@"web-1\s+side\s+1m\s+4Mi", containers);
    }

    [Fact]
    public async Task KubectlTopNodeShowsUsageAgainstAllocatable()
    {
        var name = $"rm-node-{Guid.NewGuid().ToString("N")[..6]}";
        var (code, _) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/nodes",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["top"] = name } } }.ToJsonString());
        Assert.Equal(201, code);
        await cluster.SendAsync(HttpMethod.Patch, $"/api/v1/nodes/{name}/status",
            """{"status":{"capacity":{"cpu":"4","memory":"8Gi"},"allocatable":{"cpu":"3","memory":"8Gi"}}}""", "application/merge-patch+json");
        Measure(name, "default");

        var top = await cluster.KubectlOkAsync("top", "node", "-l", $"top={name}");
        // 1.5 cores of 3 allocatable, 2Gi of 8Gi.
        Assert.Matches($@"{name}\s+1500m\s+50%\s+2048Mi\s+25%", top);
    }
}
