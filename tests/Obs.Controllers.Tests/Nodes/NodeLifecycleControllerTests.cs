using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Nodes;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Nodes;

/// <summary>One monitor pass over listers filled by hand, at a fixed time; what the controller asked for.</summary>
public sealed class NodeLifecycleControllerTests
{
    private readonly RecordingObjectControl _control = new();
    private readonly ManualTime _time = new();

    private static JsonObject Node(string name, int heartbeatSecondsAgo, string ready = "True", string taints = "[]") => (JsonObject)JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"{{{name}}}","uid":"{{{name}}}-uid","creationTimestamp":"{{{Stores.At(3600)}}}","resourceVersion":"5"},
         "spec":{"taints":{{{taints}}}},
         "status":{"conditions":[{"type":"Ready","status":"{{{ready}}}","reason":"KubeletReady","lastHeartbeatTime":"{{{Stores.At(heartbeatSecondsAgo)}}}","lastTransitionTime":"{{{Stores.At(3000)}}}"}]}}
        """)!;

    private static JsonObject Lease(string node, int renewedSecondsAgo) => (JsonObject)JsonNode.Parse($$$"""
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"{{{node}}}","namespace":"kube-node-lease"},
         "spec":{"holderIdentity":"{{{node}}}","leaseDurationSeconds":40,"renewTime":"{{{Stores.At(renewedSecondsAgo)}}}"}}
        """)!;

    private static JsonObject Pod(string name, string node, string tolerations) => (JsonObject)JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"ns","uid":"{{{name}}}-uid"},
         "spec":{"nodeName":"{{{node}}}","containers":[{"name":"c"}],"tolerations":{{{tolerations}}}}}
        """)!;

    private const string DefaultTolerations = """
        [{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},
         {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]
        """;

    private Task MonitorAsync(JsonObject[] nodes, JsonObject[] leases, params JsonObject[] pods) => MonitorAsync(new NodeLifecycleOptions(), nodes, leases, pods);

    private Task MonitorAsync(NodeLifecycleOptions options, JsonObject[] nodes, JsonObject[] leases, params JsonObject[] pods) =>
        new NodeLifecycleController(Stores.New(nodes).Lister, Stores.New(leases).Lister, Stores.New(pods).Lister, _control, options, NullLogger.Instance, _time)
            .MonitorAsync(CancellationToken.None);

    [Fact]
    public async Task AConfiguredGracePeriodDecidesWhichNodesAreUnreachable()
    {
        // Both are past the default 40 s; with --node-monitor-grace-period 2m only the one silent for longer than that goes.
        await MonitorAsync(new NodeLifecycleOptions { GracePeriod = TimeSpan.FromMinutes(2) },
            [Node("quiet", heartbeatSecondsAgo: 300), Node("gone", heartbeatSecondsAgo: 300)], [Lease("quiet", 90), Lease("gone", 121)]);

        Assert.Equal(["gone"], _control.Of("status", ResourceTypes.Node).Select(n => ObjectMeta.Name(n)));
        Assert.Equal(["gone"], _control.Of("update", ResourceTypes.Node).Select(n => ObjectMeta.Name(n)));
    }

    [Fact]
    public async Task ANodeSilentPastTheGracePeriodGoesUnknownAndIsTaintedUnreachable()
    {
        await MonitorAsync([Node("silent", heartbeatSecondsAgo: 300), Node("alive", heartbeatSecondsAgo: 300)], [Lease("silent", 41), Lease("alive", 5)]);

        var status = Assert.Single(_control.Of("status", ResourceTypes.Node));
        Assert.Equal("silent", ObjectMeta.Name(status));
        var ready = status.At("status", "conditions")!.AsArray().OfType<JsonObject>().Single(c => c.StringAt("type") == "Ready");
        Assert.Equal("Unknown", ready.StringAt("status"));
        Assert.Equal("NodeStatusUnknown", ready.StringAt("reason"));
        Assert.Equal("Kubelet stopped posting node status.", ready.StringAt("message"));
        Assert.Equal(Stores.At(0), ready.StringAt("lastTransitionTime"));
        Assert.Equal(
            ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"],
            status.At("status", "conditions")!.AsArray().Select(c => c.StringAt("type")));

        // Only the NoExecute taint: the NoSchedule one follows the status write's node event (NodeConditionTaintController).
        var tainted = Assert.Single(_control.Of("update", ResourceTypes.Node));
        Assert.Equal(
            $$"""[{"key":"node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":"{{Stores.At(0)}}"}]""",
            tainted.At("spec", "taints")!.ToJsonString());
    }

    [Fact]
    public async Task PodsLeaveATaintedNodeWhenTheirTolerationRunsOut()
    {
        var taint = $$"""[{"key":"node.kubernetes.io/unreachable","effect":"NoSchedule","timeAdded":"{{Stores.At(301)}}"},{"key":"node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":"{{Stores.At(301)}}"}]""";
        var node = Node("gone", heartbeatSecondsAgo: 600, ready: "Unknown", taints: taint);
        await MonitorAsync([node], [Lease("gone", 600)],
            Pod("defaulted", "gone", DefaultTolerations),
            Pod("patient", "gone", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":600}]"""),
            Pod("daemon", "gone", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute"}]"""),
            Pod("intolerant", "gone", "[]"),
            Pod("elsewhere", "other", "[]"));

        Assert.Equal(["defaulted", "intolerant"], _control.Of("delete", ResourceTypes.Pod).Select(p => ObjectMeta.Name(p)).Order());
        Assert.Empty(_control.Of("status", ResourceTypes.Node));
        Assert.Empty(_control.Of("update", ResourceTypes.Node));
    }

    [Fact]
    public async Task ANodeReadyAgainLosesItsNoExecuteTaintAndANotReadyOneIsTaintedNotReady()
    {
        var unreachable = $$"""[{"key":"node.kubernetes.io/unreachable","effect":"NoSchedule","timeAdded":"{{Stores.At(60)}}"},{"key":"node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":"{{Stores.At(60)}}"},{"key":"team","value":"a","effect":"NoSchedule"}]""";
        await MonitorAsync([Node("back", heartbeatSecondsAgo: 1, taints: unreachable), Node("sick", heartbeatSecondsAgo: 1, ready: "False")], [Lease("back", 1), Lease("sick", 1)]);

        var updates = _control.Of("update", ResourceTypes.Node).ToDictionary(n => ObjectMeta.Name(n)!);
        Assert.Equal(
            $$"""[{"key":"node.kubernetes.io/unreachable","effect":"NoSchedule","timeAdded":"{{Stores.At(60)}}"},{"key":"team","value":"a","effect":"NoSchedule"}]""",
            updates["back"].At("spec", "taints")!.ToJsonString());
        Assert.Equal(
            $$"""[{"key":"node.kubernetes.io/not-ready","effect":"NoExecute","timeAdded":"{{Stores.At(0)}}"}]""",
            updates["sick"].At("spec", "taints")!.ToJsonString());
        Assert.Empty(_control.Of("status", ResourceTypes.Node));
    }

    [Fact]
    public async Task NoScheduleTaintsEvictNobody()
    {
        // A cordoned node under pressure: its NoSchedule taints keep new pods off, and the pods already there stay.
        var taints = $$"""[{"key":"node.kubernetes.io/unschedulable","effect":"NoSchedule","timeAdded":"{{Stores.At(900)}}"},{"key":"node.kubernetes.io/memory-pressure","effect":"NoSchedule","timeAdded":"{{Stores.At(900)}}"},{"key":"team","effect":"NoSchedule"}]""";
        await MonitorAsync([Node("cordoned", heartbeatSecondsAgo: 1, taints: taints)], [Lease("cordoned", 1)], Pod("intolerant", "cordoned", "[]"));
        Assert.Empty(_control.Of("delete", ResourceTypes.Pod));
        Assert.Empty(_control.Of("update", ResourceTypes.Node));
    }

    [Fact]
    public async Task TheUnreachableTaintIsPutOnTheNodeAsTheApiserverHoldsItWhenTheCacheIsBehind()
    {
        // Since the cache's copy, the node's status went Unknown (so no status write now) and someone tainted it.
        var node = Node("gone", heartbeatSecondsAgo: 600, ready: "Unknown");
        var current = Node("gone", heartbeatSecondsAgo: 600, ready: "Unknown", taints: """[{"key":"team","value":"a","effect":"NoSchedule"}]""");
        current["metadata"]!["resourceVersion"] = "6";
        _control.Seed(ResourceTypes.Node, current);

        await MonitorAsync([node], [Lease("gone", 600)]);

        var tainted = Assert.Single(_control.Of("update", ResourceTypes.Node));
        Assert.Equal(
            $$"""[{"key":"team","value":"a","effect":"NoSchedule"},{"key":"node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":"{{Stores.At(0)}}"}]""",
            tainted.At("spec", "taints")!.ToJsonString());
    }

    [Fact]
    public async Task RecordsNodesItRegistersAndTheOneThatStoppedBeingReady()
    {
        await MonitorAsync([Node("silent", heartbeatSecondsAgo: 300), Node("alive", heartbeatSecondsAgo: 300)], [Lease("silent", 41), Lease("alive", 5)]);
        Assert.Equal(
        [
            "Normal NodeNotReady node-controller Node silent status is now: NodeNotReady",
            "Normal RegisteredNode node-controller Node alive event: Registered Node alive in Controller",
            "Normal RegisteredNode node-controller Node silent event: Registered Node silent in Controller",
        ], _control.EventLines.Order());
        var notReady = _control.Events.Single(e => e.Reason == "NodeNotReady").About;
        Assert.Equal(("v1", "Node", null, "silent", "silent-uid"), (notReady.ApiVersion, notReady.Kind, notReady.Namespace, notReady.Name, notReady.Uid));
    }

    [Fact]
    public async Task EachEvictionIsRecordedOnThePod()
    {
        var taint = $$"""[{"key":"node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":"{{Stores.At(301)}}"}]""";
        await MonitorAsync([Node("gone", heartbeatSecondsAgo: 600, ready: "Unknown", taints: taint)], [Lease("gone", 600)], Pod("intolerant", "gone", "[]"));
        var eviction = _control.Events.Single(e => e.Reason == "TaintManagerEviction");
        Assert.Equal(("taint-eviction-controller", "Normal", "Marking for deletion Pod ns/intolerant"), (eviction.Component, eviction.Type, eviction.Message));
        Assert.Equal(("Pod", "ns", "intolerant", "intolerant-uid"), (eviction.About.Kind, eviction.About.Namespace, eviction.About.Name, eviction.About.Uid));
    }
}
