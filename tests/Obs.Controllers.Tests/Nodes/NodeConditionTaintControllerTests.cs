using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Nodes;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Nodes;

/// <summary>TaintNodesByCondition: the informer cache filled by hand, one node synced, the node written (or not).</summary>
public sealed class NodeConditionTaintControllerTests
{
    private readonly RecordingObjectControl _control = new();
    private readonly ManualTime _time = new();

    private static JsonObject Node(string conditions, string taints = "[]", bool unschedulable = false, string version = "5") => (JsonObject)JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","uid":"n1-uid","resourceVersion":"{{{version}}}"},
         "spec":{"unschedulable":{{{(unschedulable ? "true" : "false")}}},"taints":{{{taints}}}},
         "status":{"conditions":{{{conditions}}}}}
        """)!;

    private static string Conditions(string ready = "True", string memory = "False", string disk = "False", string pid = "False", string? network = null) =>
        $$"""
        [{"type":"Ready","status":"{{ready}}"},{"type":"MemoryPressure","status":"{{memory}}"},{"type":"DiskPressure","status":"{{disk}}"},
         {"type":"PIDPressure","status":"{{pid}}"}{{(network is null ? "" : $$""",{"type":"NetworkUnavailable","status":"{{network}}"}""")}}]
        """;

    private Task SyncAsync(params JsonObject[] nodes) =>
        new NodeConditionTaintController(Stores.New(nodes).Lister, _control, NullLogger.Instance, _time).SyncAsync("n1", CancellationToken.None);

    private static string Taint(string key, string effect = "NoSchedule", int secondsAgo = 0) =>
        $$"""{"key":"node.kubernetes.io/{{key}}","effect":"{{effect}}","timeAdded":"{{Stores.At(secondsAgo)}}"}""";

    private string Written() => Assert.Single(_control.Of("update", ResourceTypes.Node)).At("spec", "taints")?.ToJsonString() ?? "[]";

    [Fact]
    public async Task ACordonedNodeGetsTheUnschedulableTaintAndLosesItWhenUncordoned()
    {
        await SyncAsync(Node(Conditions(), unschedulable: true));
        Assert.Equal($"[{Taint("unschedulable")}]", Written());

        _control.Actions.Clear();
        await SyncAsync(Node(Conditions(), taints: $"[{Taint("unschedulable", secondsAgo: 60)}]"));
        Assert.Equal("[]", Written());
    }

    [Fact]
    public async Task EachConditionInABadStateGetsItsNoScheduleTaint()
    {
        await SyncAsync(Node(Conditions(ready: "False", memory: "True", disk: "True", pid: "True", network: "True")));
        Assert.Equal(
            $"[{Taint("not-ready")},{Taint("memory-pressure")},{Taint("disk-pressure")},{Taint("pid-pressure")},{Taint("network-unavailable")}]",
            Written());

        _control.Actions.Clear();
        await SyncAsync(Node(Conditions(ready: "Unknown")));
        Assert.Equal($"[{Taint("unreachable")}]", Written());
    }

    [Fact]
    public async Task AHealthyNodeLosesItsConditionTaintsButKeepsEveryOtherTaint()
    {
        // The user's own taints, the NoExecute taint that evicts (the monitor pass's) and a condition key with another effect all stay.
        var others = $$"""{"key":"team","value":"a","effect":"NoSchedule"},{{Taint("unreachable", "NoExecute", 30)}},{"key":"node.kubernetes.io/memory-pressure","effect":"PreferNoSchedule"}""";
        await SyncAsync(Node(Conditions(), taints: $"[{Taint("unreachable", secondsAgo: 30)},{others},{Taint("disk-pressure", secondsAgo: 30)}]"));
        Assert.Equal($"[{others}]", Written());
    }

    [Fact]
    public async Task TaintsAlreadyRightAreNotWritten()
    {
        // timeAdded is when the taint went on: a later sync neither rewrites it nor adds a second one.
        await SyncAsync(Node(Conditions(memory: "True"), taints: $"[{Taint("memory-pressure", secondsAgo: 90)},{Taint("unschedulable", secondsAgo: 90)}]", unschedulable: true));
        Assert.Empty(_control.Actions);

        // A node the agent has not reported on yet has no conditions, hence no condition taints.
        await SyncAsync(Node("[]"));
        Assert.Empty(_control.Actions);

        await new NodeConditionTaintController(Stores.New().Lister, _control, NullLogger.Instance, _time).SyncAsync("gone", CancellationToken.None);
        Assert.Empty(_control.Actions);
    }

    [Fact]
    public async Task AConflictIsRetriedFromAFreshReadKeepingTheTaintSomeoneAddedMeanwhile()
    {
        // The cache is one version behind the apiserver, where a user has just run `kubectl taint` (and an uncordon lost the race).
        var cached = Node(Conditions(memory: "True"), unschedulable: true);
        _control.Seed(ResourceTypes.Node, Node(Conditions(memory: "True"), taints: """[{"key":"dedicated","value":"gpu","effect":"NoSchedule"}]""", version: "6"));

        await SyncAsync(cached);

        var written = Assert.Single(_control.Of("update", ResourceTypes.Node));
        Assert.Equal("7", ObjectMeta.ResourceVersion(written));
        Assert.Equal($$"""[{"key":"dedicated","value":"gpu","effect":"NoSchedule"},{{Taint("memory-pressure")}}]""", written.At("spec", "taints")!.ToJsonString());
    }
}
