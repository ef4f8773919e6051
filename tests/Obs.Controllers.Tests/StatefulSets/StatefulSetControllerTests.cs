using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Controllers.Revisions;
using Obs.Controllers.StatefulSets;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.StatefulSets;

/// <summary>Sync tests: fill the stores, call SyncAsync, look at what the controller asked for.</summary>
public sealed class StatefulSetControllerTests
{
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Set(int replicas, string policy = "OrderedReady", string image = "nginx:2", string strategy = """{"type":"RollingUpdate","rollingUpdate":{"partition":0}}""") =>
        (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "apps/v1", "kind": "StatefulSet",
          "metadata": {"name": "web", "namespace": "ns", "uid": "set-uid", "generation": 2, "resourceVersion": "7"},
          "spec": {
            "replicas": {{replicas}}, "serviceName": "web", "podManagementPolicy": "{{policy}}", "updateStrategy": {{strategy}},
            "selector": {"matchLabels": {"app": "web"} },
            "template": {"metadata": {"labels": {"app": "web"} }, "spec": {"containers": [{"name": "c", "image": "{{image}}"}]} },
            "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"} } } }]
          }
        }
        """)!;

    /// <summary>The revision of <paramref name="set"/> as it is now, under <paramref name="name"/>.</summary>
    private static JsonObject Revision(JsonObject set, string name, long number)
    {
        var revision = new RevisionHistory(ResourceTypes.StatefulSet, RevisionData.HashLabel, Stores.New().Lister, new RecordingObjectControl()).New(set, "x", number);
        revision["metadata"]!["name"] = name;
        revision["metadata"]!["uid"] = name + "-uid";
        return revision;
    }

    private static JsonObject Pod(int ordinal, string revision, bool ready = true, string phase = "Running")
    {
        var pod = StatefulPods.NewPod(Set(3), new JsonObject { ["metadata"] = new JsonObject { ["name"] = revision }, ["data"] = JsonNode.Parse("""{"spec":{"template":{"metadata":{"labels":{"app":"web"}}}}}""") }, ordinal);
        pod["metadata"]!["uid"] = $"web-{ordinal}-uid";
        pod["metadata"]!["ownerReferences"]![0]!["uid"] = "set-uid";
        pod["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False", ["lastTransitionTime"] = Stores.At(100) }),
        };
        return pod;
    }

    /// <summary>Syncs with the given pods and the claims of those pods in the stores.</summary>
    private async Task SyncAsync(JsonObject set, JsonObject[] revisions, params JsonObject[] pods)
    {
        var controller = new StatefulSetController(Stores.New(set).Lister, Stores.New(pods).Lister, Stores.New(revisions).Lister,
            Stores.New([.. pods.SelectMany(p => StatefulPods.Claims(set, StatefulPods.Ordinal(p)))]).Lister,
            _control, NullLogger.Instance, new ManualTime());
        await controller.SyncAsync("ns/web", default);
    }

    private List<string> Names(string verb, ResourceType type) => [.. _control.Of(verb, type).Select(o => ObjectMeta.Name(o)!)];

    [Fact]
    public async Task OrderedReadyCreatesOnlyTheFirstMissingPodAfterItsClaim()
    {
        var set = Set(3);
        await SyncAsync(set, [Revision(set, "web-new", 1)], Pod(0, "web-new"));
        Assert.Equal(["data-web-1"], Names("create", ResourceTypes.PersistentVolumeClaim));
        Assert.Equal(["web-1"], Names("create", ResourceTypes.Pod));
        var creates = _control.Actions.Where(a => a.Verb == "create").Select(a => a.Type).ToList();
        Assert.Equal([ResourceTypes.PersistentVolumeClaim, ResourceTypes.Pod], creates);
        var pod = _control.Of("create", ResourceTypes.Pod).Single();
        Assert.Equal("web-new", ObjectMeta.Label(pod, "controller-revision-hash"));
        Assert.Equal("web-1", pod.StringAt("spec", "hostname"));
        Assert.Equal("web", pod.StringAt("spec", "subdomain"));
        var status = Assert.Single(_control.Of("status", ResourceTypes.StatefulSet));
        Assert.Equal("""{"observedGeneration":2,"replicas":2,"readyReplicas":1,"currentReplicas":2,"updatedReplicas":2,"availableReplicas":1,"currentRevision":"web-new","updateRevision":"web-new","collisionCount":0}""",
            status["status"]!.ToJsonString());
    }

    [Fact]
    public async Task OrderedReadyWaitsWhileAPodIsNotReady()
    {
        var set = Set(3);
        await SyncAsync(set, [Revision(set, "web-new", 1)], Pod(0, "web-new", ready: false));
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
        Assert.Empty(_control.Of("delete", ResourceTypes.Pod));
    }

    [Fact]
    public async Task ParallelCreatesEveryMissingPodAtOnce()
    {
        var set = Set(3, "Parallel");
        await SyncAsync(set, [Revision(set, "web-new", 1)], Pod(1, "web-new", ready: false));
        Assert.Equal(["web-0", "web-2"], Names("create", ResourceTypes.Pod));
        Assert.Equal(["data-web-0", "data-web-2"], Names("create", ResourceTypes.PersistentVolumeClaim));
    }

    [Fact]
    public async Task ScalingDownDeletesTheHighestOrdinalOneAtATimeAndKeepsClaims()
    {
        var set = Set(1);
        await SyncAsync(set, [Revision(set, "web-new", 1)], Pod(0, "web-new"), Pod(1, "web-new"), Pod(2, "web-new"));
        Assert.Equal(["web-2"], Names("delete", ResourceTypes.Pod));
        Assert.Empty(_control.Of("delete", ResourceTypes.PersistentVolumeClaim));
    }

    [Fact]
    public async Task AFailedPodIsDeletedToBeReplaced()
    {
        var set = Set(2);
        await SyncAsync(set, [Revision(set, "web-new", 1)], Pod(0, "web-new", ready: false, phase: "Failed"), Pod(1, "web-new"));
        Assert.Equal(["web-0"], Names("delete", ResourceTypes.Pod));
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
    }

    [Fact]
    public async Task RollingUpdateDeletesTheHighestOutdatedPodAboveThePartition()
    {
        var old = Set(3, image: "nginx:1");
        var set = Set(3, strategy: """{"type":"RollingUpdate","rollingUpdate":{"partition":1}}""");
        set["status"] = new JsonObject { ["currentRevision"] = "web-old" };
        await SyncAsync(set, [Revision(old, "web-old", 1)], Pod(0, "web-old"), Pod(1, "web-old"), Pod(2, "web-old"));
        var revision = Assert.Single(_control.Of("create", ResourceTypes.ControllerRevision));
        Assert.Equal(2, revision.LongAt("revision"));
        Assert.Equal("nginx:2", revision.At("data", "spec", "template", "spec", "containers")![0].StringAt("image"));
        Assert.Equal(["web-2"], Names("delete", ResourceTypes.Pod));
        var status = Assert.Single(_control.Of("status", ResourceTypes.StatefulSet))["status"]!;
        Assert.Equal("web-old", status.StringAt("currentRevision"));
        Assert.Equal(ObjectMeta.Name(revision), status.StringAt("updateRevision"));
    }

    [Fact]
    public async Task OnDeleteLeavesOutdatedPodsAlone()
    {
        var old = Set(2, image: "nginx:1");
        var set = Set(2, strategy: """{"type":"OnDelete"}""");
        set["status"] = new JsonObject { ["currentRevision"] = "web-old" };
        await SyncAsync(set, [Revision(old, "web-old", 1)], Pod(0, "web-old"), Pod(1, "web-old"));
        Assert.Empty(_control.Of("delete", ResourceTypes.Pod));
        Assert.Single(_control.Of("create", ResourceTypes.ControllerRevision));
    }

    [Fact]
    public async Task ABelowPartitionPodIsRecreatedAtTheCurrentRevision()
    {
        var old = Set(3, image: "nginx:1");
        var set = Set(3, strategy: """{"type":"RollingUpdate","rollingUpdate":{"partition":2}}""");
        set["status"] = new JsonObject { ["currentRevision"] = "web-old" };
        await SyncAsync(set, [Revision(old, "web-old", 1)], Pod(1, "web-old"), Pod(2, "web-old"));
        var pod = Assert.Single(_control.Of("create", ResourceTypes.Pod));
        Assert.Equal("web-0", ObjectMeta.Name(pod));
        Assert.Equal("web-old", ObjectMeta.Label(pod, "controller-revision-hash"));
        Assert.Equal("nginx:1", pod["spec"]!["containers"]![0].StringAt("image"));
    }

    [Fact]
    public async Task RecordsEachClaimAndPodInStatefulSetWording()
    {
        var set = Set(3);
        await SyncAsync(set, [Revision(set, "web-new", 1)], Pod(0, "web-new"));
        Assert.Equal(
        [
            "Normal SuccessfulCreate statefulset-controller create Claim data-web-1 Pod web-1 in StatefulSet web success",
            "Normal SuccessfulCreate statefulset-controller create Pod web-1 in StatefulSet web successful",
        ], _control.EventLines);
        Assert.All(_control.Events, e => Assert.Equal(("StatefulSet", "set-uid"), (e.About.Kind, e.About.Uid)));
    }

    [Fact]
    public async Task RecordsTheDeletionOfACondemnedPod()
    {
        var set = Set(1);
        await SyncAsync(set, [Revision(set, "web-new", 1)], Pod(0, "web-new"), Pod(1, "web-new"), Pod(2, "web-new"));
        Assert.Equal(["Normal SuccessfulDelete statefulset-controller delete Pod web-2 in StatefulSet web successful"], _control.EventLines);
    }
}
