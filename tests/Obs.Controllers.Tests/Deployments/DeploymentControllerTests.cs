using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Defaults;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Deployments;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Deployments;

/// <summary>Sync tests of the deployment controller: stores filled by hand, writes recorded.</summary>
public sealed class DeploymentControllerTests
{
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Template(string image) => (JsonObject)JsonNode.Parse($$"""
        {"metadata": {"labels": {"app": "web"} }, "spec": {"containers": [{"name": "c", "image": "{{image}}"}]} }
        """)!;

    private static JsonObject Deployment(int replicas, string image, string strategy = """{"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}""")
    {
        var d = (JsonObject)JsonNode.Parse($$"""
            {
              "apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "web", "namespace": "ns", "uid": "d-uid", "generation": 2, "resourceVersion": "7",
                           "annotations": {"kubernetes.io/change-cause": "because"} },
              "spec": {"replicas": {{replicas}}, "selector": {"matchLabels": {"app": "web"} }, "strategy": {{strategy}},
                       "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600},
              "status": {"observedGeneration": 1}
            }
            """)!;
        d["spec"]!["template"] = Template(image);
        return d;
    }

    private static JsonObject ReplicaSet(string image, int replicas, int available, long revision, int ageSeconds, long desired, long max)
    {
        var template = Template(image);
        var hash = PodTemplateHash.Compute(template);
        template["metadata"]!["labels"]![PodTemplateHash.LabelKey] = hash;
        var rs = (JsonObject)JsonNode.Parse($$"""
            {
              "apiVersion": "apps/v1", "kind": "ReplicaSet",
              "metadata": {"name": "web-{{hash}}", "namespace": "ns", "uid": "uid-{{image}}", "resourceVersion": "4",
                           "creationTimestamp": "{{Stores.At(ageSeconds)}}", "labels": {"app": "web", "pod-template-hash": "{{hash}}"},
                           "annotations": {"deployment.kubernetes.io/revision": "{{revision}}", "kubernetes.io/change-cause": "because",
                                           "deployment.kubernetes.io/desired-replicas": "{{desired}}", "deployment.kubernetes.io/max-replicas": "{{max}}"},
                           "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "d-uid", "controller": true, "blockOwnerDeletion": true}]},
              "spec": {"replicas": {{replicas}}, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "{{hash}}"} } },
              "status": {"replicas": {{replicas}}, "readyReplicas": {{available}}, "availableReplicas": {{available}} }
            }
            """)!;
        rs["spec"]!["template"] = template;
        return rs;
    }

    private async Task SyncAsync(JsonObject d, params JsonObject[] sets)
    {
        var (_, deployments) = Stores.New(d);
        var (_, replicaSets) = Stores.New(sets);
        var (_, pods) = Stores.New();
        _control.Seed(ResourceTypes.Deployment, d);
        await new DeploymentController(deployments, replicaSets, pods, _control, NullLogger.Instance, new ManualTime()).SyncAsync("ns/web", default);
    }

    private Dictionary<string, long> Scaled() =>
        _control.Of("update", ResourceTypes.ReplicaSet).GroupBy(rs => ObjectMeta.Name(rs)!).ToDictionary(g => g.Key, g => g.Last().LongAt("spec", "replicas")!.Value);

    [Fact]
    public async Task ANewDeploymentGetsAReplicaSetNamedByItsTemplateHash()
    {
        var d = Deployment(3, "nginx:1");
        await SyncAsync(d);
        var rs = Assert.Single(_control.Of("create", ResourceTypes.ReplicaSet));
        var hash = PodTemplateHash.Compute(Template("nginx:1"));
        Assert.Equal("web-" + hash, ObjectMeta.Name(rs));
        Assert.Equal(hash, rs.StringAt("spec", "selector", "matchLabels", "pod-template-hash"));
        Assert.Equal(hash, rs.StringAt("spec", "template", "metadata", "labels", "pod-template-hash"));
        Assert.Equal(3, rs.LongAt("spec", "replicas"));
        Assert.Equal("1", rs.StringAt("metadata", "annotations", "deployment.kubernetes.io/revision"));
        Assert.Equal("3", rs.StringAt("metadata", "annotations", "deployment.kubernetes.io/desired-replicas"));
        Assert.Equal("4", rs.StringAt("metadata", "annotations", "deployment.kubernetes.io/max-replicas"));
        Assert.Equal("because", rs.StringAt("metadata", "annotations", "kubernetes.io/change-cause"));
        Assert.Equal("d-uid", rs["metadata"]!["ownerReferences"]![0].StringAt("uid"));
        var patch = Assert.Single(_control.Of("patch", ResourceTypes.Deployment));
        Assert.Equal("1", patch.StringAt("metadata", "annotations", "deployment.kubernetes.io/revision"));
    }

    [Fact]
    public async Task ANewDeploymentRecordsScalingItsReplicaSetUpFromZero()
    {
        await SyncAsync(Deployment(3, "nginx:1"));
        var hash = PodTemplateHash.Compute(Template("nginx:1"));
        Assert.Equal([$"Normal ScalingReplicaSet deployment-controller Scaled up replica set web-{hash} from 0 to 3"], _control.EventLines);
        var about = _control.Events[0].About;
        Assert.Equal(("apps/v1", "Deployment", "ns", "web", "d-uid"), (about.ApiVersion, about.Kind, about.Namespace, about.Name, about.Uid));
    }

    [Fact]
    public async Task EachStepOfARollingUpdateIsRecordedOnTheDeployment()
    {
        var oldName = "web-" + PodTemplateHash.Compute(Template("nginx:1"));
        var newName = "web-" + PodTemplateHash.Compute(Template("nginx:2"));
        await SyncAsync(Deployment(3, "nginx:2"), ReplicaSet("nginx:1", 3, 3, 1, 100, 3, 4));
        await SyncAsync(Deployment(3, "nginx:2"), ReplicaSet("nginx:1", 3, 3, 1, 100, 3, 4), ReplicaSet("nginx:2", 1, 1, 2, 10, 3, 4));
        Assert.Equal(
        [
            $"Normal ScalingReplicaSet deployment-controller Scaled up replica set {newName} from 0 to 1",
            $"Normal ScalingReplicaSet deployment-controller Scaled down replica set {oldName} from 3 to 2",
        ], _control.EventLines);
    }

    [Fact]
    public async Task ATemplateChangeSurgesOneNewPod()
    {
        await SyncAsync(Deployment(3, "nginx:2"), ReplicaSet("nginx:1", 3, 3, 1, 100, 3, 4));
        var rs = Assert.Single(_control.Of("create", ResourceTypes.ReplicaSet));
        Assert.Equal(1, rs.LongAt("spec", "replicas"));
        Assert.Equal("2", rs.StringAt("metadata", "annotations", "deployment.kubernetes.io/revision"));
        Assert.Empty(Scaled());
    }

    [Fact]
    public async Task OldReplicaSetShrinksOnlyAsNewPodsBecomeAvailable()
    {
        await SyncAsync(Deployment(3, "nginx:2"), ReplicaSet("nginx:1", 3, 3, 1, 100, 3, 4), ReplicaSet("nginx:2", 1, 0, 2, 10, 3, 4));
        Assert.Empty(Scaled());
        _control.Actions.Clear();
        await SyncAsync(Deployment(3, "nginx:2"), ReplicaSet("nginx:1", 3, 3, 1, 100, 3, 4), ReplicaSet("nginx:2", 1, 1, 2, 10, 3, 4));
        var oldName = "web-" + PodTemplateHash.Compute(Template("nginx:1"));
        Assert.Equal(new Dictionary<string, long> { [oldName] = 2 }, Scaled());
    }

    [Fact]
    public async Task ScalingMidRolloutIsProportional()
    {
        var d = Deployment(15, "nginx:2", """{"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}""");
        await SyncAsync(d, ReplicaSet("nginx:1", 8, 8, 1, 100, 10, 13), ReplicaSet("nginx:2", 5, 0, 2, 10, 10, 13));
        var oldName = "web-" + PodTemplateHash.Compute(Template("nginx:1"));
        var newName = "web-" + PodTemplateHash.Compute(Template("nginx:2"));
        Assert.Equal(new Dictionary<string, long> { [oldName] = 11, [newName] = 7 }, Scaled());
        Assert.All(_control.Of("update", ResourceTypes.ReplicaSet), rs =>
        {
            Assert.Equal("15", rs.StringAt("metadata", "annotations", "deployment.kubernetes.io/desired-replicas"));
            Assert.Equal("18", rs.StringAt("metadata", "annotations", "deployment.kubernetes.io/max-replicas"));
        });
    }

    [Fact]
    public async Task UndoReusesTheOldReplicaSetUnderANewRevision()
    {
        // kubectl rollout undo copies the old ReplicaSet's template (hash label and all) back into the Deployment.
        var old = ReplicaSet("nginx:1", 0, 0, 1, 100, 3, 4);
        var d = Deployment(3, "nginx:1");
        d["spec"]!["template"] = old.At("spec", "template")!.DeepClone();
        await SyncAsync(d, old, ReplicaSet("nginx:2", 3, 3, 2, 10, 3, 4));
        Assert.Empty(_control.Of("create", ResourceTypes.ReplicaSet));
        var revised = _control.Of("update", ResourceTypes.ReplicaSet).First(rs => ObjectMeta.Uid(rs) == "uid-nginx:1");
        Assert.Equal("3", revised.StringAt("metadata", "annotations", "deployment.kubernetes.io/revision"));
        Assert.Equal("1", revised.StringAt("metadata", "annotations", "deployment.kubernetes.io/revision-history"));
        Assert.Equal(1, Scaled()[ObjectMeta.Name(old)!]);
    }

    [Fact]
    public async Task RecreateScalesTheOldReplicaSetToZeroBeforeCreatingTheNewOne()
    {
        await SyncAsync(Deployment(3, "nginx:2", """{"type": "Recreate"}"""), ReplicaSet("nginx:1", 3, 3, 1, 100, 3, 3));
        Assert.Equal(0, Assert.Single(Scaled()).Value);
        Assert.Empty(_control.Of("create", ResourceTypes.ReplicaSet));
    }

    [Fact]
    public async Task ACompleteRolloutCleansUpHistoryAndReportsAvailable()
    {
        var d = Deployment(3, "nginx:4");
        d["spec"]!["revisionHistoryLimit"] = 1;
        await SyncAsync(d, ReplicaSet("nginx:1", 0, 0, 1, 400, 3, 4), ReplicaSet("nginx:2", 0, 0, 2, 300, 3, 4),
            ReplicaSet("nginx:3", 0, 0, 3, 200, 3, 4), ReplicaSet("nginx:4", 3, 3, 4, 100, 3, 4));
        Assert.Equal(["uid-nginx:1", "uid-nginx:2"], _control.Of("delete", ResourceTypes.ReplicaSet).Select(ObjectMeta.Uid).Order());
        var status = _control.Of("status", ResourceTypes.Deployment).Last()["status"]!;
        Assert.Equal(3, status.LongAt("updatedReplicas"));
        Assert.Equal(3, status.LongAt("availableReplicas"));
        Assert.Equal(2, status.LongAt("observedGeneration"));
        Assert.Null(status.LongAt("unavailableReplicas"));
        var conditions = status["conditions"]!.AsArray();
        Assert.Equal("MinimumReplicasAvailable", conditions.Single(c => c.StringAt("type") == "Available").StringAt("reason"));
        Assert.Equal("NewReplicaSetAvailable", conditions.Single(c => c.StringAt("type") == "Progressing").StringAt("reason"));
    }

    [Fact]
    public async Task AStalledRolloutPastItsDeadlineReportsProgressDeadlineExceeded()
    {
        var d = Deployment(3, "nginx:2");
        d["spec"]!["progressDeadlineSeconds"] = 60;
        d["status"] = JsonNode.Parse($$"""
            {"observedGeneration": 2, "replicas": 4, "updatedReplicas": 1, "availableReplicas": 3, "readyReplicas": 3, "unavailableReplicas": 1,
             "conditions": [{"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated", "message": "x",
                             "lastUpdateTime": "{{Stores.At(120)}}", "lastTransitionTime": "{{Stores.At(120)}}"}]}
            """);
        await SyncAsync(d, ReplicaSet("nginx:1", 3, 3, 1, 300, 3, 4), ReplicaSet("nginx:2", 1, 0, 2, 120, 3, 4));
        var progressing = _control.Of("status", ResourceTypes.Deployment).Last()["status"]!["conditions"]!.AsArray().Single(c => c.StringAt("type") == "Progressing");
        Assert.Equal("False", progressing.StringAt("status"));
        Assert.Equal("ProgressDeadlineExceeded", progressing.StringAt("reason"));
    }

    [Fact]
    public async Task APausedDeploymentDoesNotRoll()
    {
        var d = Deployment(3, "nginx:2");
        d["spec"]!["paused"] = true;
        await SyncAsync(d, ReplicaSet("nginx:1", 3, 3, 1, 100, 3, 4));
        Assert.Empty(_control.Of("create", ResourceTypes.ReplicaSet));
        Assert.Empty(Scaled());
        var progressing = _control.Of("status", ResourceTypes.Deployment).First()["status"]!["conditions"]!.AsArray().Single(c => c.StringAt("type") == "Progressing");
        Assert.Equal("DeploymentPaused", progressing.StringAt("reason"));
    }

    /// <summary>Three revisions, nginx:1 to nginx:3, the last one running; revision 2 says why it was made.</summary>
    private static JsonObject[] History()
    {
        JsonObject[] sets = [ReplicaSet("nginx:1", 0, 0, 1, 90, 2, 3), ReplicaSet("nginx:2", 0, 0, 2, 80, 2, 3), ReplicaSet("nginx:3", 2, 2, 3, 70, 2, 3)];
        sets[1]["metadata"]!["annotations"]!["kubernetes.io/change-cause"] = "v2";
        return sets;
    }

    private static JsonObject RollbackRequest(string revision)
    {
        var d = Deployment(2, "nginx:3");
        d["metadata"]!["annotations"]!["deprecated.deployment.rollback.to"] = revision;
        return d;
    }

    private JsonObject LastDeploymentUpdate() => _control.Of("update", ResourceTypes.Deployment).Last();

    private static string? Image(JsonObject d) => ((JsonArray)d.At("spec", "template", "spec", "containers")!)[0].StringAt("image");

    [Fact]
    public async Task ARollbackRequestBringsThePreviousRevisionBackAndSaysSo()
    {
        await SyncAsync(RollbackRequest("0"), History());
        var updated = LastDeploymentUpdate();
        Assert.Equal("nginx:2", Image(updated));
        Assert.Null(updated.At("spec", "template", "metadata", "labels", PodTemplateHash.LabelKey));
        Assert.Null(updated.StringAt("metadata", "annotations", "deprecated.deployment.rollback.to"));
        Assert.Equal("v2", updated.StringAt("metadata", "annotations", "kubernetes.io/change-cause"));
        Assert.Equal(["Normal DeploymentRollback deployment-controller Rolled back deployment \"web\" to revision 2"], _control.EventLines);
        // Nothing else moves in the sync that rolls back.
        Assert.Empty(_control.Of("create", ResourceTypes.ReplicaSet));
        Assert.DoesNotContain(_control.Of("update", ResourceTypes.ReplicaSet), rs => rs.LongAt("spec", "replicas") != 2);
    }

    [Fact]
    public async Task ARollbackRequestCanNameItsRevision()
    {
        await SyncAsync(RollbackRequest("1"), History());
        Assert.Equal("nginx:1", Image(LastDeploymentUpdate()));
        Assert.Equal(["Normal DeploymentRollback deployment-controller Rolled back deployment \"web\" to revision 1"], _control.EventLines);
    }

    [Fact]
    public async Task AnUnknownRevisionOrTheSameTemplateIsAWarningAndTheRequestIsDropped()
    {
        await SyncAsync(RollbackRequest("9"), History());
        Assert.Null(LastDeploymentUpdate().StringAt("metadata", "annotations", "deprecated.deployment.rollback.to"));
        Assert.Equal("nginx:3", Image(LastDeploymentUpdate()));
        Assert.Equal(["Warning DeploymentRollbackRevisionNotFound deployment-controller Unable to find the revision to rollback to."], _control.EventLines);

        _control.Events.Clear();
        await SyncAsync(RollbackRequest("3"), History());
        Assert.Equal(["Warning DeploymentRollbackTemplateUnchanged deployment-controller The rollback revision contains the same template as current deployment \"web\""], _control.EventLines);

        _control.Events.Clear();
        await SyncAsync(RollbackRequest("0"), History()[2]);
        Assert.Equal(["Warning DeploymentRollbackRevisionNotFound deployment-controller Unable to find last revision."], _control.EventLines);
    }
}
