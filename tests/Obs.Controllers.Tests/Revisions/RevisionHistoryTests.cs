using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Revisions;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Revisions;

public sealed class RevisionHistoryTests
{
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Owner(string image) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "apps/v1", "kind": "StatefulSet",
          "metadata": {"name": "web", "namespace": "ns", "uid": "set-uid", "annotations": {"kubernetes.io/change-cause": "why"} },
          "spec": {"selector": {"matchLabels": {"app": "web"} },
                   "template": {"metadata": {"labels": {"app": "web"} }, "spec": {"containers": [{"name": "c", "image": "{{image}}"}]} } }
        }
        """)!;

    private RevisionHistory History(params JsonObject[] revisions) =>
        new(ResourceTypes.StatefulSet, RevisionData.HashLabel, Stores.New(revisions).Lister, _control);

    private JsonObject Stored(string image, long number)
    {
        var revision = History().New(Owner(image), "h" + number, number);
        revision["metadata"]!["uid"] = "r" + number;
        revision["metadata"]!["resourceVersion"] = "1";
        return revision;
    }

    [Fact]
    public void DataIsTheTemplateReplacePatchWithSortedKeys()
    {
        Assert.Equal("""{"spec":{"template":{"$patch":"replace","metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1","name":"c"}]}}}}""",
            RevisionData.Patch(Owner("nginx:1")).ToJsonString());
    }

    [Fact]
    public async Task ANewTemplateGetsTheNextNumberTheOwnersLabelsAndAnnotations()
    {
        var owner = Owner("nginx:2");
        var (update, revisions, collisions) = await History().SyncUpdateRevisionAsync(owner, [Stored("nginx:1", 1)], default);
        var created = Assert.Single(_control.Of("create", ResourceTypes.ControllerRevision));
        Assert.Equal(2, created.LongAt("revision"));
        var hash = RevisionData.Hash(owner, null);
        Assert.Equal("web-" + hash, ObjectMeta.Name(created));
        Assert.Equal(hash, ObjectMeta.Label(created, RevisionData.HashLabel));
        Assert.Equal("web", ObjectMeta.Label(created, "app"));
        Assert.Equal("why", created.StringAt("metadata", "annotations", "kubernetes.io/change-cause"));
        Assert.Equal("set-uid", created.At("metadata", "ownerReferences")![0].StringAt("uid"));
        Assert.Equal(ObjectMeta.Name(created), ObjectMeta.Name(update));
        Assert.Equal(2, revisions.Count);
        Assert.Equal(0, collisions);
    }

    [Fact]
    public async Task ATemplateSeenBeforeIsRenumberedNotRecreated()
    {
        var (update, _, _) = await History().SyncUpdateRevisionAsync(Owner("nginx:1"), [Stored("nginx:1", 1), Stored("nginx:2", 2)], default);
        Assert.Empty(_control.Of("create", ResourceTypes.ControllerRevision));
        var patch = Assert.Single(_control.Of("patch", ResourceTypes.ControllerRevision));
        Assert.Equal("web-h1", ObjectMeta.Name(patch));
        Assert.Equal(3, patch.LongAt("revision"));
        Assert.Equal("r1", patch.StringAt("metadata", "uid"));
        Assert.Equal("web-h1", ObjectMeta.Name(update));
    }

    [Fact]
    public async Task TheLatestRevisionOfTheSameTemplateIsKeptAsIs()
    {
        // Defaults the apiserver added and empty fields kubectl undo sends do not make a template new.
        var stored = Stored("nginx:1", 1);
        stored["data"]!["spec"]!["template"]!["metadata"]!["creationTimestamp"] = null;
        stored["data"]!["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"] = new JsonObject();
        var (update, _, _) = await History().SyncUpdateRevisionAsync(Owner("nginx:1"), [stored], default);
        Assert.Empty(_control.Actions);
        Assert.Same(stored, update);
    }

    [Fact]
    public async Task ANameTakenByAnotherTemplateIsACollision()
    {
        var owner = Owner("nginx:2");
        var squatter = Stored("nginx:9", 7);
        squatter["metadata"]!["name"] = "web-" + RevisionData.Hash(owner, null);
        var control = new CollidingControl(ObjectMeta.Name(squatter)!);
        var history = new RevisionHistory(ResourceTypes.StatefulSet, RevisionData.HashLabel, Stores.New(squatter).Lister, control);
        var (update, _, collisions) = await history.SyncUpdateRevisionAsync(owner, [Stored("nginx:1", 1)], default);
        Assert.Equal(1, collisions);
        Assert.Equal("web-" + RevisionData.Hash(owner, 1), ObjectMeta.Name(update));
    }

    [Fact]
    public async Task TruncateDeletesTheOldestDeadRevisionsBeyondTheLimit()
    {
        var revisions = new[] { Stored("a", 1), Stored("b", 2), Stored("c", 3), Stored("d", 4) };
        await History().TruncateAsync(revisions, r => r.LongAt("revision") == 1 || r.LongAt("revision") == 4, 1, default);
        Assert.Equal(["web-h2"], _control.Of("delete", ResourceTypes.ControllerRevision).Select(r => ObjectMeta.Name(r)));
    }

    /// <summary>Answers AlreadyExists for one name, as the apiserver does when another object holds it.</summary>
    private sealed class CollidingControl(string taken) : Obs.Controllers.Hosting.IObjectControl
    {
        private readonly RecordingObjectControl _inner = new();

        public Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) =>
            ObjectMeta.Name(obj) == taken
                ? throw new Obs.Client.Rest.ApiException(new JsonObject { ["reason"] = "AlreadyExists", ["code"] = 409, ["message"] = "exists" })
                : _inner.CreateAsync(type, obj, cancellationToken);

        public Task<JsonObject?> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken) => _inner.GetAsync(type, @namespace, name, cancellationToken);
        public Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) => _inner.UpdateAsync(type, obj, cancellationToken);
        public Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) => _inner.UpdateStatusAsync(type, obj, cancellationToken);
        public Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, JsonObject mergePatch, CancellationToken cancellationToken) =>
            _inner.PatchAsync(type, @namespace, name, mergePatch, cancellationToken);
        public Task DeleteAsync(ResourceType type, string? @namespace, string name, string? uid, string? propagationPolicy, CancellationToken cancellationToken) =>
            _inner.DeleteAsync(type, @namespace, name, uid, propagationPolicy, cancellationToken);
        public void RecordEvent(string component, Obs.Client.Events.InvolvedObject about, string type, string reason, string message) =>
            _inner.RecordEvent(component, about, type, reason, message);
    }
}
