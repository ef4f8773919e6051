using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Controllers.GarbageCollection;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.GarbageCollection;

/// <summary>Sync tests of the garbage collector over filled stores; the "live" apiserver knows only what the test says.</summary>
public sealed class GarbageCollectorTests
{
    private readonly RecordingObjectControl _control = new();
    private readonly IndexedStore _pods;
    private readonly IndexedStore _sets;
    private readonly GarbageCollector _collector;

    public GarbageCollectorTests()
    {
        (_pods, var pods) = Stores.New();
        (_sets, var sets) = Stores.New();
        _collector = new GarbageCollector(new Dictionary<ResourceType, Lister> { [ResourceTypes.Pod] = pods, [ResourceTypes.ReplicaSet] = sets },
            _control, (_, _, _, _) => Task.FromResult<JsonObject?>(null), NullLogger.Instance);
    }

    private Task SyncPodAsync(string name) => _collector.SyncAsync($"pods|ns|{name}", default);

    private Task SyncReplicaSetAsync() => _collector.SyncAsync("replicasets.apps|ns|web", default);

    private static JsonObject Deleting(JsonObject obj, params string[] finalizers)
    {
        obj["metadata"]!["deletionTimestamp"] = Stores.At(5);
        obj["metadata"]!["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)f)]);
        return obj;
    }

    [Fact]
    public async Task ADependentOfAMissingOwnerIsDeletedInTheBackground()
    {
        _pods.Upsert(Stores.Pod("a", "rs-uid"));
        await SyncPodAsync("a");
        var delete = Assert.Single(_control.Of("delete", ResourceTypes.Pod));
        Assert.Equal("a-uid", ObjectMeta.Uid(delete));
        Assert.Equal("Background", delete.StringAt("propagationPolicy"));
    }

    [Fact]
    public async Task ADependentOfALiveOwnerStays()
    {
        _sets.Upsert(Stores.ReplicaSet("web", 1));
        _pods.Upsert(Stores.Pod("a", "rs-uid"));
        await SyncPodAsync("a");
        Assert.Empty(_control.Actions);
    }

    [Fact]
    public async Task ADependentWithAnotherLiveOwnerLosesOnlyTheMissingReference()
    {
        _sets.Upsert(Stores.ReplicaSet("web", 1));
        var pod = Stores.Pod("a", "rs-uid");
        pod["metadata"]!["ownerReferences"]!.AsArray().Add(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "gone", ["uid"] = "gone-uid" });
        _pods.Upsert(pod);
        await SyncPodAsync("a");
        var patch = Assert.Single(_control.Of("patch", ResourceTypes.Pod));
        Assert.Equal("rs-uid", Assert.Single(patch["metadata"]!["ownerReferences"]!.AsArray()).StringAt("uid"));
        Assert.Empty(_control.Of("delete", ResourceTypes.Pod));
    }

    [Fact]
    public async Task OrphanRemovesTheReferencesThenTheFinalizer()
    {
        _sets.Upsert(Deleting(Stores.ReplicaSet("web", 1), "orphan"));
        _pods.Upsert(Stores.Pod("a", "rs-uid"));
        _pods.Upsert(Stores.Pod("b", "rs-uid"));
        await SyncReplicaSetAsync();
        var patches = _control.Of("patch", ResourceTypes.Pod).ToList();
        Assert.Equal(2, patches.Count);
        Assert.All(patches, p => Assert.Null(p["metadata"]!["ownerReferences"]));
        var release = Assert.Single(_control.Of("patch", ResourceTypes.ReplicaSet));
        Assert.Null(release["metadata"]!["finalizers"]);
        Assert.Equal("patch", _control.Actions[^1].Verb);
        Assert.Equal(ResourceTypes.ReplicaSet, _control.Actions[^1].Type);
    }

    [Fact]
    public async Task ForegroundWaitsForBlockingDependentsWhichAreDeleted()
    {
        _sets.Upsert(Deleting(Stores.ReplicaSet("web", 1), "foregroundDeletion"));
        _pods.Upsert(Stores.Pod("a", "rs-uid"));
        await SyncReplicaSetAsync();
        Assert.Empty(_control.Actions);
        Assert.Equal(1, _collector.Queue.Count);

        await SyncPodAsync("a");
        Assert.Equal("Background", Assert.Single(_control.Of("delete", ResourceTypes.Pod)).StringAt("propagationPolicy"));

        _pods.Remove("ns/a");
        await SyncReplicaSetAsync();
        Assert.Null(Assert.Single(_control.Of("patch", ResourceTypes.ReplicaSet))["metadata"]!["finalizers"]);
    }

    [Fact]
    public async Task ANonBlockingDependentDoesNotHoldAForegroundOwner()
    {
        _sets.Upsert(Deleting(Stores.ReplicaSet("web", 1), "foregroundDeletion"));
        var pod = Stores.Pod("a", "rs-uid");
        pod["metadata"]!["ownerReferences"]![0]!["blockOwnerDeletion"] = false;
        _pods.Upsert(pod);
        await SyncReplicaSetAsync();
        Assert.Single(_control.Of("patch", ResourceTypes.ReplicaSet));
    }

    [Fact]
    public async Task AnOwnerOfAnUnservedKindIsLeftAlone()
    {
        var pod = Stores.Pod("a", null);
        pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["name"] = "w", ["uid"] = "w-uid" });
        _pods.Upsert(pod);
        await SyncPodAsync("a");
        Assert.Empty(_control.Actions);
    }

    [Fact]
    public async Task AnOwnerInAnotherNamespaceDoesNotHoldTheDependentAndAWarningSaysWhy()
    {
        var elsewhere = Stores.ReplicaSet("web", 1);
        elsewhere["metadata"]!["namespace"] = "other";
        _sets.Upsert(elsewhere);
        _pods.Upsert(Stores.Pod("a", "rs-uid"));
        await SyncPodAsync("a");
        Assert.Equal("a", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Pod))));
        Assert.Equal(
            ["Warning OwnerRefInvalidNamespace garbage-collector-controller ownerRef [apps/v1/ReplicaSet, namespace: ns, name: web, uid: rs-uid] does not resolve to a parent with the same namespace as the dependent"],
            _control.EventLines);
        Assert.Equal(("Pod", "ns", "a"), (_control.Events[0].About.Kind, _control.Events[0].About.Namespace, _control.Events[0].About.Name));
    }

    [Fact]
    public async Task AnOwnerThatIsSimplyGoneIsNoWarning()
    {
        _pods.Upsert(Stores.Pod("a", "rs-uid"));
        await SyncPodAsync("a");
        Assert.Single(_control.Of("delete", ResourceTypes.Pod));
        Assert.Empty(_control.Events);
    }
}
