using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.DaemonSets;
using Obs.Controllers.Revisions;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.DaemonSets;

/// <summary>Sync tests: fill the stores, call SyncAsync, look at what the controller asked for.</summary>
public sealed class DaemonSetControllerTests
{
    private readonly RecordingObjectControl _control = new();

    private static JsonObject DaemonSet(string image, string rollingUpdate) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "apps/v1", "kind": "DaemonSet",
          "metadata": {"name": "agent", "namespace": "ns", "uid": "ds-uid", "generation": 3, "resourceVersion": "9"},
          "spec": {
            "selector": {"matchLabels": {"app": "agent"} },
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {{rollingUpdate}} },
            "template": {"metadata": {"labels": {"app": "agent"} }, "spec": {"containers": [{"name": "c", "image": "{{image}}"}]} }
          }
        }
        """)!;

    private static JsonObject Node(string name) => (JsonObject)JsonNode.Parse($$"""{"apiVersion":"v1","kind":"Node","metadata":{"name":"{{name}}","uid":"{{name}}-uid"} }""")!;

    private static JsonObject Pod(JsonObject ds, string node, string hash, int age = 100)
    {
        var pod = DaemonPods.NewPod(ds, node, hash);
        pod["metadata"]!["name"] = $"agent-{node}-{hash}";
        pod["metadata"]!["uid"] = $"agent-{node}-{hash}-uid";
        pod["metadata"]!["creationTimestamp"] = Stores.At(age);
        pod["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = Stores.At(age) }),
        };
        return pod;
    }

    private static JsonObject Revision(JsonObject ds, string hash, long number)
    {
        var revision = new RevisionHistory(ResourceTypes.DaemonSet, RevisionData.PodRevisionLabel, Stores.New().Lister, new RecordingObjectControl()).New(ds, hash, number);
        revision["metadata"]!["uid"] = hash + "-uid";
        return revision;
    }

    private async Task<DaemonSetController> SyncAsync(JsonObject ds, JsonObject[] nodes, JsonObject[] revisions, params JsonObject[] pods)
    {
        var controller = new DaemonSetController(Stores.New(ds).Lister, Stores.New(pods).Lister, Stores.New(nodes).Lister, Stores.New(revisions).Lister,
            _control, NullLogger.Instance, new ManualTime());
        await controller.SyncAsync("ns/agent", default);
        return controller;
    }

    [Fact]
    public async Task CreatesAPodForEachNodeWithoutOneAndDeletesPodsOfVanishedNodes()
    {
        var ds = DaemonSet("agent:1", """{"maxUnavailable":1}""");
        var controller = await SyncAsync(ds, [Node("a"), Node("b")], [Revision(ds, "h1", 1)], Pod(ds, "a", "h1"), Pod(ds, "gone", "h1"));
        var created = Assert.Single(_control.Of("create", ResourceTypes.Pod));
        Assert.Equal("b", DaemonPods.TargetNode(created));
        Assert.Equal("agent-", created.StringAt("metadata", "generateName"));
        Assert.Equal("h1", ObjectMeta.Label(created, "controller-revision-hash"));
        Assert.Equal(["agent-gone-h1"], _control.Of("delete", ResourceTypes.Pod).Select(p => ObjectMeta.Name(p)));
        Assert.Empty(_control.Of("create", ResourceTypes.ControllerRevision));
        Assert.False(controller.Expectations.Satisfied("ns/agent"));

        // Until the informer shows the new pod, another sync creates nothing.
        _control.Actions.Clear();
        await controller.SyncAsync("ns/agent", default);
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
    }

    [Fact]
    public async Task RollingUpdateDeletesAtMostMaxUnavailableOldPods()
    {
        var old = DaemonSet("agent:1", """{"maxUnavailable":"50%"}""");
        var ds = DaemonSet("agent:2", """{"maxUnavailable":"50%"}""");
        var nodes = new[] { Node("a"), Node("b"), Node("c"), Node("d") };
        await SyncAsync(ds, nodes, [Revision(old, "h1", 1)], [.. nodes.Select(n => Pod(old, ObjectMeta.Name(n)!, "h1"))]);
        var revision = Assert.Single(_control.Of("create", ResourceTypes.ControllerRevision));
        Assert.Equal(2, revision.LongAt("revision"));
        Assert.Equal(2, _control.Of("delete", ResourceTypes.Pod).Count());
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
        var status = Assert.Single(_control.Of("status", ResourceTypes.DaemonSet))["status"]!;
        Assert.Equal("""{"currentNumberScheduled":4,"numberMisscheduled":0,"desiredNumberScheduled":4,"numberReady":4,"observedGeneration":3,"updatedNumberScheduled":0,"numberAvailable":4,"numberUnavailable":0,"collisionCount":0}""",
            status.ToJsonString());
    }

    [Fact]
    public async Task RollingUpdateCountsNodesAlreadyDownAgainstTheBudget()
    {
        var old = DaemonSet("agent:1", """{"maxUnavailable":2}""");
        var ds = DaemonSet("agent:2", """{"maxUnavailable":2}""");
        var newHash = RevisionData.Hash(ds, null);
        var unready = Pod(ds, "a", newHash);
        unready["status"]!["conditions"]![0]!["status"] = "False";
        await SyncAsync(ds, [Node("a"), Node("b"), Node("c")], [Revision(old, "h1", 1), Revision(ds, newHash, 2)], unready, Pod(old, "b", "h1"), Pod(old, "c", "h1"));
        Assert.Single(_control.Of("delete", ResourceTypes.Pod));
    }

    [Fact]
    public async Task SurgeCreatesTheNewPodBeforeTheOldOneGoes()
    {
        var old = DaemonSet("agent:1", """{"maxUnavailable":0,"maxSurge":1}""");
        var ds = DaemonSet("agent:2", """{"maxUnavailable":0,"maxSurge":1}""");
        var newHash = RevisionData.Hash(ds, null);
        await SyncAsync(ds, [Node("a"), Node("b")], [Revision(old, "h1", 1), Revision(ds, newHash, 2)], Pod(old, "a", "h1"), Pod(old, "b", "h1"));
        var created = Assert.Single(_control.Of("create", ResourceTypes.Pod));
        Assert.Equal("a", DaemonPods.TargetNode(created));
        Assert.Equal(newHash, ObjectMeta.Label(created, "controller-revision-hash"));
        Assert.Empty(_control.Of("delete", ResourceTypes.Pod));
    }

    [Fact]
    public async Task SurgeDeletesTheOldPodOnceTheNewOneIsAvailable()
    {
        var old = DaemonSet("agent:1", """{"maxUnavailable":0,"maxSurge":1}""");
        var ds = DaemonSet("agent:2", """{"maxUnavailable":0,"maxSurge":1}""");
        var newHash = RevisionData.Hash(ds, null);
        await SyncAsync(ds, [Node("a")], [Revision(old, "h1", 1), Revision(ds, newHash, 2)], Pod(old, "a", "h1", age: 200), Pod(ds, "a", newHash, age: 50));
        Assert.Equal(["agent-a-h1"], _control.Of("delete", ResourceTypes.Pod).Select(p => ObjectMeta.Name(p)));
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
    }

    [Fact]
    public async Task RecordsPodsCreatedAndDeletedAndFailedDaemonsOnTheDaemonSet()
    {
        var ds = DaemonSet("agent:1", """{"maxUnavailable":1}""");
        var failed = Pod(ds, "c", "h1");
        failed["status"]!["phase"] = "Failed";
        await SyncAsync(ds, [Node("a"), Node("b"), Node("c")], [Revision(ds, "h1", 1)], Pod(ds, "a", "h1"), Pod(ds, "gone", "h1"), failed);
        Assert.Equal(
        [
            "Normal SuccessfulCreate daemonset-controller Created pod: agent-x0000",
            "Normal SuccessfulDelete daemonset-controller Deleted pod: agent-c-h1",
            "Normal SuccessfulDelete daemonset-controller Deleted pod: agent-gone-h1",
            "Warning FailedDaemonPod daemonset-controller Found failed daemon pod ns/agent-c-h1 on node c, will try to kill it",
        ], _control.EventLines.Order());
        Assert.All(_control.Events, e => Assert.Equal(("DaemonSet", "ds-uid"), (e.About.Kind, e.About.Uid)));
    }
}
