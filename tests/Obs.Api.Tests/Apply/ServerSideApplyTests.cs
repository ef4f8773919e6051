using System.Text.Json.Nodes;
using Obs.Api.Apply;

namespace Obs.Api.Tests.Apply;

public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset T1 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(1);
    private static readonly DateTimeOffset T3 = T1.AddMinutes(2);

    private static JsonObject Manifest(int replicas = 2, string labels = """{"app":"web","tier":"front"}""", string image = "nginx:1.26")
    {
        var manifest = Json.Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":0,"template":{"spec":{"containers":[{"name":"nginx","image":""}]}}}}
            """);
        manifest["metadata"]!["labels"] = Json.Obj(labels);
        manifest["spec"]!["replicas"] = replicas;
        manifest["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        return manifest;
    }

    private static JsonObject Apply(JsonObject? live, JsonObject applied, string manager = "kubectl", bool force = false, DateTimeOffset? now = null) =>
        ServerSideApply.Apply(live, applied, manager, force, DeploymentSchema.Root, now ?? T1);

    [Fact]
    public void ApplyCreatesTheObjectOwnedByTheApplier()
    {
        var created = Apply(null, Manifest());

        Json.Equal("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web","tier":"front"},
              "managedFields":[{"manager":"kubectl","operation":"Apply","apiVersion":"apps/v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1",
                "fieldsV1":{"f:metadata":{"f:labels":{"f:app":{},"f:tier":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}}}}]},
             "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}
            """, created);
    }

    [Fact]
    public void ReapplyingTheSameManifestChangesNothing()
    {
        var created = Apply(null, Manifest(), now: T1);

        var again = Apply(created, Manifest(), now: T2);

        Json.Equal(created.ToJsonString(), again);
    }

    [Fact]
    public void ApplyDoesNotChangeItsInputs()
    {
        var live = Apply(null, Manifest());
        var liveText = live.ToJsonString();
        var manifest = Manifest(replicas: 5, labels: """{"app":"web"}""");
        var manifestText = manifest.ToJsonString();

        Apply(live, manifest, now: T2);

        Assert.Equal(liveText, live.ToJsonString());
        Assert.Equal(manifestText, manifest.ToJsonString());
    }

    [Fact]
    public void LabelDroppedFromTheManifestIsRemoved()
    {
        var live = Apply(null, Manifest());

        var updated = Apply(live, Manifest(labels: """{"app":"web"}"""), now: T2);

        Json.Equal("""{"app":"web"}""", updated["metadata"]!["labels"]);
        Json.Equal("""{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}}}""",
            updated["metadata"]!["managedFields"]![0]!["fieldsV1"]);
        Assert.Equal("2026-01-02T03:05:05Z", (string?)updated["metadata"]!["managedFields"]![0]!["time"]);
    }

    [Fact]
    public void DroppingEveryLabelRemovesTheLabelsMap()
    {
        var live = Apply(null, Manifest());
        var manifest = Manifest();
        manifest["metadata"]!.AsObject().Remove("labels");

        var updated = Apply(live, manifest, now: T2);

        Assert.Null(updated["metadata"]!["labels"]);
    }

    [Fact]
    public void ContainerDroppedFromTheManifestIsRemovedOthersStay()
    {
        var twoContainers = Json.Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx"},{"name":"sidecar","image":"envoy"}]}}}}
            """);
        var live = Apply(null, twoContainers);
        var oneContainer = twoContainers.DeepClone().AsObject();
        oneContainer["spec"]!["template"]!["spec"]!["containers"]!.AsArray().RemoveAt(1);

        var updated = Apply(live, oneContainer, now: T2);

        Json.Equal("""[{"name":"nginx","image":"nginx"}]""", updated["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void FieldSetByAnotherManagersUpdateConflictsWithoutForce()
    {
        var live = ManagedFieldsTracker.RecordUpdate(null, Manifest(replicas: 3), "kubectl-client-side-apply", null, DeploymentSchema.Root, T1);

        var error = Assert.Throws<ApplyConflictException>(() => Apply(live, Manifest(replicas: 5), now: T2));

        Assert.Equal("""Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas""", error.Message);
        Assert.Equal([new ApplyConflict("\"kubectl-client-side-apply\" using apps/v1", ".spec.replicas")], error.Conflicts);
        Assert.Equal("conflict with \"kubectl-client-side-apply\" using apps/v1", error.Conflicts[0].Message);
    }

    [Fact]
    public void SeveralConflictsAreListedPerManager()
    {
        var live = ManagedFieldsTracker.RecordUpdate(null, Manifest(replicas: 3), "kubectl-create", null, DeploymentSchema.Root, T1);
        var edited = Manifest(replicas: 3, image: "nginx:1.25");
        edited["metadata"]!["managedFields"] = live["metadata"]!["managedFields"]!.DeepClone();
        live = ManagedFieldsTracker.RecordUpdate(live, edited, "kubectl-edit", null, DeploymentSchema.Root, T2);

        var error = Assert.Throws<ApplyConflictException>(() => Apply(live, Manifest(replicas: 5, image: "nginx:1.27"), now: T3));

        Assert.Equal("""
            Apply failed with 2 conflicts: conflicts with "kubectl-create" using apps/v1:
            - .spec.replicas
            conflicts with "kubectl-edit" using apps/v1:
            - .spec.template.spec.containers[name="nginx"].image
            """.ReplaceLineEndings("\n"), error.Message);
    }

    [Fact]
    public void ForcedApplyTakesTheFieldFromItsOwner()
    {
        var live = ManagedFieldsTracker.RecordUpdate(null, Manifest(replicas: 3), "kubectl-client-side-apply", null, DeploymentSchema.Root, T1);

        var updated = Apply(live, Manifest(replicas: 5), force: true, now: T2);

        Assert.Equal(5, (int?)updated["spec"]!["replicas"]);
        var entries = ManagedFields.Read(updated);
        Assert.Equal(["kubectl", "kubectl-client-side-apply"], entries.Select(e => e.Manager));
        Assert.True(entries[0].Fields.Has("f:spec", "f:replicas"));
        Assert.False(entries[1].Fields.Has("f:spec", "f:replicas"));
        Assert.True(entries[1].Fields.Has("f:spec", "f:template", "f:spec", "f:containers", """k:{"name":"nginx"}""", "f:image"));
        Assert.Equal("2026-01-02T03:04:05Z", entries[1].Time);
    }

    [Fact]
    public void ApplyingTheValueAnotherManagerSetIsNotAConflictAndSharesTheField()
    {
        var live = ManagedFieldsTracker.RecordUpdate(null, Manifest(replicas: 3), "kubectl-create", null, DeploymentSchema.Root, T1);

        var updated = Apply(live, Manifest(replicas: 3), now: T2);

        var entries = ManagedFields.Read(updated);
        Assert.All(entries, e => Assert.True(e.Fields.Has("f:spec", "f:replicas")));
        Assert.Equal(2, entries.Count);
    }

    [Fact]
    public void FieldSharedByTwoAppliersStaysUntilBothDropIt()
    {
        var live = Apply(null, Manifest(), manager: "alice", now: T1);
        live = Apply(live, Manifest(), manager: "bob", now: T2);

        var aliceDropped = Apply(live, Manifest(labels: """{"app":"web"}"""), manager: "alice", now: T3);
        Json.Equal("""{"app":"web","tier":"front"}""", aliceDropped["metadata"]!["labels"]);

        var bothDropped = Apply(aliceDropped, Manifest(labels: """{"app":"web"}"""), manager: "bob", now: T3);
        Json.Equal("""{"app":"web"}""", bothDropped["metadata"]!["labels"]);
    }

    [Fact]
    public void FieldAlsoSetByAnUpdaterStaysWhenTheApplierDropsIt()
    {
        var live = ManagedFieldsTracker.RecordUpdate(null, Manifest(), "kubectl-create", null, DeploymentSchema.Root, T1);
        live = Apply(live, Manifest(), now: T2);

        var updated = Apply(live, Manifest(labels: """{"app":"web"}"""), now: T3);

        Json.Equal("""{"app":"web","tier":"front"}""", updated["metadata"]!["labels"]);
    }

    [Fact]
    public void ApplyKeepsContainersAndFieldsItDoesNotMention()
    {
        var live = Apply(null, Manifest());
        var withSidecar = live.DeepClone().AsObject();
        withSidecar["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Insert(0, Json.Obj("""{"name":"sidecar","image":"envoy"}"""));
        withSidecar["spec"]!["paused"] = true;
        live = ManagedFieldsTracker.RecordUpdate(live, withSidecar, "kubectl-edit", null, DeploymentSchema.Root, T2);

        var updated = Apply(live, Manifest(image: "nginx:1.27"), now: T3);

        Json.Equal("""[{"name":"sidecar","image":"envoy"},{"name":"nginx","image":"nginx:1.27"}]""", updated["spec"]!["template"]!["spec"]!["containers"]);
        Assert.Equal(true, (bool?)updated["spec"]!["paused"]);
    }

    [Fact]
    public void MapListsMergeByKeysSetsUniteAndAtomicListsAreReplaced()
    {
        var live = Json.Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","finalizers":["a/x"]},
             "spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx","args":["-a","-b"],
               "ports":[{"containerPort":80,"protocol":"TCP","name":"http"}],"env":[{"name":"A","value":"1"}]}]}}}}
            """);
        live = ManagedFieldsTracker.RecordUpdate(null, live, "kubectl-create", null, DeploymentSchema.Root, T1);

        var updated = Apply(live, Json.Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","finalizers":["b/y"]},
             "spec":{"template":{"spec":{"containers":[{"name":"nginx","args":["-c"],
               "ports":[{"containerPort":80},{"containerPort":443}],"env":[{"name":"B","value":"2"}]}]}}}}
            """), force: true, now: T2);

        Json.Equal("""["a/x","b/y"]""", updated["metadata"]!["finalizers"]);
        Json.Equal("""
            [{"name":"nginx","image":"nginx","args":["-c"],
              "ports":[{"containerPort":80,"protocol":"TCP","name":"http"},{"containerPort":443}],
              "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]
            """, updated["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void ApplyToTheMainResourceIgnoresStatus()
    {
        var live = Apply(null, Manifest());
        live["status"] = Json.Obj("""{"replicas":2}""");
        var manifest = Manifest();
        manifest["status"] = Json.Obj("""{"replicas":9}""");

        var updated = Apply(live, manifest, now: T2);

        Json.Equal("""{"replicas":2}""", updated["status"]);
        Assert.Null(updated["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:status"]);
    }

    [Fact]
    public void ApplyToTheStatusSubresourceOwnsOnlyStatus()
    {
        var live = Apply(null, Manifest());
        var status = Json.Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":7},"status":{"replicas":2}}""");

        var updated = ServerSideApply.Apply(live, status, "controller", false, DeploymentSchema.Root, T2, subresource: "status");

        Assert.Equal(2, (int?)updated["spec"]!["replicas"]);
        Json.Equal("""{"replicas":2}""", updated["status"]);
        var entry = ManagedFields.Read(updated).Single(e => e.Manager == "controller");
        Assert.Equal("status", entry.Subresource);
        Json.Equal("""{"f:status":{"f:replicas":{}}}""", entry.Fields.ToFieldsV1());
    }

    [Fact]
    public void ManagedFieldsInTheAppliedConfigurationAreRejected()
    {
        var manifest = Manifest();
        manifest["metadata"]!["managedFields"] = new JsonArray();

        var error = Assert.Throws<InvalidApplyException>(() => Apply(null, manifest));

        Assert.Equal("metadata.managedFields must be nil", error.Message);
    }

    [Fact]
    public void ObjectWithoutManagedFieldsIsOwnedBeforeTheFirstApply()
    {
        var untracked = Manifest(replicas: 3);

        var error = Assert.Throws<ApplyConflictException>(() => Apply(untracked, Manifest(replicas: 4)));

        Assert.Equal("""Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas""", error.Message);
    }

    [Fact]
    public void KubectlTakesOverFieldsFromClientSideApplyWithoutForce()
    {
        var clientSide = Manifest(replicas: 3);
        clientSide["metadata"]!["annotations"] = new JsonObject { [ServerSideApply.LastAppliedAnnotation] = Manifest(replicas: 3).ToJsonString() };
        var live = ManagedFieldsTracker.RecordUpdate(null, clientSide, "kubectl-client-side-apply", null, DeploymentSchema.Root, T1);

        var updated = Apply(live, Manifest(replicas: 4), now: T2);

        Assert.Equal(4, (int?)updated["spec"]!["replicas"]);
        var lastApplied = JsonNode.Parse((string)updated["metadata"]!["annotations"]![ServerSideApply.LastAppliedAnnotation]!);
        Assert.Equal(4, (int?)lastApplied!["spec"]!["replicas"]);
    }

    [Fact]
    public void OtherManagersStillConflictWithClientSideApply()
    {
        var clientSide = Manifest(replicas: 3);
        clientSide["metadata"]!["annotations"] = new JsonObject { [ServerSideApply.LastAppliedAnnotation] = Manifest(replicas: 3).ToJsonString() };
        var live = ManagedFieldsTracker.RecordUpdate(null, clientSide, "kubectl-client-side-apply", null, DeploymentSchema.Root, T1);

        Assert.Throws<ApplyConflictException>(() => Apply(live, Manifest(replicas: 4), manager: "helm", now: T2));
    }

    [Fact]
    public void AppliedSystemMetadataDoesNotOverwriteTheStoredValues()
    {
        var live = Apply(null, Manifest());
        live["metadata"]!["uid"] = "u1";
        live["metadata"]!["creationTimestamp"] = "2026-01-02T03:04:05Z";
        var manifest = Manifest();
        manifest["metadata"]!["creationTimestamp"] = null;
        manifest["metadata"]!["uid"] = "other";

        var updated = Apply(live, manifest, now: T2);

        Json.Equal(live.ToJsonString(), updated);
    }
}
