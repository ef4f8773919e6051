using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.Eviction;

/// <summary>
/// A node under real memory pressure (its threshold is above the machine's memory) evicts its pods in the kubelet's order,
/// and the controller manager taints it by its pressure conditions.
/// </summary>
public sealed class EvictionManagerTests(EvictionCluster node) : IClassFixture<EvictionCluster>
{
    [Fact]
    public async Task PressureTaintsTheNodeAndEvictsBestEffortThenBurstableButNeverCriticalOrStaticPods()
    {
        var ns = node.Namespace;
        var besteffort = await WaitAsync("besteffort", p => p.StringAt("status", "reason") == "Evicted");
        Assert.Equal("Failed", besteffort.StringAt("status", "phase"));
        var message = besteffort.StringAt("status", "message")!;
        Assert.StartsWith($"The node was low on resource: memory. Threshold quantity: {node.Threshold}, available: ", message);
        // Quantities are in Kubernetes' canonical binary form: a value that is a whole number of MiB is written "4Mi", not "4096Ki".
        Assert.Matches(@"^The node was low on resource: memory\. Threshold quantity: \d+Ki, available: \d+([KMG]i)?\. (Container main was using \d+([KMG]i)?, request is 0, has larger consumption of memory\. )?$", message);
        var disruption = ((JsonArray)besteffort.At("status", "conditions")!).OfType<JsonObject>().Single(c => c.StringAt("type") == "DisruptionTarget");
        Assert.Equal(("True", "TerminationByKubelet", message), (disruption.StringAt("status"), disruption.StringAt("reason"), disruption.StringAt("message")));
        Assert.True(AgentCluster.Status(besteffort, "main")!.At("state", "running") is null, besteffort.ToJsonString());

        var burstable = await WaitAsync("burstable", p => p.StringAt("status", "reason") == "Evicted");
        Assert.False(burstable.StringAt("status", "message")!.Contains("Container main"), burstable.ToJsonString());

        var events = (await node.Client.ListAsync(ResourceTypes.Event, ns)).Items.Where(e => e.StringAt("reason") == "Evicted").ToList();
        Assert.Equal(["besteffort", "burstable"], events.OrderBy(e => long.Parse(ObjectMeta.ResourceVersion(e)!)).Select(e => e.StringAt("involvedObject", "name")));
        Assert.Equal(message, events.First(e => e.StringAt("involvedObject", "name") == "besteffort").StringAt("message"));
        Assert.Equal("Warning", events[0].StringAt("type"));

        // Two more monitoring intervals: nothing else may go.
        await Task.Delay(TimeSpan.FromSeconds(7));
        var critical = await node.Client.GetAsync(ResourceTypes.Pod, ns, "critical");
        Assert.Equal("Running", critical.StringAt("status", "phase"));
        var mirror = await WaitAsync($"static-{node.NodeName}", p => p.StringAt("status", "phase") == "Running");
        Assert.Null(mirror.StringAt("status", "reason"));

        var nodeObject = await WaitForNodeAsync(n => Condition(n, "MemoryPressure") == "True" && Condition(n, "DiskPressure") == "True");
        Assert.Equal("False", Condition(nodeObject, "PIDPressure"));
        var memory = ((JsonArray)nodeObject.At("status", "conditions")!).OfType<JsonObject>().Single(c => c.StringAt("type") == "MemoryPressure");
        Assert.Equal(("KubeletHasInsufficientMemory", "kubelet has insufficient memory available"), (memory.StringAt("reason"), memory.StringAt("message")));
        // The conditions' taints are not the agent's to write (it has held them for several monitoring passes by now): they come from the
        // controller manager's TaintNodesByCondition pass, their one writer, which stamps timeAdded.
        Assert.DoesNotContain(Taints(nodeObject), t => t.Contains("-pressure:", StringComparison.Ordinal));
        node.StartControllerManager();
        string[] pressureTaints = ["node.kubernetes.io/disk-pressure:NoSchedule", "node.kubernetes.io/memory-pressure:NoSchedule"];
        // Within a minute: the controller manager first lists and watches every resource its controllers read.
        nodeObject = await WaitForNodeAsync(n => Taints(n).Order().SequenceEqual(pressureTaints), seconds: 60);
        Assert.All(((JsonArray)nodeObject.At("spec", "taints")!).OfType<JsonObject>(), t => Assert.NotNull(Timestamps.Parse(t.StringAt("timeAdded"))));
        var thresholdMet = (await node.Client.ListAsync(ResourceTypes.Event, "default")).Items
            .Where(e => e.StringAt("reason") == "EvictionThresholdMet" && e.StringAt("involvedObject", "name") == node.NodeName).Select(e => e.StringAt("message")).Order();
        Assert.Equal(["Attempting to reclaim ephemeral-storage", "Attempting to reclaim memory"], thresholdMet);
    }

    private async Task<JsonObject> WaitAsync(string name, Func<JsonObject, bool> condition)
    {
        JsonObject? pod = null;
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (DateTime.UtcNow < deadline)
        {
            pod = await node.Client.TryGetAsync(ResourceTypes.Pod, node.Namespace, name);
            if (pod is not null && condition(pod)) return pod;
            await Task.Delay(100);
        }
        Assert.Fail($"pod {name} never got there; last: {pod?["status"]?.ToJsonString()}");
        return null!;
    }

    private async Task<JsonObject> WaitForNodeAsync(Func<JsonObject, bool> condition, int seconds = 10)
    {
        JsonObject? found = null;
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            found = await node.Client.GetAsync(ResourceTypes.Node, null, node.NodeName);
            if (condition(found)) return found;
            await Task.Delay(100);
        }
        Assert.Fail($"node never got there; last: {found?.ToJsonString()}");
        return null!;
    }

    private static List<string> Taints(JsonObject node) =>
        [.. (node.At("spec", "taints") as JsonArray ?? []).OfType<JsonObject>().Select(t => $"{t.StringAt("key")}:{t.StringAt("effect")}")];

    private static string? Condition(JsonObject obj, string type) =>
        (obj.At("status", "conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == type)?.StringAt("status");
}
