using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.Hollow;

/// <summary>Fifty hollow nodes in this process against a real apiserver: registration, leases, pods through the fake runtime.</summary>
public sealed class HollowNodeSetTests(HollowCluster hollow) : IClassFixture<HollowCluster>
{
    [Fact]
    public async Task FiftyNodesRegisterReadyWithTheConfiguredCapacity()
    {
        var nodes = (await hollow.Client.ListAsync(ResourceTypes.Node, null, new ListOptions { LabelSelector = "obs.dev/hollow=true" })).Items;
        Assert.Equal(Enumerable.Range(0, HollowCluster.Count).Select(i => hollow.Prefix + i).Order(StringComparer.Ordinal),
            nodes.Select(n => ObjectMeta.Name(n)!).Order(StringComparer.Ordinal));
        foreach (var node in nodes)
        {
            Assert.Equal("8", node.StringAt("status", "capacity", "cpu"));
            Assert.Equal("32Gi", node.StringAt("status", "capacity", "memory"));
            Assert.Equal("110", node.StringAt("status", "capacity", "pods"));
            Assert.Equal("32Gi", node.StringAt("status", "allocatable", "memory"));
            Assert.Equal("True", Condition(node, "Ready"));
            Assert.Equal("False", Condition(node, "MemoryPressure"));
        }
        var table = await hollow.Cluster.KubectlOkAsync("get", "node", hollow.Prefix + "7", "--no-headers");
        Assert.Contains(" Ready ", table);
    }

    [Fact]
    public async Task EveryLeaseIsRenewed()
    {
        var first = await RenewTimesAsync();
        Assert.Equal(HollowCluster.Count, first.Count);
        await Task.Delay(2500);
        var later = await RenewTimesAsync();
        foreach (var (name, renewed) in first)
        {
            Assert.NotEqual(renewed, later[name]);
        }
        var lease = await hollow.Client.GetAsync(ResourceTypes.Lease, "kube-node-lease", hollow.Prefix + "3");
        Assert.Equal(hollow.Prefix + "3", lease.StringAt("spec", "holderIdentity"));
        Assert.Equal(40, lease.LongAt("spec", "leaseDurationSeconds"));
    }

    [Fact]
    public async Task BoundPodRunsReadyWithAPodIpAndDeletingItRemovesIt()
    {
        var ns = $"ns-{Guid.NewGuid().ToString("N")[..8]}";
        await hollow.Client.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        await CreatePodAsync(ns, "web", hollow.Prefix + "7");
        await CreatePodAsync(ns, "elsewhere", "not-a-hollow-node");

        var pod = await WaitAsync(ns, "web", p => p.StringAt("status", "phase") == "Running" && Condition(p, "Ready") == "True");
        Assert.Equal("10.0.0.7", pod.StringAt("status", "hostIP"));
        Assert.Equal("10.64.7.1", pod.StringAt("status", "podIP"));
        var init = AgentCluster.Status(pod, "setup", "initContainerStatuses")!;
        Assert.Equal("Completed", init.StringAt("state", "terminated", "reason"));
        var main = AgentCluster.Status(pod, "main")!;
        Assert.Equal(true, main.BoolAt("ready"));
        Assert.NotNull(main.At("state", "running", "startedAt"));
        Assert.Equal(0, main.LongAt("restartCount"));

        await hollow.Cluster.KubectlOkAsync("delete", "pod", "web", "-n", ns, "--wait=true", "--timeout=30s");
        Assert.Null(await hollow.Client.TryGetAsync(ResourceTypes.Pod, ns, "web"));
        // A pod bound to a node that is not hollow is not ours to report.
        Assert.Equal("Pending", (await hollow.Client.GetAsync(ResourceTypes.Pod, ns, "elsewhere")).StringAt("status", "phase"));
    }

    private Task CreatePodAsync(string ns, string name, string node) => hollow.Client.CreateAsync(ResourceTypes.Pod, (JsonObject)JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"nodeName":"{{{node}}}","initContainers":[{"name":"setup","image":"busybox"}],"containers":[{"name":"main","image":"nginx"}]}}
        """)!);

    private async Task<JsonObject> WaitAsync(string ns, string name, Func<JsonObject, bool> condition)
    {
        JsonObject? pod = null;
        for (var i = 0; i < 300; i++)
        {
            pod = await hollow.Client.GetAsync(ResourceTypes.Pod, ns, name);
            if (condition(pod)) return pod;
            await Task.Delay(100);
        }
        Assert.Fail($"pod {ns}/{name} never got there; last status {pod?["status"]?.ToJsonString()}");
        return null!;
    }

    private async Task<Dictionary<string, string?>> RenewTimesAsync()
    {
        var leases = (await hollow.Client.ListAsync(ResourceTypes.Lease, "kube-node-lease")).Items;
        return leases.Where(l => ObjectMeta.Name(l)!.StartsWith(hollow.Prefix, StringComparison.Ordinal))
            .ToDictionary(l => ObjectMeta.Name(l)!, l => l.StringAt("spec", "renewTime"));
    }

    private static string? Condition(JsonObject obj, string type) =>
        (obj.At("status", "conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == type)?.StringAt("status");
}
