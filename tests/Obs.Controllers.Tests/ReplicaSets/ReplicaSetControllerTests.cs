using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Pods;
using Obs.Controllers.ReplicaSets;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.ReplicaSets;

/// <summary>Sync tests: fill the stores, call SyncAsync, count what the controller asked for.</summary>
public sealed class ReplicaSetControllerTests
{
    private readonly RecordingObjectControl _control = new();

    private ReplicaSetController Controller(Obs.Client.Informers.Lister sets, Obs.Client.Informers.Lister pods) =>
        new(sets, pods, _control, NullLogger.Instance, new ManualTime());

    [Fact]
    public async Task CreatesTheMissingPodsFromTheTemplateOnce()
    {
        var (_, sets) = Stores.New(Stores.ReplicaSet("web", 3));
        var (_, pods) = Stores.New();
        var controller = Controller(sets, pods);
        await controller.SyncAsync("ns/web", default);

        var created = _control.Of("create", ResourceTypes.Pod).ToList();
        Assert.Equal(3, created.Count);
        Assert.All(created, pod =>
        {
            Assert.Equal("web-", pod.StringAt("metadata", "generateName"));
            Assert.Equal("front", pod.StringAt("metadata", "labels", "tier"));
            var owner = Assert.Single(Obs.Controllers.Hosting.OwnerReferences.Of(pod));
            Assert.Equal("rs-uid", owner.StringAt("uid"));
            Assert.True(owner.BoolAt("controller"));
            Assert.True(owner.BoolAt("blockOwnerDeletion"));
            Assert.Equal("nginx", pod["spec"]!["containers"]![0].StringAt("image"));
        });
        var status = Assert.Single(_control.Of("status", ResourceTypes.ReplicaSet));
        Assert.Equal("""{"replicas":0,"observedGeneration":1}""", status["status"]!.ToJsonString());

        // The informer has not shown the new pods yet: a second sync must not make three more.
        await controller.SyncAsync("ns/web", default);
        Assert.Equal(3, _control.Of("create", ResourceTypes.Pod).Count());
        for (var i = 0; i < 3; i++) controller.Expectations.CreationObserved("ns/web");
        await controller.SyncAsync("ns/web", default);
        Assert.Equal(6, _control.Of("create", ResourceTypes.Pod).Count());
    }

    [Fact]
    public async Task DeletesTheLeastValuablePodsFirst()
    {
        var (_, sets) = Stores.New(Stores.ReplicaSet("web", 2));
        var (_, pods) = Stores.New(
            Stores.Pod("old-ready", "rs-uid", age: 500, readyFor: 400, node: "n1"),
            Stores.Pod("young-ready", "rs-uid", age: 50, readyFor: 20, node: "n1"),
            Stores.Pod("unscheduled", "rs-uid", age: 900),
            Stores.Pod("scheduled-pending", "rs-uid", age: 10, node: "n1"));
        await Controller(sets, pods).SyncAsync("ns/web", default);
        var deleted = _control.Of("delete", ResourceTypes.Pod).Select(d => ObjectMeta.Name(d)).Order().ToList();
        Assert.Equal(["scheduled-pending", "unscheduled"], deleted);
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
    }

    [Fact]
    public async Task DeletesTheMostRecentlyReadyAmongReadyPods()
    {
        var (_, sets) = Stores.New(Stores.ReplicaSet("web", 1));
        var (_, pods) = Stores.New(
            Stores.Pod("a", "rs-uid", age: 500, readyFor: 400, node: "n1"),
            Stores.Pod("b", "rs-uid", age: 600, readyFor: 20, node: "n1"));
        await Controller(sets, pods).SyncAsync("ns/web", default);
        Assert.Equal("b", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Pod))));
    }

    [Fact]
    public async Task ALowerPodDeletionCostGoesFirstAmongReadyPods()
    {
        var (_, sets) = Stores.New(Stores.ReplicaSet("web", 2));
        var cheap = Stores.Pod("cheap", "rs-uid", age: 500, readyFor: 400, node: "n1");
        cheap["metadata"]!["annotations"] = new JsonObject { [PodState.DeletionCostAnnotation] = "-100" };
        var dear = Stores.Pod("dear", "rs-uid", age: 50, readyFor: 20, node: "n1");
        dear["metadata"]!["annotations"] = new JsonObject { [PodState.DeletionCostAnnotation] = "100" };
        var (_, pods) = Stores.New(
            cheap, dear,
            Stores.Pod("plain", "rs-uid", age: 60, readyFor: 30, node: "n1"),
            Stores.Pod("not-ready", "rs-uid", age: 600, node: "n1"));
        await Controller(sets, pods).SyncAsync("ns/web", default);

        // A not-ready pod still goes before any ready one, whatever it costs; among the ready, the cheapest goes
        // although it has been ready longest.
        Assert.Equal(["cheap", "not-ready"], _control.Of("delete", ResourceTypes.Pod).Select(d => ObjectMeta.Name(d)).Order());
    }

    [Fact]
    public async Task AdoptsMatchingOrphansAndReleasesPodsThatStopMatching()
    {
        var (_, sets) = Stores.New(Stores.ReplicaSet("web", 2));
        var (_, pods) = Stores.New(
            Stores.Pod("orphan", null),
            Stores.Pod("owned", "rs-uid"),
            Stores.Pod("relabelled", "rs-uid", app: "other"),
            Stores.Pod("stranger", null, app: "other"));
        await Controller(sets, pods).SyncAsync("ns/web", default);
        var patches = _control.Of("patch", ResourceTypes.Pod).ToDictionary(p => ObjectMeta.Name(p)!);
        Assert.Equal(["orphan", "relabelled"], patches.Keys.Order());
        Assert.Equal("rs-uid", patches["orphan"]["metadata"]!["ownerReferences"]![0].StringAt("uid"));
        Assert.Equal("orphan-uid", patches["orphan"].StringAt("metadata", "uid"));
        Assert.Null(patches["relabelled"]["metadata"]!["ownerReferences"]);
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
        Assert.Empty(_control.Of("delete", ResourceTypes.Pod));
    }

    [Fact]
    public async Task StatusCountsFullyLabeledReadyAndAvailablePods()
    {
        var rs = Stores.ReplicaSet("web", 3, generation: 4);
        rs["spec"]!["minReadySeconds"] = 30;
        var partlyLabelled = Stores.Pod("c", "rs-uid");
        partlyLabelled["metadata"]!["labels"]!.AsObject().Remove("tier");
        var (_, sets) = Stores.New(rs);
        var (_, pods) = Stores.New(Stores.Pod("a", "rs-uid", readyFor: 100), Stores.Pod("b", "rs-uid", readyFor: 10), partlyLabelled);
        await Controller(sets, pods).SyncAsync("ns/web", default);
        var status = Assert.Single(_control.Of("status", ResourceTypes.ReplicaSet));
        Assert.Equal("""{"replicas":3,"fullyLabeledReplicas":2,"readyReplicas":2,"availableReplicas":1,"observedGeneration":4}""", status["status"]!.ToJsonString());
    }

    [Fact]
    public async Task ADeletedReplicaSetIsForgotten()
    {
        var (_, sets) = Stores.New();
        var (_, pods) = Stores.New(Stores.Pod("a", "rs-uid"));
        await Controller(sets, pods).SyncAsync("ns/web", default);
        Assert.Empty(_control.Actions);
    }

    [Fact]
    public async Task RecordsEachPodItCreatesOrDeletesOnTheReplicaSet()
    {
        var (_, sets) = Stores.New(Stores.ReplicaSet("web", 2));
        var (_, pods) = Stores.New();
        await Controller(sets, pods).SyncAsync("ns/web", default);
        Assert.Equal(["Normal SuccessfulCreate replicaset-controller Created pod: web-x0000", "Normal SuccessfulCreate replicaset-controller Created pod: web-x0001"],
            _control.EventLines.Order());
        var about = _control.Events[0].About;
        Assert.Equal(("apps/v1", "ReplicaSet", "ns", "web", "rs-uid"), (about.ApiVersion, about.Kind, about.Namespace, about.Name, about.Uid));

        var (_, one) = Stores.New(Stores.ReplicaSet("web", 0));
        var (_, existing) = Stores.New(Stores.Pod("web-a", "rs-uid", age: 5, node: "n1"));
        _control.Events.Clear();
        await Controller(one, existing).SyncAsync("ns/web", default);
        Assert.Equal(["Normal SuccessfulDelete replicaset-controller Deleted pod: web-a"], _control.EventLines);
    }

    [Fact]
    public async Task ACreateTheApiserverRefusesIsAWarningWithItsMessage()
    {
        var (_, sets) = Stores.New(Stores.ReplicaSet("web", 3));
        var (_, pods) = Stores.New();
        _control.CreateError = new Obs.Client.Rest.ApiException(new System.Text.Json.Nodes.JsonObject
        {
            ["reason"] = "Forbidden", ["code"] = 403, ["message"] = "pods \"web-x\" is forbidden: exceeded quota",
        });
        await Assert.ThrowsAsync<Obs.Client.Rest.ApiException>(() => Controller(sets, pods).SyncAsync("ns/web", default));
        // Slow start: the first batch of one failed, so no second batch was tried.
        Assert.Equal(["Warning FailedCreate replicaset-controller Error creating: pods \"web-x\" is forbidden: exceeded quota"], _control.EventLines);
    }
}
